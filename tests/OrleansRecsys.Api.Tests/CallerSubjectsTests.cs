using System.Security.Claims;

namespace OrleansRecsys.Api.Tests;

/// <summary>The caller's subject, read once per identity (the rate limiter's partition key on every request).</summary>
public sealed class CallerSubjectsTests
{
    [Fact]
    public void Requests_sharing_one_identity_get_its_subject_without_searching_again()
    {
        var identity = new ClaimsIdentity([new Claim("sub", "subjects-alice")], "Bearer");

        var first = CallerSubjects.Of(new ClaimsPrincipal(identity));
        var second = CallerSubjects.Of(new ClaimsPrincipal(identity));

        Assert.Equal("subjects-alice", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void Different_identities_keep_their_own_subjects()
    {
        Assert.Equal("subjects-bob", CallerSubjects.Of(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "subjects-bob")], "Bearer"))));
        Assert.Equal("subjects-carol", CallerSubjects.Of(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "subjects-carol")], "Bearer"))));
    }

    [Fact]
    public void A_caller_without_a_subject_or_not_authenticated_is_unknown()
    {
        Assert.Equal("unknown", CallerSubjects.Of(new ClaimsPrincipal(new ClaimsIdentity([], "Bearer"))));
        Assert.Equal("unknown", CallerSubjects.Of(new ClaimsPrincipal(new ClaimsIdentity())));
    }
}
