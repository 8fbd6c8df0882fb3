using System.Security.Cryptography;
using OrleansRecsys.Ingestion;

namespace OrleansRecsys.Ingestion.Tests;

public sealed class UserPseudonymsTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void One_user_keeps_one_pseudonym_that_hides_the_id_and_depends_on_the_key()
    {
        var pseudonyms = new UserPseudonyms(Key);
        var p = pseudonyms.Of("alice@example.com");
        Assert.Equal(p, new UserPseudonyms((byte[])Key.Clone()).Of("alice@example.com"));
        Assert.StartsWith("p-", p);
        Assert.Equal(24, p.Length);
        Assert.DoesNotContain("alice", p);
        Assert.NotEqual(p, pseudonyms.Of("alice@example.co"));
        Assert.NotEqual(p, new UserPseudonyms(RandomNumberGenerator.GetBytes(32)).Of("alice@example.com"));
    }

    [Fact]
    public void Off_keeps_user_ids_and_a_short_key_is_refused()
    {
        Assert.Equal("alice", UserPseudonyms.Off.Of("alice"));
        Assert.False(UserPseudonyms.Off.IsOn);
        Assert.Throws<ArgumentException>(() => new UserPseudonyms(new byte[31]));
    }
}
