namespace OrleansRecsys;

/// <summary>
/// A pinned rank or recommend request named a version the model does not have, or one that is retired: the caller's
/// mistake, with no answer to give (a pinned call must be served by that version or not at all). The HTTP API answers
/// 404 naming the version. It derives from <see cref="OrleansException"/> so Orleans passes it on unwrapped.
/// </summary>
[GenerateSerializer, Alias("recsys.UnknownVersionException")]
public sealed class UnknownVersionException : OrleansException
{
    public UnknownVersionException()
    {
    }

    public UnknownVersionException(string model, string version, bool retired)
        : base(MessageFor(model, version, retired))
    {
        Model = model;
        Version = version;
        Retired = retired;
    }

    [Id(0)]
    public string Model { get; init; } = "";

    [Id(1)]
    public string Version { get; init; } = "";

    /// <summary>The version exists but is retired (it cannot be loaded), rather than never registered.</summary>
    [Id(2)]
    public bool Retired { get; init; }

    public static string MessageFor(string model, string version, bool retired) => retired
        ? $"version '{version}' of model '{model}' is retired and cannot serve"
        : $"model '{model}' has no version '{version}'; list its versions with GET /v1/models";
}
