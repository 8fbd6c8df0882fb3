using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc;

/// <summary>
/// <c>recsys.v1.Ingest</c> (role recsys.ingest): a client stream is one batch, read whole (at most
/// <see cref="RequestLimits.MaxIngestBatch"/> entries) and then handed to the ingest path the HTTP API takes.
/// </summary>
[Authorize(Policy = Roles.Ingest)]
[RouteGroup(RouteGroups.Ingest)]
internal sealed class IngestService(IngestCalls calls) : V1.Ingest.IngestBase
{
    public override Task<V1.IngestResponse> IngestEvents(IAsyncStreamReader<V1.Event> requestStream, ServerCallContext context) =>
        IngestAsync(Topics.Interactions, requestStream, IngestJson.Event, context);

    public override Task<V1.IngestResponse> IngestItems(IAsyncStreamReader<V1.ItemUpsert> requestStream, ServerCallContext context) =>
        IngestAsync(Topics.Items, requestStream, IngestJson.Item, context);

    private async Task<V1.IngestResponse> IngestAsync<T>(string topic, IAsyncStreamReader<T> stream, Func<T, IngestEntry> toEntry,
        ServerCallContext context)
    {
        var entries = new List<IngestEntry>();
        while (await stream.MoveNext(context.CancellationToken))
        {
            if (entries.Count == RequestLimits.MaxIngestBatch)
            {
                // Refused before the rest is read: a stream is one batch, and a batch has a bound.
                throw RpcStatuses.ToException(new ServingFailure(ServingFailureKind.InvalidArgument,
                    $"a batch holds 1..{RequestLimits.MaxIngestBatch} entries; send the rest in another call"));
            }

            entries.Add(toEntry(stream.Current));
        }

        var (response, intake) = RpcStatuses.AnswerOrThrow(await calls.IngestAsync(topic, entries, context.CancellationToken));
        if (!intake.Published)
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"some entries were not accepted: {intake.FailureReason}; send the batch again (event ids are de-duplicated, upserts are idempotent)"));
        }

        return RpcMapping.ToMessage(response);
    }
}
