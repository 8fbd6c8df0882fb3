using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using OrleansRecsys.Features;
using V1 = OrleansRecsys.Rpc.V1;

namespace OrleansRecsys.Rpc.Tests;

public sealed class IngestJsonTests
{
    [Fact]
    public void A_streamed_event_becomes_the_json_entry_the_consumer_parses()
    {
        var ts = DateTimeOffset.UtcNow;
        var entry = IngestJson.Event(new V1.Event { EventId = "e1", UserId = "u1", ItemId = "i1", Type = "click", Ts = Timestamp.FromDateTimeOffset(ts), Value = 2, RequestId = "r1" });

        var parsed = EventParser.ParseInteraction(entry.Json, ts.ToUnixTimeMilliseconds());

        Assert.Equal("e1", entry.Id);
        Assert.NotNull(parsed.Value);
        Assert.Equal(("u1", "i1", 2.0, "r1"), (parsed.Value!.UserId, parsed.Value.ItemId, parsed.Value.Value, parsed.Value.RequestId));
        Assert.Equal(ts.ToUnixTimeMilliseconds(), parsed.Value.TsMs);
    }

    [Fact]
    public void An_absent_time_is_left_out_so_the_parser_asks_for_it_instead_of_reading_1970()
    {
        var entry = IngestJson.Event(new V1.Event { EventId = "e1", UserId = "u1", ItemId = "i1", Type = "click" });

        Assert.False(JsonDocument.Parse(entry.Json).RootElement.TryGetProperty("ts", out _));
        Assert.Contains("ts", EventParser.ParseInteraction(entry.Json, 0).Detail);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_finite_price_is_written_so_the_parser_refuses_it_rather_than_the_writer_throwing(double price)
    {
        var entry = IngestJson.Item(new V1.ItemUpsert { ItemId = "i1", Price = price, Ts = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });

        var parsed = EventParser.ParseItem(entry.Json, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        Assert.Null(parsed.Value);
        Assert.Contains("price", parsed.Detail);
    }
}
