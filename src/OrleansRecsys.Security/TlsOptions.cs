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
    /// Lets the production profile listen on a non-loopback address without TLS. Off by default: plaintext is a choice
    /// an operator writes down (for example behind a mesh that terminates TLS), never an accident.
    /// </summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>Whether certificate, key and authority are all given.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(CertificatePath) && !string.IsNullOrWhiteSpace(KeyPath) && !string.IsNullOrWhiteSpace(CaPath);
}
