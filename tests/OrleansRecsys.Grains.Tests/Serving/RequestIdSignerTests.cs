using OrleansRecsys.Grains.Monitoring;
using OrleansRecsys.Grains.Serving;

namespace OrleansRecsys.Grains.Tests.Serving;

public sealed class RequestIdSignerTests
{
    private readonly RequestIdSigner _signer = RequestIdSigner.WithRandomKey();

    [Fact]
    public void A_signed_id_names_model_and_version_and_verifies_for_its_user_only()
    {
        var id = _signer.New("ranker", "v2", "u42");

        Assert.True(RequestIds.TryParse(id, out var model, out var version));
        Assert.Equal(("ranker", "v2"), (model, version));
        Assert.Equal(RequestIds.NonceLength + "ranker".Length + "v2".Length + RequestIds.TagLength + 3, id.Length);
        Assert.Null(_signer.Verify(id, "u42", out model, out version));
        Assert.Equal(("ranker", "v2"), (model, version));
        Assert.Equal(UnattributedReasons.Forged, _signer.Verify(id, "u43", out _, out _));
        Assert.Equal(UnattributedReasons.Forged, RequestIdSigner.WithRandomKey().Verify(id, "u42", out _, out _));
    }

    [Fact]
    public void Ids_are_unique_and_unversioned_ids_do_not_parse()
    {
        Assert.NotEqual(_signer.New("ranker", "v1", "u1"), _signer.New("ranker", "v1", "u1"));
        Assert.False(RequestIds.TryParse("r-9", out _, out _));
        Assert.False(RequestIds.TryParse(RequestIds.Unversioned(), out _, out _));
        Assert.Equal(UnattributedReasons.Unversioned, _signer.Verify(RequestIds.Unversioned(), "u1", out _, out _));
    }

    [Fact]
    public void Names_too_long_for_an_event_field_get_an_unversioned_id()
    {
        var longest = _signer.New(new string('m', 64), new string('v', 64), "u1");
        Assert.True(longest.Length <= RequestIds.MaxLength);
        Assert.False(RequestIds.TryParse(longest, out _, out _));
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_is_refused() =>
        Assert.Throws<ArgumentException>(() => new RequestIdSigner(new byte[31]));
}
