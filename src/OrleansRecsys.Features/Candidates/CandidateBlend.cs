namespace OrleansRecsys.Features.Candidates;

/// <summary>The candidate list being blended: each item once, excluded items never, each source up to its quota, the
/// whole list up to <c>limit</c>.</summary>
internal sealed class CandidateBlend(HashSet<string> excluded, int limit)
{
    private readonly List<Candidate> _candidates = [];
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public int Count => _candidates.Count;

    /// <summary>Takes items of one source in order until it has contributed <paramref name="quota"/> or the list is full.</summary>
    public void Add(string source, IEnumerable<string> items, int quota)
    {
        var added = 0;
        foreach (var item in items)
        {
            if (added >= quota || _candidates.Count >= limit)
            {
                return;
            }

            if (!excluded.Contains(item) && _taken.Add(item))
            {
                _candidates.Add(new Candidate(item, source));
                added++;
            }
        }
    }

    public Candidate[] ToArray() => [.. _candidates];
}
