namespace OrleansRecsys.Security;

/// <summary>Stored grain state that cannot be opened: an unknown key id, a payload that fails authentication (altered,
/// or copied from another grain), or a payload whose form the configuration does not accept. The message says which,
/// and never contains key material.</summary>
public sealed class StateDecryptionException(string message) : Exception(message);
