using OrleansRecsys.Security;

namespace OrleansRecsys.Cli;

/// <summary>Where recsysctl finds a token or a signing key it was not given: the nearest <c>.recsys/</c> directory up the tree.</summary>
internal static class TokenFiles
{
    /// <summary>
    /// The nearest <c>.recsys</c> directory at or above <paramref name="start"/>, so the tool works from any subdirectory
    /// of the checkout the grid runs in; null when there is none up to the root.
    /// </summary>
    public static string? NearestDirectory(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, TokenDefaults.DirectoryName);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The file <paramref name="name"/> in the nearest <c>.recsys</c> directory, or null when that has none.</summary>
    public static string? Nearest(string start, string name) =>
        NearestDirectory(start) is { } dir && Path.Combine(dir, name) is var path && File.Exists(path) ? path : null;

    /// <summary>A token file's contents, trimmed; a missing or empty file is an error that names it.</summary>
    public static string Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"token file {path} does not exist");
        }

        var token = File.ReadAllText(path).Trim();
        return token.Length > 0 ? token : throw new CliException($"token file {path} is empty");
    }
}
