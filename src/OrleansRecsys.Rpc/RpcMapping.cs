using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using OrleansRecsys.Api;

namespace OrleansRecsys.Rpc;

/// <summary>
/// Between the gRPC messages and the serving path's inputs and answers. Requests become the same nullable bodies the HTTP
/// API reads (an absent optional field is null), so <see cref="ServingCalls"/> validates and defaults both alike.
/// </summary>
internal static class RpcMapping
{
    public static RankBody ToBody(V1.RankRequest request) =>
        new(request.UserId, [.. request.Candidates], request.HasK ? request.K : null, request.HasModel ? request.Model : null,
            request.HasDeadlineMs ? request.DeadlineMs : null, request.HasExplain ? request.Explain : null,
            request.HasVersion ? request.Version : null);

    public static RecommendBody ToBody(V1.RecommendRequest request) =>
        new(request.UserId, request.HasK ? request.K : null, request.HasModel ? request.Model : null, [.. request.Exclude],
            request.HasDeadlineMs ? request.DeadlineMs : null, request.HasExplain ? request.Explain : null,
            request.HasVersion ? request.Version : null);

    public static RecommendationsQuery ToQuery(V1.GetRecommendationsRequest request) =>
        new(request.UserId, request.HasK ? request.K : null, request.HasModel ? request.Model : null,
            request.HasMaxAgeSeconds ? request.MaxAgeSeconds : null, request.HasDeadlineMs ? request.DeadlineMs : null,
            request.HasCategory ? request.Category : null);

    /// <summary>
    /// A request's <c>context</c> map as the serving path's context: null when the map is empty (as a JSON body without
    /// one), else texts and numbers by key. A value with neither set is refused here, as the JSON door refuses a value
    /// that is neither a string nor a number; the limits and the catalogue are checked further on, for both doors alike.
    /// </summary>
    public static ServingContext? ToContext(MapField<string, V1.ContextValue> context)
    {
        if (context.Count == 0)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in context)
        {
            switch (value.ValueCase)
            {
                case V1.ContextValue.ValueOneofCase.Text:
                    labels[key] = value.Text;
                    break;
                case V1.ContextValue.ValueOneofCase.Number:
                    numbers[key] = value.Number;
                    break;
                default:
                    throw RpcStatuses.ToException(ServingFailure.Invalid(RequestRules.ContextValueShape(key)));
            }
        }

        return new ServingContext(labels, numbers);
    }

    public static VectorsBody ToBody(V1.VectorsRequest request) =>
        new(request.UserId, [.. request.ItemIds], request.HasModel ? request.Model : null);

    public static V1.RankResponse ToMessage(RankResponse response)
    {
        var message = new V1.RankResponse
        {
            RequestId = response.RequestId,
            Model = response.Model,
            Variant = response.Variant,
            Fallback = response.Fallback,
            AsOf = Timestamp.FromDateTimeOffset(response.AsOf),
        };
        AddRankedParts(message, response.Version, response.FallbackReason, response.Items);
        return message;
    }

    public static V1.RecommendationsResponse ToMessage(RecommendationsResponse response)
    {
        var message = new V1.RecommendationsResponse
        {
            UserId = response.UserId,
            Source = response.Source,
            Reason = response.Reason,
            Model = response.Model,
            Fallback = response.Fallback,
        };
        if (response.ComputedAt is { } computedAt)
        {
            message.ComputedAt = Timestamp.FromDateTimeOffset(computedAt);
        }

        if (response.RunId is { } runId)
        {
            message.RunId = runId;
        }

        AddRankedParts(message, response.Version, response.FallbackReason, response.Items);
        return message;
    }

    /// <summary>
    /// The version, fallback reason and items of either ranked answer. Protobuf refuses null for an optional field, so
    /// an absent version or reason is left unset (the client reads it as not present) rather than assigned.
    /// </summary>
    private static void AddRankedParts(IRankedAnswerMessage message, string? version, string? fallbackReason, RankedItem[] items)
    {
        if (version is not null)
        {
            message.Version = version;
        }

        if (fallbackReason is not null)
        {
            message.FallbackReason = fallbackReason;
        }

        foreach (var item in items)
        {
            message.Items.Add(ToMessage(item));
        }
    }

    private static V1.RankedItem ToMessage(RankedItem item)
    {
        var message = new V1.RankedItem { ItemId = item.ItemId, Score = item.Score };
        if (item.Source is { } source)
        {
            message.Source = source;
        }

        foreach (var contribution in item.Contributions ?? [])
        {
            message.Contributions.Add(new V1.FeatureContribution
            {
                Feature = contribution.Feature,
                Value = contribution.Value,
                Reference = contribution.Reference,
                Contribution = contribution.Contribution,
            });
        }

        return message;
    }

    public static V1.FeaturesResponse ToMessage(FeatureSnapshot snapshot)
    {
        var message = new V1.FeaturesResponse { Id = snapshot.Id, AsOf = Time(snapshot.AsOfMs) };
        if (snapshot.LastEventMs is { } lastEventMs)
        {
            message.LastEvent = Time(lastEventMs);
        }

        message.Numbers.Add(snapshot.Numbers);
        message.Labels.Add(snapshot.Labels);
        foreach (var (name, values) in snapshot.Keyed)
        {
            var keyed = new V1.KeyedValues();
            keyed.Values.Add(values);
            message.Keyed[name] = keyed;
        }

        foreach (var (name, keys) in snapshot.Recent)
        {
            var recent = new V1.RecentKeys();
            foreach (var key in keys)
            {
                recent.Keys.Add(new V1.RecentKey { Key = key.Key, LastSeen = Time(key.LastSeenMs) });
            }

            message.Recent[name] = recent;
        }

        return message;
    }

    public static V1.VectorsResponse ToMessage(VectorsResponse response)
    {
        var message = new V1.VectorsResponse { Model = response.Model, Version = response.Version ?? "", AsOf = Timestamp.FromDateTimeOffset(response.AsOf) };
        message.FeatureNames.Add(response.FeatureNames);
        foreach (var row in response.Rows)
        {
            var vector = new V1.VectorRow { ItemId = row.ItemId };
            vector.Values.Add(row.Values);
            message.Rows.Add(vector);
        }

        return message;
    }

    public static V1.IngestResponse ToMessage(IngestResponse response)
    {
        var message = new V1.IngestResponse { Accepted = response.Accepted };
        foreach (var rejection in response.Rejected)
        {
            message.Rejected.Add(new V1.Rejection { Index = rejection.Index, Reason = rejection.Reason, Detail = rejection.Detail });
        }

        foreach (var entry in response.Entries)
        {
            var outcome = new V1.EntryOutcome { Index = entry.Index, Status = entry.Status };
            if (entry.Id is { } id)
            {
                outcome.Id = id;
            }

            if (entry.Reason is { } reason)
            {
                outcome.Reason = reason;
            }

            if (entry.Detail is { } detail)
            {
                outcome.Detail = detail;
            }

            message.Entries.Add(outcome);
        }

        return message;
    }

    private static Timestamp Time(long unixMs) => Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(unixMs));
}
