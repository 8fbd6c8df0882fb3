using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime.Messaging;

namespace OrleansRecsys.Api.Tests;

public sealed class ClusterProblemTests
{
    [Fact]
    public void A_failed_connection_or_a_dead_silo_says_a_silo_is_unavailable_not_that_the_grid_was_slow()
    {
        Assert.Equal(ClusterProblem.SiloUnavailable, ClusterProblem.DetailFor(new ConnectionFailedException("connection reset by peer")));
        Assert.Equal(ClusterProblem.SiloUnavailable, ClusterProblem.DetailFor(new SiloUnavailableException("declared dead")));
        Assert.Equal(ClusterProblem.SiloUnavailable, ClusterProblem.DetailFor(new AggregateException(new ConnectionFailedException("reset"))));
        Assert.DoesNotContain("in time", ClusterProblem.SiloUnavailable, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_says_the_grid_could_not_answer_in_time()
    {
        Assert.Equal(ClusterProblem.TimedOut, ClusterProblem.DetailFor(new TimeoutException("response did not arrive on time")));
    }

    [Fact]
    public void Other_cluster_failures_and_cancellations_have_their_own_words_and_a_bug_is_no_503()
    {
        Assert.Equal(ClusterProblem.ClusterError, ClusterProblem.DetailFor(new OrleansException("placement failed")));
        Assert.Equal(ClusterProblem.Cancelled, ClusterProblem.DetailFor(new OperationCanceledException()));
        Assert.Null(ClusterProblem.DetailFor(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void A_storage_failure_says_storage_with_its_sql_state_and_a_raw_driver_error_is_no_500()
    {
        Assert.Equal($"{ClusterProblem.StorageUnavailable} (SQL state 53300)",
            ClusterProblem.DetailFor(new StorageFailureException("too many clients", "53300", "Npgsql.PostgresException")));
        Assert.Equal(ClusterProblem.StorageUnavailable, ClusterProblem.DetailFor(new StorageFailureException("connect refused", null, "Npgsql.NpgsqlException")));
        Assert.Equal(ClusterProblem.StorageUnavailable, ClusterProblem.DetailFor(new DriverError("connection refused")));
    }

    private sealed class DriverError(string message) : System.Data.Common.DbException(message);

    [Fact]
    public async Task The_handler_writes_a_503_problem_with_retry_after_naming_the_cause()
    {
        var ctx = new DefaultHttpContext();
        ctx.Response.Body = new MemoryStream();

        var handled = await new ClusterExceptionHandler(NullLogger<ClusterExceptionHandler>.Instance)
            .TryHandleAsync(ctx, new ConnectionFailedException("reset"), CancellationToken.None);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ctx.Response.StatusCode);
        Assert.Equal("1", ctx.Response.Headers.RetryAfter.ToString());
        ctx.Response.Body.Position = 0;
        using var problem = await JsonDocument.ParseAsync(ctx.Response.Body);
        Assert.Equal(ClusterProblem.SiloUnavailable, problem.RootElement.GetProperty("detail").GetString());
        Assert.False(await new ClusterExceptionHandler(NullLogger<ClusterExceptionHandler>.Instance)
            .TryHandleAsync(new DefaultHttpContext(), new InvalidOperationException("a bug"), CancellationToken.None));
    }

    [Fact]
    public void Docs_api_md_lists_every_fallback_reason()
    {
        var api = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "api.md"));
        Assert.All(FallbackReasons.All, reason => Assert.Contains($"`{reason}`", api, StringComparison.Ordinal));
    }
}
