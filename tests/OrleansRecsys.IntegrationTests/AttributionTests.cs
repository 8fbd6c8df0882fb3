using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains.Monitoring;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Outcomes reach a model's report only with a request id the grid issued, for a registered version, sent by
/// the user it was issued to; everything else is counted as unattributed and makes no monitor entry.</summary>
[Collection(GridCollection.Name)]
public sealed class AttributionTests(GridFixture grid)
{
    private const string Model = "signed";
    private const string User = "sig-u1";

    [Fact]
    public async Task Forged_malformed_and_unknown_version_ids_are_counted_unattributed_and_make_no_monitor_entry()
    {
        using var admin = grid.Host.Http(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "s1", Model)).StatusCode);
        var ranked = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = User, model = Model, candidates = new[] { "i1", "i2", "i3" }, k = 3 })).Json();
        Assert.Equal("s1", ranked.GetProperty("version").GetString());
        var genuine = ranked.GetProperty("requestId").GetString()!;
        var tagStart = genuine.Length - RequestIds.TagLength;
        var forged = genuine[..tagStart] + (genuine[tagStart] == 'A' ? 'B' : 'A') + genuine[(tagStart + 1)..];
        var signer = grid.Host.Services.GetRequiredService<RequestIdSigner>();
        var before = await UnattributedAsync(admin);

        object[] events =
        [
            Click("sig-1", User, genuine),
            Click("sig-2", User, forged),
            Click("sig-3", "sig-u2", genuine),
            Click("sig-4", User, $"x{RequestIds.Separator}{Model}{RequestIds.Separator}s1"),
            Click("sig-5", User, signer.New(Model, "s9", User)),
            Click("sig-6", User, signer.New("never-registered", "n1", User)),
        ];
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/v1/events", events)).StatusCode);

        var seen = "";
        await TestInfra.WaitUntil(async () =>
        {
            var now = await UnattributedAsync(admin);
            var delta = UnattributedReasons.All.ToDictionary(r => r, r => now[r] - before[r]);
            seen = string.Join(", ", delta.Select(d => $"{d.Key}={d.Value}"));
            return delta[UnattributedReasons.Forged] == 2 && delta[UnattributedReasons.Malformed] == 1 && delta[UnattributedReasons.UnknownVersion] == 2
                && await ClicksAsync(admin, "s1") == 1;
        }, TimeSpan.FromSeconds(30), () => "one attributed click and 2 forged, 1 malformed, 2 unknown_version; unattributed since: " + seen);

        var report = await (await admin.GetAsync($"/v1/models/{Model}/report")).Json();
        Assert.Equal(["s1"], report.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        Assert.Empty((await grid.Host.Grains.GetGrain<IModelMonitorGrain>("never-registered").GetReportAsync()).Variants);
    }

    private static object Click(string eventId, string userId, string requestId) =>
        new { eventId, userId, itemId = "i1", type = "click", ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), requestId };

    private static async Task<long> ClicksAsync(HttpClient admin, string version)
    {
        var report = await (await admin.GetAsync($"/v1/models/{Model}/report")).Json();
        var variant = report.GetProperty("variants").EnumerateArray().FirstOrDefault(v => v.GetProperty("version").GetString() == version);
        return variant.ValueKind == System.Text.Json.JsonValueKind.Undefined ? 0 : variant.GetProperty("clicks").GetInt64();
    }

    /// <summary><c>recsys_outcomes_unattributed_total</c> by reason, as /metrics shows it (every reason from start).</summary>
    private static async Task<Dictionary<string, long>> UnattributedAsync(HttpClient admin)
    {
        var lines = (await admin.GetStringAsync("/metrics")).Split('\n');
        return UnattributedReasons.All.ToDictionary(reason => reason, reason =>
        {
            var line = Assert.Single(lines, l => l.StartsWith("recsys_outcomes_unattributed_total{", StringComparison.Ordinal)
                && l.Contains($"reason=\"{reason}\"", StringComparison.Ordinal));
            return long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        });
    }
}
