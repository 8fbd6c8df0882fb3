namespace OrleansRecsys;

/// <summary>
/// The input limits of the serving and ingestion requests, the same over HTTP and the .NET client
/// (<see cref="RequestRules"/> applies them).
/// </summary>
public static class RequestLimits
{
    /// <summary>User and item ids are 1..128 characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>A rank or vectors request scores at most 1,000 items; a recommend request excludes at most as many.</summary>
    public const int MaxCandidates = 1000;

    /// <summary>A response holds at most 200 items (<c>k</c> is 1..200).</summary>
    public const int MaxK = 200;

    /// <summary>What <c>k</c> defaults to in a rank request that gives none (capped at the number of candidates).</summary>
    public const int DefaultRankK = 10;

    /// <summary>The serving deadline a request may ask for: 1 ms .. 10 s.</summary>
    public const int MinDeadlineMs = 1;

    /// <summary>The longest serving deadline a request may ask for (10 s).</summary>
    public const int MaxDeadlineMs = 10_000;

    /// <summary>A request context holds at most 32 entries.</summary>
    public const int MaxContextEntries = 32;

    /// <summary>A context key (a context feature's name) is 1..128 characters.</summary>
    public const int MaxContextKeyLength = 128;

    /// <summary>A context string is at most 256 characters (a search query, a page path).</summary>
    public const int MaxContextTextLength = 256;

    /// <summary>An ingest request (events or items) holds 1..10,000 entries.</summary>
    public const int MaxIngestBatch = 10_000;
}
