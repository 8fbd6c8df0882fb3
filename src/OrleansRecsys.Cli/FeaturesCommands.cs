using System.Text.Json;

namespace OrleansRecsys.Cli;

/// <summary><c>features user|item ID</c>: the live features of one entity as a name/value table; <c>features backfill</c>
/// goes to <see cref="FeatureBackfillCommands"/>.</summary>
internal static class FeaturesCommands
{
    private const int MaxValueLength = 100;

    public static Task<int> RunAsync(CliContext ctx) =>
        ctx.Args.Positionals.Count > 1 && ctx.Args.Positionals[1] == "backfill" ? FeatureBackfillCommands.RunAsync(ctx) : ReadAsync(ctx);

    private static async Task<int> ReadAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        var kind = ctx.Args.Positional(1, "entity (user|item)");
        var id = ctx.Args.Positional(2, "ID");
        ctx.Args.MaxPositionals(3);
        var segment = kind switch
        {
            "user" => "users",
            "item" => "items",
            _ => throw new UsageException($"features takes 'user' or 'item' (got '{kind}')"),
        };
        var raw = await ctx.Api.GetAsync($"v1/features/{segment}/{ApiClient.Segment(id)}", ctx.Cancellation);
        ctx.Render<FeaturesView>(raw, view =>
        {
            ctx.Out.WriteLine($"{kind} {view.Id}  as of {Format.Time(view.AsOf)}  last event {(view.LastEventTs is { } t ? Format.Time(t) : "never")}");
            var table = new Table("feature", "value");
            foreach (var (name, value) in view.Features.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                table.Add(name, Value(value));
            }

            table.Write(ctx.Out);
        });
        return 0;
    }

    /// <summary>Numbers and labels as they are; keyed maps as "key=value" by value; recent lists as their keys.</summary>
    public static string Value(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => Format.Number(value.GetDouble()),
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Object => string.Join(", ", value.EnumerateObject()
                .Select(p => (p.Name, Weight: p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : 0))
                .OrderByDescending(p => p.Weight)
                .Select(p => $"{p.Name}={Format.Number(p.Weight)}")),
            JsonValueKind.Array => string.Join(", ", value.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("key", out var k) ? k.ToString() : e.ToString())),
            JsonValueKind.Null => "",
            _ => value.GetRawText(),
        };
        return text.Length > MaxValueLength ? text[..(MaxValueLength - 1)] + "…" : text;
    }

    private sealed record FeaturesView(string Id, DateTimeOffset AsOf, Dictionary<string, JsonElement> Features, DateTimeOffset? LastEventTs);
}
