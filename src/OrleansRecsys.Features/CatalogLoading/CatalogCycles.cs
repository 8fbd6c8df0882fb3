namespace OrleansRecsys.Features.CatalogLoading;

/// <summary>
/// Refuses a catalogue whose derived and cross features read each other in a circle (a reads b, b reads a): such a
/// feature has no value to compute. Checked on names before references are resolved, so the message shows the circle
/// as written instead of a shape complaint about one of its links.
/// </summary>
internal static class CatalogCycles
{
    public static void ThrowIfAny(IReadOnlyList<FeatureDefinitionJson> entries)
    {
        var reads = new Dictionary<string, List<(string Field, string Target)>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            reads[entry.Name!] = References(entry);
        }

        var finished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            Visit(entry.Name!, reads, finished, []);
        }
    }

    /// <summary>Depth-first along the references; <paramref name="path"/> is the chain from the start to here.</summary>
    private static void Visit(string name, Dictionary<string, List<(string Field, string Target)>> reads, HashSet<string> finished, List<string> path)
    {
        if (finished.Contains(name) || !reads.TryGetValue(name, out var references))
        {
            return;
        }

        path.Add(name);
        foreach (var (field, target) in references)
        {
            var seenAt = path.IndexOf(target);
            if (seenAt >= 0)
            {
                var circle = string.Join(" -> ", path.Skip(seenAt).Append(target));
                throw new CatalogException($"feature '{name}', field '{field}': reads itself through a cycle ({circle})");
            }

            Visit(target, reads, finished, path);
        }

        path.RemoveAt(path.Count - 1);
        finished.Add(name);
    }

    private static List<(string Field, string Target)> References(FeatureDefinitionJson entry)
    {
        var references = new List<(string, string)>();
        foreach (var (field, target) in (ReadOnlySpan<(string, string?)>)[("numerator", entry.Numerator), ("denominator", entry.Denominator),
                     ("user", entry.User), ("item", entry.Item), ("context", entry.Context), ("sum", entry.Sum), ("count", entry.Count)])
        {
            if (target is not null && entry.Derived is not null)
            {
                references.Add((field, target));
            }
        }

        return references;
    }
}
