namespace OrleansRecsys.Features.State;

/// <summary>
/// The items most often co-visited with one item, in bounded memory: a space-saving sketch (Metwally et al.) of at most
/// <c>capacity</c> counters. A co-visited item already counted gains one; a new one takes a free counter, or when all
/// are taken replaces the smallest and starts from its count plus one. So memory never exceeds the capacity, every item
/// co-visited more than total/capacity times is kept, and a kept count overstates the true one by at most the count it
/// replaced. Persisted with the item's feature state.
/// </summary>
[GenerateSerializer, Alias("recsys.CoVisitSketch")]
public sealed class CoVisitSketch
{
    [Id(0)] internal string[] Items = [];
    [Id(1)] internal int[] Counts = [];
    [Id(2)] internal int Size;

    /// <summary>How many co-visits were counted in all (the sum of the counters).</summary>
    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < Size; i++)
            {
                total += Counts[i];
            }

            return total;
        }
    }

    public void Add(string item, int capacity)
    {
        for (var i = 0; i < Size; i++)
        {
            if (string.Equals(Items[i], item, StringComparison.Ordinal))
            {
                Counts[i]++;
                return;
            }
        }

        if (Size < capacity)
        {
            Grow(capacity);
            Items[Size] = IdPool.Intern(item);
            Counts[Size++] = 1;
            return;
        }

        var smallest = 0;
        for (var i = 1; i < Size; i++)
        {
            smallest = Counts[i] < Counts[smallest] ? i : smallest;
        }

        Items[smallest] = IdPool.Intern(item);
        Counts[smallest]++;
    }

    /// <summary>The <paramref name="n"/> strongest co-visited items, highest count first (ties by id, so the order is stable).</summary>
    public (string ItemId, int Count)[] Top(int n)
    {
        var top = new (string, int)[Size];
        for (var i = 0; i < Size; i++)
        {
            top[i] = (Items[i], Counts[i]);
        }

        Array.Sort(top, static (a, b) => b.Item2 != a.Item2 ? b.Item2.CompareTo(a.Item2) : string.CompareOrdinal(a.Item1, b.Item1));
        return top.Length > n ? top[..n] : top;
    }

    public CoVisitSketch Clone() => new() { Items = (string[])Items.Clone(), Counts = (int[])Counts.Clone(), Size = Size };

    /// <summary>Arrays grow by half up to the capacity: most items are co-visited with few others.</summary>
    private void Grow(int capacity)
    {
        if (Size < Items.Length)
        {
            return;
        }

        var length = Math.Min(capacity, Math.Max(4, Items.Length + (Items.Length / 2)));
        Array.Resize(ref Items, length);
        Array.Resize(ref Counts, length);
    }
}
