using System.Globalization;

namespace OrleansRecsys.Features;

/// <summary>Durations as the catalogue and the command line write them: a number and a unit (90s, 15m, 1h, 7d).</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (text.Length < 2)
        {
            return false;
        }

        var unit = text[^1];
        if (!double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount))
        {
            return false;
        }

        value = unit switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => TimeSpan.MinValue,
        };
        return value != TimeSpan.MinValue;
    }
}
