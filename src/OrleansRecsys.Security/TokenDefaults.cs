namespace OrleansRecsys.Security;

/// <summary>
/// The grid's token defaults (<c>Recsys:Auth</c> when not configured). recsysctl mints tokens without the grid's
/// configuration, so both read the defaults from here.
/// </summary>
public static class TokenDefaults
{
    public const string Issuer = "orleans-recsys";

    public const string Audience = "recsys";

    /// <summary>The directory holding the development key and token; recsysctl looks for the nearest one up the tree.</summary>
    public const string DirectoryName = ".recsys";

    /// <summary>The token file's name inside <see cref="DirectoryName"/>.</summary>
    public const string TokenFileName = "dev-token";

    /// <summary>The key file's name inside <see cref="DirectoryName"/>.</summary>
    public const string KeyFileName = "dev-signing-key";

    /// <summary>
    /// The longest lifetime of a token signed with the grid's own keys (the dev token, <c>recsysctl token</c>): a leaked
    /// copy stops working within a week, and the grid refuses tokens that claim to live longer.
    /// </summary>
    public const int MaxLifetimeDays = 7;

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(MaxLifetimeDays);

    /// <summary>Where the development profile keeps its generated signing key (base64), relative to the working directory.</summary>
    public const string DevKeyFile = DirectoryName + "/" + KeyFileName;

    /// <summary>Where the development profile writes a ready admin token.</summary>
    public const string DevTokenFile = DirectoryName + "/" + TokenFileName;
}
