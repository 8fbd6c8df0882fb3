namespace OrleansRecsys.Api;

/// <summary>One file of the rollout console, as embedded in this assembly.</summary>
/// <param name="ETag">A strong validator over the bytes, so a browser revalidates instead of downloading again.</param>
public sealed record ConsoleAsset(string Name, byte[] Content, string ContentType, string ETag);
