namespace OrleansRecsys.Silo;

/// <summary>
/// The identity of the grain whose state is being read or written, for the serializer below the storage provider:
/// <see cref="Orleans.Storage.IGrainStorageSerializer"/> is given only the state, so <see cref="IdentityBindingGrainStorage"/>
/// sets it around each call and it flows (as an async local) into the provider's serializer calls.
/// </summary>
internal static class GrainStateScope
{
    private static readonly AsyncLocal<byte[]?> Identity = new();

    /// <summary>The identity of the storage call in progress; empty outside one.</summary>
    public static ReadOnlySpan<byte> Current => Identity.Value;

    /// <summary>Sets the identity for the rest of the calling async method (and what it awaits); an async method's
    /// changes to an async local end with it, so nothing leaks to the caller.</summary>
    public static void Enter(string stateName, GrainId grainId) => Identity.Value = GrainStateIdentity.Of(stateName, grainId);
}
