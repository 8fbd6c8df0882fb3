using System.Diagnostics.CodeAnalysis;

namespace OrleansRecsys;

/// <summary>
/// One version of one model, written <c>name@version</c>: the key of <see cref="IModelVersionGrain"/> and of the
/// per-silo model sessions. Neither part can contain '@' (see <see cref="ModelNames.Pattern"/>).
/// </summary>
public readonly record struct ModelVersionKey(string Model, string Version)
{
    public const char Separator = '@';

    public override string ToString() => string.Concat(Model, Separator.ToString(), Version);

    /// <summary>Reads <c>name@version</c>; false when there is no '@' or either side is empty.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ModelVersionKey key)
    {
        var at = text?.LastIndexOf(Separator) ?? -1;
        if (text is null || at <= 0 || at == text.Length - 1)
        {
            key = default;
            return false;
        }

        key = new ModelVersionKey(text[..at], text[(at + 1)..]);
        return true;
    }
}
