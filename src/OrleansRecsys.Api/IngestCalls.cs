using OrleansRecsys.Features;

namespace OrleansRecsys.Api;

/// <summary>
/// The ingest path every front door takes (HTTP <c>/v1/events</c> and <c>/v1/items</c>, gRPC <c>recsys.v1.Ingest</c>):
/// a batch of 1..<see cref="RequestLimits.MaxIngestBatch"/> entries, each validated with the consumer's own parser and
/// limits on exactly the bytes that will be produced, the valid ones published through the host's
/// <see cref="IEventIntake"/>, and every entry's outcome in batch order.
/// </summary>
public sealed class IngestCalls(IEventIntake intake)
{
    public async Task<ServingOutcome<IngestReport>> IngestAsync(string topic, IReadOnlyList<IngestEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count is 0 or > RequestLimits.MaxIngestBatch)
        {
            return new ServingFailure(ServingFailureKind.InvalidArgument, $"a batch holds 1..{RequestLimits.MaxIngestBatch} entries (got {entries.Count})");
        }

        var batch = Validate(entries, topic);
        var result = batch.Valid.Count == 0 ? IntakeResult.Success : await intake.PublishAsync(topic, batch.Valid, cancellationToken);
        var outcomes = batch.Outcomes(result);
        var accepted = 0;
        foreach (var outcome in outcomes)
        {
            accepted += outcome.Status == EntryOutcome.Accepted ? 1 : 0;
        }

        return new IngestReport(new IngestResponse(accepted, [.. batch.Rejected], outcomes), result);
    }

    private static ValidatedBatch Validate(IReadOnlyList<IngestEntry> entries, string topic)
    {
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var batch = new ValidatedBatch(entries.Count);
        foreach (var entry in entries)
        {
            batch.Add(Parse(entry.Json, topic, nowMs), entry.Json, entry.Id);
        }

        return batch;
    }

    /// <summary>The entry's partitioning key (item id for upserts, user id for interactions), or why it is invalid.</summary>
    private static (string? Key, string? Reason, string? Detail) Parse(byte[] bytes, string topic, long nowMs)
    {
        if (topic == Topics.Items)
        {
            var item = EventParser.ParseItem(bytes, nowMs);
            return (item.Value?.ItemId, item.Reason, item.Detail);
        }

        var interaction = EventParser.ParseInteraction(bytes, nowMs);
        return (interaction.Value?.UserId, interaction.Reason, interaction.Detail);
    }
}
