using Confluent.Kafka;
using OrleansRecsys.Features;
using OrleansRecsys.Features.State;
using OrleansRecsys.Grains;
using OrleansRecsys.Grains.FeatureIngestion;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Applies a planned batch: rejects go to the dead-letter topic, the grouped events to their grains through the
/// silo-local ingestion worker, and what the grains applied is recorded for the next checkpoint.
/// </summary>
internal sealed class PlanApplier(
    IGrainFactory grains,
    EventPublisher publisher,
    RecsysMetrics metrics,
    UncommittedWork uncommitted,
    SourceNames sources,
    CategoryWatch categories)
{
    /// <summary>Returns false when a grain reports lost state: the caller must rewind.</summary>
    public async Task<bool> ApplyAsync(IngestPlan plan, IReadOnlyList<ConsumeResult<string, byte[]>> batch, long nowMs)
    {
        DeadLetter(plan.Rejects);
        CountSchemaChanges(plan.SchemaChanges);
        var itemIds = plan.Items.Keys.ToArray();
        var userIds = plan.Users.Keys.ToArray();
        var outcome = await grains.GetGrain<IIngestionWorkerGrain>(0).ApplyAsync(BuildWork(plan, itemIds, userIds));
        var itemsKept = RecordItems(plan, itemIds, outcome.Items, nowMs);
        var usersKept = RecordUsers(plan, userIds, outcome.Users);
        if (!itemsKept || !usersKept)
        {
            return false;
        }

        DeadLetterBeyondHorizon(plan, userIds, outcome.Users, batch);
        if (plan.Categories.Count > 0)
        {
            await categories.ObserveAsync(plan.Categories);
        }

        RecordFreshness(plan);
        foreach (var message in batch)
        {
            uncommitted.Checkpoints.Consumed(message.TopicPartition, message.Offset.Value);
        }

        return true;
    }

    /// <summary>Counts what consumed messages showed of an unknown schema; they were applied or dead-lettered as usual.</summary>
    private void CountSchemaChanges(List<(string Topic, SchemaChanges Changes)> noted)
    {
        foreach (var (topic, changes) in noted)
        {
            if (changes.HasFlag(SchemaChanges.UnknownField))
            {
                CountSchemaChange(SchemaChangeKinds.UnknownField, topic);
            }

            if (changes.HasFlag(SchemaChanges.UnknownEventType))
            {
                CountSchemaChange(SchemaChangeKinds.UnknownEventType, topic);
            }
        }
    }

    private void CountSchemaChange(string kind, string topic) =>
        metrics.SchemaChanges.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("topic", topic));

    private void DeadLetter(List<IngestPlan.Rejected> rejects)
    {
        foreach (var (message, reason, detail) in rejects)
        {
            metrics.EventsRejected.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("topic", message.Topic));
            uncommitted.AddDeadLetter(publisher.DeadLetterAsync(message, reason, detail));
        }
    }

    /// <summary>Events their user refused as older than its de-duplication horizon: kept in the dead-letter topic,
    /// where they can be inspected and re-sent with a new event id if they should count.</summary>
    private void DeadLetterBeyondHorizon(IngestPlan plan, string[] userIds, ApplyResult[] results, IReadOnlyList<ConsumeResult<string, byte[]>> batch)
    {
        Dictionary<(string Source, long Offset), ConsumeResult<string, byte[]>>? messages = null;
        for (var u = 0; u < userIds.Length; u++)
        {
            var verdicts = results[u].Verdicts ?? [];
            for (var i = 0; i < verdicts.Length; i++)
            {
                if (verdicts[i] != EventVerdict.OutsideHorizon)
                {
                    continue;
                }

                messages ??= batch.ToDictionary(m => (sources.KeyOf(m.Topic, m.Partition.Value), m.Offset.Value));
                var sourced = plan.Users[userIds[u]][i];
                var detail = $"event time {sourced.Interaction!.TsMs} is older than user {userIds[u]}'s de-duplication horizon allows checking";
                metrics.EventsRejected.Add(1, new KeyValuePair<string, object?>("reason", RejectReasons.OutsideDeduplicationHorizon), new KeyValuePair<string, object?>("topic", Topics.Interactions));
                uncommitted.AddDeadLetter(publisher.DeadLetterAsync(messages[(sourced.Source, sourced.Offset)], RejectReasons.OutsideDeduplicationHorizon, detail));
            }
        }
    }

    /// <summary>Items first (upserts, then interactions: they answer with category and popularity), then users with
    /// their events enriched by those categories; each grain learns what it must already cover.</summary>
    private IngestWork BuildWork(IngestPlan plan, string[] itemIds, string[] userIds)
    {
        var checkpoints = uncommitted.Checkpoints;
        return new IngestWork(
            itemIds.Select(id => new EntityBatch(id, new ApplyBatch(plan.Items[id].ToArray(), checkpoints.Expected(GrainKeys.Item(id))))).ToArray(),
            userIds.Select(id => new EntityBatch(id, new ApplyBatch(plan.Users[id].ToArray(), checkpoints.Expected(GrainKeys.User(id))))).ToArray());
    }

    private bool RecordItems(IngestPlan plan, string[] itemIds, ApplyResult[] results, long nowMs)
    {
        var allKept = true;
        for (var i = 0; i < itemIds.Length; i++)
        {
            var result = results[i];
            allKept &= Record(GrainKeys.Item(itemIds[i]), result, plan.Items[itemIds[i]]);
            uncommitted.Popularity.Record(itemIds[i], result.Category, result.Popularity, nowMs);
        }

        return allKept;
    }

    private bool RecordUsers(IngestPlan plan, string[] userIds, ApplyResult[] results)
    {
        var allKept = true;
        for (var i = 0; i < userIds.Length; i++)
        {
            if (!Record(GrainKeys.User(userIds[i]), results[i], plan.Users[userIds[i]]))
            {
                allKept = false;
                continue;
            }

            foreach (var attributed in results[i].Attributed ?? [])
            {
                uncommitted.Outcomes.Count(userIds[i], attributed);
            }

            RecordActivity(userIds[i], plan.Users[userIds[i]], results[i]);
        }

        return allKept;
    }

    /// <summary>A user with an applied interaction is active as of its newest event time (a replayed or refused event
    /// does not make them active again).</summary>
    private void RecordActivity(string userId, List<SourcedEvent> events, ApplyResult result)
    {
        if (result.Applied == 0)
        {
            return;
        }

        var newest = 0L;
        foreach (var sourced in events)
        {
            newest = Math.Max(newest, sourced.Interaction?.TsMs ?? 0);
        }

        uncommitted.Activity.Record(userId, newest);
    }

    /// <summary>Records one grain's result; false when the grain lost state this consumer applied before.</summary>
    private bool Record(string grainKey, ApplyResult result, List<SourcedEvent> events)
    {
        if (result.LostState)
        {
            return false;
        }

        uncommitted.Checkpoints.Applied(grainKey, events);

        metrics.EventsApplied.Add(result.Applied);
        if (result.Duplicates > 0)
        {
            metrics.EventsDuplicate.Add(result.Duplicates);
        }

        return true;
    }

    private void RecordFreshness(IngestPlan plan)
    {
        var appliedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var eventMs in plan.UserEventTimes)
        {
            metrics.Freshness.Record(Math.Max(0, appliedAtMs - eventMs) / 1000.0);
        }
    }
}
