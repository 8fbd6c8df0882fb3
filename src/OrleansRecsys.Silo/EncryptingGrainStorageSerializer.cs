using Orleans.Storage;
using OrleansRecsys.Security;

namespace OrleansRecsys.Silo;

/// <summary>
/// A grain storage serializer that seals what <paramref name="inner"/> produces (<see cref="StateEncryption"/>) and opens
/// what it is given back, bound to the grain of the storage call in progress (<see cref="GrainStateScope"/>). Any provider
/// configured with it stores only ciphertext; with encryption off it passes bytes through (and refuses sealed ones).
/// </summary>
internal sealed class EncryptingGrainStorageSerializer(IGrainStorageSerializer inner, StateEncryption encryption) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) =>
        new(encryption.Protect(inner.Serialize(input).ToMemory().Span, GrainStateScope.Current));

    public T? Deserialize<T>(BinaryData input) =>
        inner.Deserialize<T>(new BinaryData(encryption.Unprotect(input.ToMemory().Span, GrainStateScope.Current)));
}
