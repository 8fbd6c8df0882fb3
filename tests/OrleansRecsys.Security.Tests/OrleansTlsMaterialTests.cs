using System.Security.Cryptography.X509Certificates;
using OrleansRecsys.Security;
using OrleansRecsys.TestSupport;

namespace OrleansRecsys.Security.Tests;

/// <summary>Whom the Orleans links trust: a certificate from the configured CA, nothing else.</summary>
public sealed class OrleansTlsMaterialTests : IDisposable
{
    private readonly TestCertificateAuthority _grid = new("trust");
    private readonly TestCertificateAuthority _foreign = new("other");

    private static TlsOptions Options(Dictionary<string, string?> settings, string? crlPath = null) => new()
    {
        CertificatePath = settings["Recsys:Tls:CertificatePath"],
        KeyPath = settings["Recsys:Tls:KeyPath"],
        CaPath = settings["Recsys:Tls:CaPath"],
        CrlPath = crlPath,
    };

    private static X509Certificate2 Peer(Dictionary<string, string?> settings) =>
        X509Certificate2.CreateFromPem(File.ReadAllText(settings["Recsys:Tls:CertificatePath"]!));

    [Fact]
    public void A_certificate_on_the_CAs_revocation_list_is_refused_and_one_not_on_it_is_trusted()
    {
        var (good, revoked) = (_grid.Settings("good"), _grid.Settings("revoked"));
        _grid.WriteRevocationList(revoked["Recsys:Tls:CertificatePath"]!);

        var material = OrleansTlsMaterial.Load(Options(_grid.Settings("silo"), _grid.CrlPath));

        Assert.True(material.Trusts(Peer(good), null));
        Assert.False(material.Trusts(Peer(revoked), null));
    }

    [Fact]
    public void A_revocation_list_published_after_start_takes_effect_without_a_restart()
    {
        var peer = _grid.Settings("peer");
        _grid.WriteRevocationList();
        var material = OrleansTlsMaterial.Load(Options(_grid.Settings("silo"), _grid.CrlPath));
        Assert.True(material.Trusts(Peer(peer), null));

        _grid.WriteRevocationList(peer["Recsys:Tls:CertificatePath"]!);
        Assert.False(material.Trusts(Peer(peer), null));

        // A file caught half written leaves the list in force rather than trusting everyone.
        File.WriteAllText(_grid.CrlPath, "-----BEGIN X509 CRL-----\nMIIB");
        Assert.False(material.Trusts(Peer(peer), null));
    }

    [Fact]
    public void A_revocation_list_not_signed_by_the_CA_is_refused_at_start_naming_the_key()
    {
        _foreign.WriteRevocationList();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            OrleansTlsMaterial.Load(Options(_grid.Settings("silo"), _foreign.CrlPath)));

        Assert.Contains("Recsys:Tls:CrlPath", Assert.Single(ex.Failures));
    }

    [Fact]
    public void A_certificate_renewed_on_disk_is_the_one_presented_next_without_a_restart()
    {
        var settings = _grid.Settings("renewed");
        var material = OrleansTlsMaterial.Load(Options(settings));
        var first = material.Certificate.Thumbprint;

        _grid.Issue("renewed"); // the same files, a new certificate and key

        Assert.NotEqual(first, material.Certificate.Thumbprint);
        Assert.Equal(Peer(settings).Thumbprint, material.Certificate.Thumbprint);
        Assert.True(material.Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_peer_from_the_CA_is_trusted_and_one_from_another_CA_is_not()
    {
        var material = OrleansTlsMaterial.Load(Options(_grid.Settings("silo-1")));
        var peer = OrleansTlsMaterial.Load(Options(_grid.Settings("silo-2"))).Certificate;
        var stranger = OrleansTlsMaterial.Load(Options(_foreign.Settings("stranger", trusted: _foreign))).Certificate;

        Assert.True(material.Certificate.HasPrivateKey);
        Assert.True(material.Trusts(peer, null));
        Assert.False(material.Trusts(stranger, null));
    }

    [Fact]
    public void A_certificate_the_peer_presents_as_its_own_root_is_not_trusted()
    {
        var material = OrleansTlsMaterial.Load(Options(_grid.Settings("silo")));
        var stranger = OrleansTlsMaterial.Load(Options(_foreign.Settings("stranger", trusted: _foreign))).Certificate;
        using var presented = new X509Chain();
        presented.ChainPolicy.ExtraStore.ImportFromPemFile(_foreign.CaPath);
        presented.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        presented.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        presented.Build(stranger);
        Assert.Equal(2, presented.ChainElements.Count); // the stranger sends its whole chain, up to its own CA

        Assert.False(material.Trusts(stranger, presented));
    }

    [Fact]
    public void A_certificate_mounted_as_a_kubernetes_secret_is_followed_when_the_kubelet_swaps_the_folder()
    {
        // The kubelet's layout: tls.crt -> ..data/tls.crt, ..data -> a dated folder, replaced by renaming a new link over it.
        var mount = Directory.CreateTempSubdirectory("recsys-mount-");
        try
        {
            var (first, second) = (Version(mount, "v1", "mounted-1"), Version(mount, "v2", "mounted-2"));
            Directory.CreateSymbolicLink(Path.Combine(mount.FullName, "..data"), "v1");
            File.CreateSymbolicLink(Path.Combine(mount.FullName, "tls.crt"), "..data/tls.crt");
            File.CreateSymbolicLink(Path.Combine(mount.FullName, "tls.key"), "..data/tls.key");
            var material = OrleansTlsMaterial.Load(new TlsOptions
            {
                CertificatePath = Path.Combine(mount.FullName, "tls.crt"),
                KeyPath = Path.Combine(mount.FullName, "tls.key"),
                CaPath = _grid.CaPath,
            });
            Assert.Equal(first, material.Certificate.Thumbprint);

            Directory.CreateSymbolicLink(Path.Combine(mount.FullName, "..data_tmp"), "v2");
            using (var rename = System.Diagnostics.Process.Start("mv", ["-Tf", Path.Combine(mount.FullName, "..data_tmp"), Path.Combine(mount.FullName, "..data")]))
            {
                rename.WaitForExit();
                Assert.Equal(0, rename.ExitCode);
            }

            Assert.Equal(second, material.Certificate.Thumbprint);
        }
        finally
        {
            mount.Delete(recursive: true);
        }
    }

    /// <summary>A folder of the mount holding a new certificate's files; returns that certificate's thumbprint.</summary>
    private string Version(DirectoryInfo mount, string folder, string name)
    {
        var (certificate, key) = _grid.Issue(name);
        var target = mount.CreateSubdirectory(folder).FullName;
        foreach (var (from, to) in new[] { (certificate, "tls.crt"), (key, "tls.key") })
        {
            // Every version's files have one size (PEM readers skip the padding after the last block) and one time, as
            // renewed files written in the same second may: only the swap of the folder tells the versions apart.
            var path = Path.Combine(target, to);
            File.WriteAllText(path, File.ReadAllText(from).PadRight(8192, '\n'));
            File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        return X509Certificate2.CreateFromPem(File.ReadAllText(certificate)).Thumbprint;
    }

    [Fact]
    public void Unreadable_material_is_refused_naming_the_key()
    {
        var settings = _grid.Settings("broken");
        File.WriteAllText(settings["Recsys:Tls:CaPath"]!, "not a certificate");

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => OrleansTlsMaterial.Load(Options(settings)));

        Assert.Contains("Recsys:Tls:CaPath", Assert.Single(ex.Failures));
    }

    public void Dispose()
    {
        _grid.Dispose();
        _foreign.Dispose();
    }
}
