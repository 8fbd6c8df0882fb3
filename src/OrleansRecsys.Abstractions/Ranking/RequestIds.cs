namespace OrleansRecsys;

/// <summary>Request ids carry the model and version they were ranked with, so outcomes can be attributed without a join store.</summary>
public static class RequestIds
{
    public const char Separator = '~';
    public const int MaxLength = 128;

    public static string New(string model, string? version)
    {
        var id = Guid.NewGuid().ToString("N");
        if (version is null)
        {
            return id;
        }

        var full = string.Concat(id, Separator.ToString(), model, Separator.ToString(), version);
        return full.Length <= MaxLength ? full : id;
    }

    public static bool TryParse(string? requestId, out string model, out string version)
    {
        model = version = "";
        if (requestId is null)
        {
            return false;
        }

        var first = requestId.IndexOf(Separator);
        var last = requestId.LastIndexOf(Separator);
        if (first < 0 || last <= first + 1 || last == requestId.Length - 1)
        {
            return false;
        }

        model = requestId[(first + 1)..last];
        version = requestId[(last + 1)..];
        return true;
    }
}
