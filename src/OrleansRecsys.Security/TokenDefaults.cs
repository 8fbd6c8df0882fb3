namespace OrleansRecsys.Security;

/// <summary>
/// The grid's token defaults (<c>Recsys:Auth</c> when not configured). recsysctl mints tokens without the grid's
/// configuration, so both read the defaults from here.
/// </summary>
public static class TokenDefaults
{
    public const string Issuer = "orleans-recsys";

    public const string Audience = "recsys";

    /// <summary>Where the development profile keeps its generated signing key (base64), relative to the working directory.</summary>
    public const string DevKeyFile = ".recsys/dev-signing-key";

    /// <summary>Where the development profile writes a ready admin token.</summary>
    public const string DevTokenFile = ".recsys/dev-token";
}
