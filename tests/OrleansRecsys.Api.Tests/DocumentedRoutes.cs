using System.Text.RegularExpressions;

namespace OrleansRecsys.Api.Tests;

/// <summary>
/// The routes docs/api.md describes: every <c>METHOD /path</c> in a <c>###</c> heading, and every table row whose first
/// cell is a <c>`METHOD /path`</c> (the operations endpoints).
/// </summary>
internal static partial class DocumentedRoutes
{
    public static SortedSet<string> Read(string markdown)
    {
        var routes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in markdown.Split('\n'))
        {
            var matches = line.StartsWith("### ", StringComparison.Ordinal) ? RouteInHeading().Matches(line)
                : line.StartsWith('|') ? RouteInFirstCell().Matches(line)
                : null;
            foreach (Match match in matches ?? (IEnumerable<Match>)[])
            {
                routes.Add($"{match.Groups["method"].Value} {match.Groups["path"].Value}");
            }
        }

        return routes;
    }

    [GeneratedRegex(@"\b(?<method>GET|POST|PUT|DELETE|PATCH) (?<path>/[^\s,`()]*)")]
    private static partial Regex RouteInHeading();

    [GeneratedRegex(@"^\|\s*`(?<method>GET|POST|PUT|DELETE|PATCH) (?<path>/[^\s`]*)`\s*\|")]
    private static partial Regex RouteInFirstCell();
}
