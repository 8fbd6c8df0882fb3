using System.Text.RegularExpressions;

namespace OrleansRecsys;

/// <summary>What a model name (and a model version) may look like, and the model used when a request names none.</summary>
public static partial class ModelNames
{
    /// <summary>The model a rank, recommend or vectors request uses when it names none.</summary>
    public const string Default = "ranker";

    /// <summary>Model names and versions: lower-case letters, digits, '_', '.', '-'; 1..64 characters, starting with a letter or digit.</summary>
    public const string Pattern = "^[a-z0-9][a-z0-9_.-]{0,63}$";

    /// <summary><see cref="Pattern"/> as error messages show it.</summary>
    public const string PatternDescription = "[a-z0-9][a-z0-9_.-]{0,63}";

    /// <summary>Whether <paramref name="name"/> is a valid model name or version.</summary>
    public static bool IsValid(string? name) => name is not null && PatternRegex().IsMatch(name);

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    private static partial Regex PatternRegex();
}
