using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansRecsys.Api.Tests;

public sealed class ProblemsTests
{
    [Fact]
    public void A_bad_request_names_its_field_in_the_field_extension()
    {
        var problem = Problems.Bad("k must be 1..200", "k").ProblemDetails;

        Assert.Equal(StatusCodes.Status400BadRequest, problem.Status);
        Assert.Equal("Invalid request", problem.Title);
        Assert.Equal("k must be 1..200", problem.Detail);
        Assert.Equal("k", problem.Extensions["field"]);
    }

    [Fact]
    public void A_bad_request_about_the_whole_body_has_no_field() =>
        Assert.False(Problems.Bad("the body is not valid JSON").ProblemDetails.Extensions.ContainsKey("field"));

    [Fact]
    public void Not_found_and_conflict_keep_their_titles()
    {
        Assert.Equal((StatusCodes.Status404NotFound, "Not found"), Describe(Problems.NotFound("gone")));
        Assert.Equal((StatusCodes.Status409Conflict, "Conflict"), Describe(Problems.Conflict("stale")));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415()
    {
        var (_, error) = await Problems.ReadAsync<RankBody>(Request("{}", "text/plain"));
        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, error!.StatusCode);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_413_before_reading()
    {
        var request = Request("{}");
        request.ContentLength = Problems.MaxBodyBytes + 1;
        var (_, error) = await Problems.ReadAsync<RankBody>(request);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, error!.StatusCode);
    }

    [Fact]
    public async Task A_body_without_length_that_reads_past_the_limit_is_413()
    {
        var (_, error) = await Problems.ReadAsync<RankBody>(Request($"{{\"userId\":\"{new string('u', 200)}\"}}"), maxBytes: 64);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, error!.StatusCode);
    }

    [Fact]
    public async Task A_number_sent_as_a_string_is_a_400_naming_the_json_path()
    {
        var (_, error) = await Problems.ReadAsync<RankBody>(Request("""{"userId":"u1","k":"3"}"""));
        Assert.Equal(StatusCodes.Status400BadRequest, error!.StatusCode);
        Assert.Equal("k", error.ProblemDetails.Extensions["field"]);
    }

    [Theory]
    [InlineData("{not json", "the body is not valid JSON")]
    [InlineData("null", "the body must be a JSON object")]
    public async Task A_body_that_is_not_an_object_is_a_400_without_field(string body, string detail)
    {
        var (_, error) = await Problems.ReadAsync<RankBody>(Request(body));
        Assert.Equal(StatusCodes.Status400BadRequest, error!.StatusCode);
        Assert.Equal(detail, error.ProblemDetails.Detail);
        Assert.False(error.ProblemDetails.Extensions.ContainsKey("field"));
    }

    [Fact]
    public async Task A_valid_body_is_read_with_camel_case_names()
    {
        var (body, error) = await Problems.ReadAsync<RankBody>(Request("""{"userId":"u1","candidates":["i1"],"k":1}"""));
        Assert.Null(error);
        Assert.Equal(new RankBody("u1", body!.Candidates, 1, null, null), body);
        Assert.Equal(["i1"], body.Candidates!);
    }

    private static (int?, string?) Describe(ProblemHttpResult problem) => (problem.StatusCode, problem.ProblemDetails.Title);

    private static HttpRequest Request(string body, string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return context.Request;
    }
}
