using System.Text;
using OrleansRecsys.Features;

namespace OrleansRecsys.Features.Tests;

public sealed class EventParserTests
{
    private static readonly long Now = DateTimeOffset.Parse("2026-11-30T04:00:00Z").ToUnixTimeMilliseconds();

    private static ParseResult<Interaction> Parse(string json) => EventParser.ParseInteraction(Encoding.UTF8.GetBytes(json), Now);

    [Fact]
    public void Valid_event_with_iso_timestamp_parses_every_field()
    {
        var r = Parse("""{"eventId":"e-1","userId":"u42","itemId":"i7","type":"add_to_cart","ts":"2026-11-30T03:00:00+01:00","value":2.5,"requestId":"r-9"}""");
        Assert.True(r.Ok, r.Detail);
        var e = r.Value!;
        Assert.Equal(("e-1", "u42", "i7", InteractionType.AddToCart, 2.5, "r-9"), (e.EventId, e.UserId, e.ItemId, e.Type, e.Value, e.RequestId));
        Assert.Equal(DateTimeOffset.Parse("2026-11-30T02:00:00Z").ToUnixTimeMilliseconds(), e.TsMs);
    }

    [Fact]
    public void Epoch_milliseconds_are_accepted()
    {
        var r = Parse($$"""{"eventId":"e","userId":"u","itemId":"i","type":"view","ts":{{Now - 1000}}}""");
        Assert.True(r.Ok);
        Assert.Equal(Now - 1000, r.Value!.TsMs);
        Assert.Equal(0, r.Value.Value);
    }

    [Theory]
    [InlineData("not json", RejectReasons.InvalidJson)]
    [InlineData("[1,2]", RejectReasons.NotAnObject)]
    [InlineData("""{"userId":"u","itemId":"i","type":"view","ts":1}""", RejectReasons.MissingField)]
    [InlineData("""{"eventId":"","userId":"u","itemId":"i","type":"view","ts":1}""", RejectReasons.InvalidField)]
    [InlineData("""{"eventId":5,"userId":"u","itemId":"i","type":"view","ts":1}""", RejectReasons.InvalidField)]
    [InlineData("""{"eventId":"e","userId":"u","itemId":"i","type":"like","ts":1}""", RejectReasons.InvalidField)]
    [InlineData("""{"eventId":"e","userId":"u","itemId":"i","type":"view"}""", RejectReasons.MissingField)]
    [InlineData("""{"eventId":"e","userId":"u","itemId":"i","type":"view","ts":"2026-11-30T04:00:00"}""", RejectReasons.InvalidField)]
    [InlineData("""{"eventId":"e","userId":"u","itemId":"i","type":"view","ts":"2026-11-30T04:06:00Z"}""", RejectReasons.FutureTimestamp)]
    [InlineData("""{"eventId":"e","userId":"u","itemId":"i","type":"view","ts":-5}""", RejectReasons.InvalidField)]
    [InlineData("""{"eventId":"e","userId":"u","itemId":"i","type":"view","ts":1,"value":-1}""", RejectReasons.InvalidField)]
    [InlineData("""{"eventId":"e","userId":"u","itemId":"i","type":"view","ts":1,"value":"NaN"}""", RejectReasons.InvalidField)]
    [InlineData("""{"eventId":"e","userId":"u","itemId":"i","type":"view","ts":1,"value":1e400}""", RejectReasons.InvalidField)]
    [InlineData("""{"eventId":"e","userId":"\udc00","itemId":"i","type":"view","ts":1}""", RejectReasons.InvalidJson)]
    public void Bad_events_are_rejected_with_the_reason(string json, string reason)
    {
        var r = Parse(json);
        Assert.False(r.Ok);
        Assert.Equal(reason, r.Reason);
        Assert.False(string.IsNullOrEmpty(r.Detail));
    }

    [Fact]
    public void Ids_longer_than_128_characters_are_rejected()
    {
        var r = Parse($$"""{"eventId":"e","userId":"{{new string('u', 129)}}","itemId":"i","type":"view","ts":1}""");
        Assert.Equal(RejectReasons.InvalidField, r.Reason);
        Assert.Contains("userId", r.Detail);
    }

    [Fact]
    public void Oversized_and_invalid_utf8_messages_are_rejected()
    {
        Assert.Equal(RejectReasons.TooLarge, EventParser.ParseInteraction(new byte[EventParser.MaxMessageBytes + 1], Now).Reason);
        var bad = Encoding.UTF8.GetBytes("""{"eventId":"e","userId":"X","itemId":"i","type":"view","ts":1}""");
        bad[Array.IndexOf(bad, (byte)'X')] = 0xC3; // a lead byte with no continuation
        Assert.Equal(RejectReasons.InvalidJson, EventParser.ParseInteraction(bad, Now).Reason);
    }

    [Fact]
    public void Item_upserts_validate_price_category_and_tags()
    {
        var ok = EventParser.ParseItem(Encoding.UTF8.GetBytes("""{"itemId":"i7","category":"shoes","price":59.9,"tags":["red"],"ts":1000}"""), Now);
        Assert.True(ok.Ok);
        Assert.Equal(("shoes", 59.9, "red"), (ok.Value!.Category, ok.Value.Price!.Value, ok.Value.Tags[0]));
        Assert.Equal(RejectReasons.InvalidField, EventParser.ParseItem(Encoding.UTF8.GetBytes("""{"itemId":"i7","price":-1,"ts":1}"""), Now).Reason);
        Assert.Equal(RejectReasons.InvalidField, EventParser.ParseItem(Encoding.UTF8.GetBytes("""{"itemId":"i7","tags":[1],"ts":1}"""), Now).Reason);
        Assert.Equal(RejectReasons.MissingField, EventParser.ParseItem(Encoding.UTF8.GetBytes("""{"category":"x","ts":1}"""), Now).Reason);
    }

    [Fact]
    public void An_event_with_a_field_the_schema_does_not_define_is_accepted_and_noted()
    {
        var known = Parse("""{"eventId":"e","userId":"u","itemId":"i","type":"view","ts":1000,"value":1,"requestId":"r"}""");
        var extra = Parse("""{"eventId":"e","userId":"u","itemId":"i","type":"view","ts":1000,"sessionId":"s-1"}""");
        var item = EventParser.ParseItem(Encoding.UTF8.GetBytes("""{"itemId":"i7","category":"shoes","brand":"acme","ts":1000}"""), Now);

        Assert.Equal((true, SchemaChanges.None), (known.Ok, known.SchemaChanges));
        Assert.Equal((true, SchemaChanges.UnknownField), (extra.Ok, extra.SchemaChanges));
        Assert.Equal((true, SchemaChanges.UnknownField), (item.Ok, item.SchemaChanges));
    }

    [Fact]
    public void An_unknown_event_type_is_refused_as_before_and_noted_but_a_type_of_the_wrong_kind_is_only_refused()
    {
        var unknown = Parse("""{"eventId":"e","userId":"u","itemId":"i","type":"like","ts":1000,"x":1}""");
        var wrongKind = Parse("""{"eventId":"e","userId":"u","itemId":"i","type":7,"ts":1000}""");

        Assert.Equal((RejectReasons.InvalidField, SchemaChanges.UnknownEventType | SchemaChanges.UnknownField), (unknown.Reason, unknown.SchemaChanges));
        Assert.Equal((RejectReasons.InvalidField, SchemaChanges.None), (wrongKind.Reason, wrongKind.SchemaChanges));
    }
}
