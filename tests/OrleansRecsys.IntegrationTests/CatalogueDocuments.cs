using System.Text.RegularExpressions;
using OrleansRecsys.Silo;

namespace OrleansRecsys.IntegrationTests;

/// <summary>Catalogue documents derived from the shipped one: another version number, more features, a feature removed.</summary>
internal static partial class CatalogueDocuments
{
    /// <summary>Version 2 of the shipped catalogue: click counts for users and items added under new names, which must end equal
    /// to the live <c>user_clicks_total</c> and <c>item_clicks_total</c> once backfilled.</summary>
    public static string Version2 => WithVersion(WithFeatures(Shipped,
        """{ "name": "user_clicks_backfilled", "entity": "user", "agg": "count", "eventTypes": ["click"], "since": 2 }""",
        """{ "name": "item_clicks_backfilled", "entity": "item", "agg": "count", "eventTypes": ["click"], "since": 2 }"""), 2);

    public static string Shipped => File.ReadAllText(Path.Combine(RecsysHost.FindConfigDirectory(), "features.json"));

    public static string WithVersion(string document, int version) => VersionField().Replace(document, $"\"version\": {version}", 1);

    public static string WithFeatures(string document, params string[] entries) =>
        document.Insert(document.LastIndexOf(']'), "," + string.Join(",", entries));

    /// <summary>The document without the entry of <paramref name="feature"/> (one line per entry, as the shipped file has it).</summary>
    public static string Without(string document, string feature) =>
        string.Join('\n', document.Split('\n').Where(line => !line.Contains($"\"name\": \"{feature}\"", StringComparison.Ordinal)));

    [GeneratedRegex("\"version\":\\s*\\d+")]
    private static partial Regex VersionField();
}
