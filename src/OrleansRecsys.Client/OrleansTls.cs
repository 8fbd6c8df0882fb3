using Orleans.Connections.Security;
using Orleans.Hosting;
using OrleansRecsys.Security;
using OrleansTlsSettings = Orleans.Connections.Security.TlsOptions;
using TlsOptions = OrleansRecsys.Security.TlsOptions;

namespace OrleansRecsys.Client;

/// <summary>
/// Mutual TLS on the Orleans links from <see cref="TlsOptions"/> (<c>Recsys:Tls</c>): silo to silo, and client to
/// silo gateway. Each end presents its certificate and accepts only a peer whose certificate chains to the configured
/// CA, so a process without a certificate from that CA can neither join the cluster nor call a grain. It lives with the
/// client because its transport package brings the Orleans runtime: tools that only mint tokens or call HTTP stay free of it.
/// </summary>
public static class OrleansTls
{
    /// <summary>TLS on the silo's inbound silo and gateway connections and its outbound silo connections; nothing when
    /// <paramref name="tls"/> is unset. Unusable material throws here, naming its key.</summary>
    public static ISiloBuilder UseRecsysTls(this ISiloBuilder silo, TlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!IsRequested(tls))
        {
            return silo;
        }

        var material = OrleansTlsMaterial.Load(tls);
        return silo.UseTls(options => Apply(options, material));
    }

    /// <summary>TLS on the client's connections to silo gateways; nothing when <paramref name="tls"/> is unset.</summary>
    public static IClientBuilder UseRecsysTls(this IClientBuilder client, TlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!IsRequested(tls))
        {
            return client;
        }

        var material = OrleansTlsMaterial.Load(tls);
        return client.UseTls(options => Apply(options, material));
    }

    /// <summary>Any of the three paths given asks for TLS: a partial setting is refused by <see cref="OrleansTlsMaterial.Load"/>,
    /// never silently read as plaintext.</summary>
    private static bool IsRequested(TlsOptions tls) =>
        !string.IsNullOrWhiteSpace(tls.CertificatePath) || !string.IsNullOrWhiteSpace(tls.KeyPath) || !string.IsNullOrWhiteSpace(tls.CaPath);

    private static void Apply(OrleansTlsSettings options, OrleansTlsMaterial material)
    {
        options.LocalCertificate = material.Certificate;
        // Asked on every new connection, so a certificate renewed on disk is presented without a restart.
        options.LocalServerCertificateSelector = (_, _) => material.Certificate;
        options.LocalClientCertificateSelector = (_, _, _, _, _) => material.Certificate;
        // Required both ways: a silo demands the dialler's certificate, and every dialler (silo or client) presents its own.
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // Replaces the platform's verdict (system roots, host name) with the configured CA's.
        options.RemoteCertificateValidation = (certificate, chain, _) => material.Trusts(certificate, chain);
    }
}
