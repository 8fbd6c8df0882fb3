using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Data quality on live traffic: what the model's inputs were served (report and /metrics), and schema changes
/// seen by ingestion.</summary>
[Collection(GridCollection.Name)]
public sealed class DataQualityTests(GridFixture grid)
{
    [Fact]
    public async Task Missing_inputs_and_a_price_beyond_the_training_range_show_in_the_report_and_in_metrics()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "d1", "dataquality")).StatusCode);
        // 1e39 is a valid price, but no 32-bit float holds it: the model reads float.MaxValue, far outside what it was trained on.
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/items",
            new[] { new { itemId = "dq-dear", category = "dq", price = 1e39, ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() } })).StatusCode);
        var item = grid.Host.Grains.GetGrain<IItemFeatureGrain>("dq-dear");
        await TestInfra.WaitUntil(async () => (await item.ReadFeaturesAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())).Freshness["item_price"].Status == "present",
            TimeSpan.FromSeconds(30), "the item upsert to be applied");

        // A user and an item the grid has never seen: their features are missing and served as the default. Ranked until the
        // model itself answers (the first calls may find the new version still loading); every call has the same two rows.
        await TestInfra.WaitUntil(async () => !(await (await admin.PostAsJsonAsync("/v1/rank",
                new { userId = "dq-stranger", model = "dataquality", candidates = new[] { "dq-dear", "dq-unseen" } })).Json()).GetProperty("fallback").GetBoolean(),
            TimeSpan.FromSeconds(30), "an answer scored by dataquality@d1");

        JsonElement inputs = default;
        var (rows, metrics) = (0L, "");
        await TestInfra.WaitUntil(async () =>
        {
            var report = await (await admin.GetAsync("/v1/models/dataquality/report")).Json();
            (rows, inputs) = Version(report, "d1");
            metrics = await admin.GetStringAsync("/metrics");
            return rows > 0 && rows == Sample(metrics, "recsys_data_quality_rows_total", "model=\"dataquality\"");
        }, TimeSpan.FromSeconds(15), "the data-quality section of d1 and the metrics to show the same rows");

        Assert.Equal(0, rows % 2);
        var price = Input(inputs, "item_price");
        Assert.Equal(0.5, price.GetProperty("nonFiniteRate").GetDouble());
        Assert.Equal(0.5, price.GetProperty("missingRate").GetDouble());
        Assert.InRange(price.GetProperty("outOfRangeRate").GetDouble(), 0.5, 1);
        Assert.True(price.GetProperty("rangeHigh").GetDouble() < 1e30);
        Assert.Equal(1.0, Input(inputs, "user_events_total").GetProperty("defaultRate").GetDouble());
        Assert.Equal(0.0, Input(inputs, "user_events_total").GetProperty("nonFiniteRate").GetDouble());

        Assert.Equal(rows / 2, Sample(metrics, "recsys_data_quality_values_total", "model=\"dataquality\"", "feature=\"item_price\"", "kind=\"non_finite\""));
        Assert.InRange(Sample(metrics, "recsys_data_quality_values_total", "model=\"dataquality\"", "feature=\"item_price\"", "kind=\"out_of_range\""), rows / 2, rows);
        Assert.Equal(rows, Sample(metrics, "recsys_data_quality_values_total", "model=\"dataquality\"", "feature=\"user_events_total\"", "kind=\"missing\""));
    }

    [Fact]
    public async Task Events_with_unknown_fields_types_and_categories_are_counted_and_handled_as_before()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        var before = await SchemaChangesAsync(admin);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var category = "dq-new-" + Guid.NewGuid().ToString("N")[..8];
        using (var producer = grid.Producer())
        {
            Produce(producer, Topics.Interactions, "dq-u1", $$"""{"eventId":"dq-e1","userId":"dq-u1","itemId":"dq-i1","type":"view","ts":{{now}},"sessionId":"s-1"}""");
            Produce(producer, Topics.Interactions, "dq-u1", $$"""{"eventId":"dq-e2","userId":"dq-u1","itemId":"dq-i1","type":"wishlist","ts":{{now}}}""");
            Produce(producer, Topics.Items, "dq-i1", $$"""{"itemId":"dq-i1","category":"{{category}}","price":3,"ts":{{now}}}""");
            // The same category again, from another item: it is new only once.
            Produce(producer, Topics.Items, "dq-i2", $$"""{"itemId":"dq-i2","category":"{{category}}","price":4,"ts":{{now}}}""");
            producer.Flush(TimeSpan.FromSeconds(10));
        }

        var after = before;
        await TestInfra.WaitUntil(async () => (after = await SchemaChangesAsync(admin)).NewCategory == before.NewCategory + 1
                && after.UnknownType == before.UnknownType + 1 && after.UnknownField == before.UnknownField + 1,
            TimeSpan.FromSeconds(30), () => $"the schema counters to move by one each (before {before}, now {after})");

        // Handled as before: the event with an extra field is applied, the unknown type is dead-lettered.
        using var read = grid.Host.Http(Roles.Read);
        var user = await (await read.GetAsync("/v1/features/users/dq-u1")).Json();
        Assert.Equal(1, user.GetProperty("features").GetProperty("user_views_total").GetDouble());
        Assert.Equal(before.Rejected + 1, (await SchemaChangesAsync(admin)).Rejected);
    }

    private static void Produce(IProducer<string, byte[]> producer, string topic, string key, string json) =>
        producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(json) });

    private sealed record SchemaCounts(double UnknownField, double UnknownType, double NewCategory, double Rejected);

    private static async Task<SchemaCounts> SchemaChangesAsync(HttpClient admin)
    {
        var text = await admin.GetStringAsync("/metrics");
        const string family = "recsys_data_quality_schema_changes_total";
        return new SchemaCounts(
            Sample(text, family, "kind=\"unknown_field\"", $"topic=\"{Topics.Interactions}\""),
            Sample(text, family, "kind=\"unknown_event_type\"", $"topic=\"{Topics.Interactions}\""),
            Sample(text, family, "kind=\"new_category\"", $"topic=\"{Topics.Items}\""),
            Sample(text, "recsys_ingest_rejected_total", "reason=\"invalid_field\"", $"topic=\"{Topics.Interactions}\""));
    }

    /// <summary>The value of the one sample of <paramref name="family"/> whose labels include all of <paramref name="labels"/>
    /// (0 when there is none).</summary>
    private static double Sample(string exposition, string family, params string[] labels)
    {
        var lines = exposition.Split('\n').Where(l => l.StartsWith(family + "{", StringComparison.Ordinal) && labels.All(label => l.Contains(label, StringComparison.Ordinal))).ToArray();
        Assert.True(lines.Length <= 1, $"{family} with {string.Join(",", labels)}: {lines.Length} samples");
        return lines.Length == 0 ? 0 : double.Parse(lines[0][(lines[0].LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>The rows and inputs of <paramref name="version"/> in a report's data-quality section, or (0, default).</summary>
    private static (long Rows, JsonElement Inputs) Version(JsonElement report, string version)
    {
        if (!report.TryGetProperty("dataQuality", out var section) || section.ValueKind != JsonValueKind.Object)
        {
            return (0, default);
        }

        return section.GetProperty("versions").EnumerateArray().Where(v => v.GetProperty("version").GetString() == version)
            .Select(v => (v.GetProperty("rows").GetInt64(), v.GetProperty("inputs"))).FirstOrDefault();
    }

    private static JsonElement Input(JsonElement inputs, string feature) =>
        inputs.EnumerateArray().Single(i => i.GetProperty("feature").GetString() == feature);
}
