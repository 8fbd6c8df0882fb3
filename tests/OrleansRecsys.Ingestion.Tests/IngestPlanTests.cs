using OrleansRecsys.Features;
using static OrleansRecsys.Ingestion.Tests.Messages;

namespace OrleansRecsys.Ingestion.Tests;

public sealed class IngestPlanTests
{
    [Fact]
    public void Groups_events_per_grain_with_upserts_before_interactions_of_the_same_item()
    {
        var plan = IngestPlan.Build(
        [
            Consumed(Topics.Interactions, 0, 10, Interaction("e1", "u1", "i1")),
            Consumed(Topics.Interactions, 1, 20, Interaction("e2", "u2", "i1", "view")),
            Consumed(Topics.Items, 0, 5, Upsert("i1", "shoes")),
            Consumed(Topics.Interactions, 0, 11, Interaction("e3", "u1", "i2")),
        ], Now, new SourceNames());

        Assert.Equal(["u1", "u2"], plan.Users.Keys);
        Assert.Equal([10L, 11L], plan.Users["u1"].Select(e => e.Offset));
        Assert.Equal(["recsys.items/0", "recsys.interactions/0", "recsys.interactions/1"], plan.Items["i1"].Select(e => e.Source));
        Assert.NotNull(plan.Items["i1"][0].Upsert);
        Assert.Equal([Now - 1000, Now - 1000, Now - 1000], plan.UserEventTimes);
        Assert.Empty(plan.Rejects);
    }

    [Fact]
    public void Invalid_messages_are_rejected_with_the_parser_reason_and_planned_nowhere()
    {
        var bad = Consumed(Topics.Interactions, 0, 1, "{not json");
        var badItem = Consumed(Topics.Items, 0, 2, """{"itemId":"i7","price":-1,"ts":1}""");
        var plan = IngestPlan.Build([bad, badItem, Consumed(Topics.Interactions, 0, 3, Interaction("e", "u", "i"))], Now, new SourceNames());

        Assert.Equal(
            [(bad, "invalid_json"), (badItem, "invalid_field")],
            plan.Rejects.Select(r => (r.Message, r.Reason)));
        Assert.All(plan.Rejects, r => Assert.False(string.IsNullOrEmpty(r.Detail)));
        Assert.Equal(["u"], plan.Users.Keys);
        Assert.Equal(["i"], plan.Items.Keys);
    }

    [Fact]
    public void An_empty_value_is_rejected_not_thrown()
    {
        var plan = IngestPlan.Build([Consumed(Topics.Items, 0, 0, Array.Empty<byte>())], Now, new SourceNames());
        Assert.Single(plan.Rejects);
        Assert.Empty(plan.Items);
    }

    [Fact]
    public void Schema_changes_are_noted_per_topic_and_the_events_are_planned_or_rejected_as_before()
    {
        var extraField = Consumed(Topics.Interactions, 0, 1, """{"eventId":"e1","userId":"u1","itemId":"i1","type":"view","ts":1,"sessionId":"s"}""");
        var unknownType = Consumed(Topics.Interactions, 0, 2, """{"eventId":"e2","userId":"u1","itemId":"i1","type":"like","ts":1}""");
        var itemField = Consumed(Topics.Items, 0, 3, """{"itemId":"i1","category":"garden","brand":"acme","ts":1}""");

        var plan = IngestPlan.Build([extraField, unknownType, itemField, Consumed(Topics.Items, 0, 4, Upsert("i2", "shoes"))], Now, new SourceNames());

        Assert.Equal(
            [(Topics.Interactions, SchemaChanges.UnknownField), (Topics.Interactions, SchemaChanges.UnknownEventType), (Topics.Items, SchemaChanges.UnknownField)],
            plan.SchemaChanges);
        Assert.Equal([(unknownType, RejectReasons.InvalidField)], plan.Rejects.Select(r => (r.Message, r.Reason)));
        Assert.Equal([1L], plan.Users["u1"].Select(e => e.Offset));
        Assert.Equal(["garden", "shoes"], plan.Categories.Order(StringComparer.Ordinal));
    }
}
