using System.Globalization;

namespace OrleansRecsys.Cli;

/// <summary>Prints rows as aligned columns; columns whose cells are all numbers are right-aligned.</summary>
internal sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public Table Add(params string?[] cells)
    {
        var row = new string[headers.Length];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = i < cells.Length && !string.IsNullOrEmpty(cells[i]) ? cells[i]! : "-";
        }

        _rows.Add(row);
        return this;
    }

    public void Write(TextWriter output)
    {
        var widths = new int[headers.Length];
        var numeric = new bool[headers.Length];
        for (var c = 0; c < headers.Length; c++)
        {
            widths[c] = headers[c].Length;
            numeric[c] = _rows.Count > 0;
            foreach (var row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
                numeric[c] &= row[c] == "-" || double.TryParse(row[c].TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            }
        }

        WriteRow(output, headers.Select(h => h.ToUpperInvariant()).ToArray(), widths, numeric);
        foreach (var row in _rows)
        {
            WriteRow(output, row, widths, numeric);
        }
    }

    /// <summary>A two-column "name  value" listing.</summary>
    public static void KeyValues(TextWriter output, IEnumerable<(string Key, string? Value)> pairs)
    {
        var list = pairs.ToList();
        var width = list.Count == 0 ? 0 : list.Max(p => p.Key.Length);
        foreach (var (key, value) in list)
        {
            output.WriteLine($"{key.PadRight(width)}  {(string.IsNullOrEmpty(value) ? "-" : value)}");
        }
    }

    /// <summary>A ranked answer's items, best first, numbered from 1.</summary>
    public static void RankedItems(TextWriter output, RankedItem[] items)
    {
        var table = new Table("#", "itemId", "score");
        for (var i = 0; i < items.Length; i++)
        {
            table.Add((i + 1).ToString(CultureInfo.InvariantCulture), items[i].ItemId, Format.Score(items[i].Score));
        }

        table.Write(output);
    }

    private static void WriteRow(TextWriter output, string[] cells, int[] widths, bool[] numeric)
    {
        var parts = new string[cells.Length];
        for (var c = 0; c < cells.Length; c++)
        {
            var last = c == cells.Length - 1;
            parts[c] = numeric[c] ? cells[c].PadLeft(widths[c]) : last ? cells[c] : cells[c].PadRight(widths[c]);
        }

        output.WriteLine(string.Join("  ", parts));
    }
}
