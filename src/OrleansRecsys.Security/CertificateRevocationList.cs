using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansRecsys.Security;

/// <summary>
/// The revoked serial numbers of X.509 CRLs (RFC 5280, PEM or DER) issued by a trusted certificate authority. Every CRL
/// must name one of the authority's certificates as issuer and carry a valid signature by it (ECDSA or RSA PKCS#1 with
/// SHA-256/384/512), so a list from anywhere else cannot revoke, nor be passed off as the authority's.
/// </summary>
public sealed class CertificateRevocationList
{
    private static readonly Dictionary<string, (HashAlgorithmName Hash, bool Ecdsa)> Signatures = new()
    {
        ["1.2.840.10045.4.3.2"] = (HashAlgorithmName.SHA256, true),
        ["1.2.840.10045.4.3.3"] = (HashAlgorithmName.SHA384, true),
        ["1.2.840.10045.4.3.4"] = (HashAlgorithmName.SHA512, true),
        ["1.2.840.113549.1.1.11"] = (HashAlgorithmName.SHA256, false),
        ["1.2.840.113549.1.1.12"] = (HashAlgorithmName.SHA384, false),
        ["1.2.840.113549.1.1.13"] = (HashAlgorithmName.SHA512, false),
    };

    /// <summary>Issuer (raw distinguished name, base64) and serial number (hex) of every revoked certificate.</summary>
    private readonly HashSet<(string Issuer, string Serial)> _revoked;

    private CertificateRevocationList(HashSet<(string Issuer, string Serial)> revoked) => _revoked = revoked;

    /// <summary>How many certificates the lists revoke.</summary>
    public int Count => _revoked.Count;

    /// <summary>Reads every CRL of <paramref name="contents"/> (PEM blocks <c>X509 CRL</c>, or one DER list); a list that
    /// is malformed, or not signed by a certificate of <paramref name="authority"/>, throws <see cref="CryptographicException"/>.</summary>
    public static CertificateRevocationList Parse(byte[] contents, X509Certificate2Collection authority)
    {
        var revoked = new HashSet<(string, string)>();
        var lists = 0;
        try
        {
            foreach (var der in DerLists(contents))
            {
                revoked.UnionWith(ReadVerified(der, authority));
                lists++;
            }
        }
        catch (Exception ex) when (ex is AsnContentException or FormatException)
        {
            throw new CryptographicException($"a revocation list is malformed: {ex.Message}", ex);
        }

        // A file without one whole list (empty, or caught half written) revokes nothing by mistake: it is refused.
        return lists > 0 ? new CertificateRevocationList(revoked) : throw new CryptographicException("the file holds no complete revocation list");
    }

    /// <summary>Whether a list of its issuer revokes <paramref name="certificate"/>.</summary>
    public bool Revokes(X509Certificate2 certificate) =>
        _revoked.Contains((Convert.ToBase64String(certificate.IssuerName.RawData), Convert.ToHexString(Unsigned(Convert.FromHexString(certificate.SerialNumber)))));

    private static IEnumerable<byte[]> DerLists(byte[] contents)
    {
        var text = System.Text.Encoding.ASCII.GetString(contents);
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            yield return contents;
            yield break;
        }

        var remaining = text.AsMemory();
        while (PemEncoding.TryFind(remaining.Span, out var fields))
        {
            if (remaining.Span[fields.Label].SequenceEqual("X509 CRL"))
            {
                yield return Convert.FromBase64String(remaining.Span[fields.Base64Data].ToString());
            }

            remaining = remaining[fields.Location.End..];
        }
    }

    /// <summary>The list's entries, after its issuer and signature are checked against <paramref name="authority"/>.</summary>
    private static List<(string, string)> ReadVerified(byte[] der, X509Certificate2Collection authority)
    {
        var list = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var signedPart = list.ReadEncodedValue().ToArray();
        var algorithm = list.ReadSequence().ReadObjectIdentifier();
        var signature = list.ReadBitString(out _);
        var tbs = new AsnReader(signedPart, AsnEncodingRules.DER).ReadSequence();
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            tbs.ReadInteger(); // version
        }

        tbs.ReadSequence(); // the signature algorithm again
        var issuer = tbs.ReadEncodedValue().ToArray();
        var signer = authority.FirstOrDefault(ca => ca.SubjectName.RawData.AsSpan().SequenceEqual(issuer))
            ?? throw new CryptographicException($"a revocation list is issued by '{new X500DistinguishedName(issuer).Name}', which is not a configured CA");
        if (!Verify(signer, algorithm, signedPart, signature))
        {
            throw new CryptographicException($"a revocation list of '{signer.Subject}' has no valid signature by that CA");
        }

        return RevokedSerials(tbs).Select(serial => (Convert.ToBase64String(issuer), serial)).ToList();
    }

    private static IEnumerable<string> RevokedSerials(AsnReader tbs)
    {
        tbs.ReadEncodedValue(); // thisUpdate
        if (tbs.HasData && !tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence) && tbs.PeekTag().TagClass == TagClass.Universal)
        {
            tbs.ReadEncodedValue(); // nextUpdate
        }

        if (!tbs.HasData || !tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            yield break;
        }

        var entries = tbs.ReadSequence();
        while (entries.HasData)
        {
            var entry = entries.ReadSequence();
            yield return Convert.ToHexString(Unsigned(entry.ReadIntegerBytes().ToArray()));
        }
    }

    private static bool Verify(X509Certificate2 signer, string algorithm, byte[] data, byte[] signature)
    {
        if (!Signatures.TryGetValue(algorithm, out var scheme))
        {
            throw new CryptographicException($"a revocation list is signed with algorithm {algorithm}, which is not supported (ECDSA or RSA with SHA-2)");
        }

        if (scheme.Ecdsa)
        {
            using var ecdsa = signer.GetECDsaPublicKey() ?? throw new CryptographicException($"CA '{signer.Subject}' has no ECDSA key");
            return ecdsa.VerifyData(data, signature, scheme.Hash, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = signer.GetRSAPublicKey() ?? throw new CryptographicException($"CA '{signer.Subject}' has no RSA key");
        return rsa.VerifyData(data, signature, scheme.Hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>A big-endian serial number without leading zero bytes, so the list's DER integer and the certificate's
    /// serial compare equal however each was padded.</summary>
    private static byte[] Unsigned(byte[] bytes)
    {
        var start = 0;
        while (start < bytes.Length - 1 && bytes[start] == 0)
        {
            start++;
        }

        return bytes[start..];
    }
}
