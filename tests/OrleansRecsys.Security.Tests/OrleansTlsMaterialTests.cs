using System.Security.Cryptography.X509Certificates;
using OrleansRecsys.Security;
using OrleansRecsys.TestSupport;

namespace OrleansRecsys.Security.Tests;

/// <summary>Whom the Orleans links trust: a certificate from the configured CA, nothing else.</summary>
public sealed class OrleansTlsMaterialTests : IDisposable
{
    private readonly TestCertificateAuthority _grid = new("trust");
    private readonly TestCertificateAuthority _foreign = new("other");

    private static TlsOptions Options(Dictionary<string, string?> settings) => new()
    {
        CertificatePath = settings["Recsys:Tls:CertificatePath"],
        KeyPath = settings["Recsys:Tls:KeyPath"],
        CaPath = settings["Recsys:Tls:CaPath"],
    };

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
