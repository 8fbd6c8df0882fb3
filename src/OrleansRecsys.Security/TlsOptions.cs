using System.Security.Cryptography.X509Certificates;

namespace OrleansRecsys.Security;

/// <summary>
/// Options under <c>Recsys:Tls</c>: the PEM material this process presents on the Orleans links (silo to silo, client to
/// gateway) and the certificate authority it trusts for its peers. Shared by the silo, the gateway and the typed client,
/// so every end of a link reads the same keys.
/// </summary>
public sealed class TlsOptions
{
    public const string Section = "Recsys:Tls";

    /// <summary>This process's certificate chain (PEM).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The private key of <see cref="CertificatePath"/> (PEM, owner-only).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The certificate authority (PEM) whose certificates peers must present; no other root is trusted.</summary>
    public string? CaPath { get; set; }

    /// <summary>
    /// Revocation lists (PEM or DER CRLs) signed by the CA of <see cref="CaPath"/>: a peer whose certificate one of them
    /// lists is refused. Read again whenever the file changes, so publishing a new list takes effect without a restart.
    /// </summary>
    public string? CrlPath { get; set; }

    /// <summary>
    /// The platform's revocation check of a peer's chain: <c>NoCheck</c> (the default; <see cref="CrlPath"/> still
    /// applies), <c>Online</c> (fetch the CRLs and OCSP answers the certificates point to; a peer whose status cannot be
    /// learned is refused) or <c>Offline</c> (only what the machine has cached).
    /// </summary>
    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.NoCheck;

    /// <summary>
    /// Lets the production profile listen on a non-loopback address without TLS. Off by default: plaintext is a choice
    /// an operator writes down (for example behind a mesh that terminates TLS), never an accident.
    /// </summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>Whether certificate, key and authority are all given.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(CertificatePath) && !string.IsNullOrWhiteSpace(KeyPath) && !string.IsNullOrWhiteSpace(CaPath);
}
