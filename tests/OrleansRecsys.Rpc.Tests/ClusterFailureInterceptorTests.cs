using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace OrleansRecsys.Rpc.Tests;

public sealed class ClusterFailureInterceptorTests
{
    private readonly ClusterFailureInterceptor _interceptor = new(NullLogger<ClusterFailureInterceptor>.Instance);

    [Fact]
    public async Task Storage_that_is_down_is_unavailable_naming_the_sql_state_never_unknown()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CallThrowing(new StorageFailureException("connection refused", "57P01", "Npgsql.PostgresException")));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("57P01", error.Status.Detail);
        Assert.DoesNotContain("connection refused", error.Status.Detail); // the database's words stay in the log
    }

    [Fact]
    public async Task A_silo_that_is_gone_is_unavailable()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => CallThrowing(new SiloUnavailableException("silo S1 is dead")));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task A_status_the_service_chose_passes_through_unchanged()
    {
        var chosen = new RpcException(new Status(StatusCode.InvalidArgument, "k must be 1..200"));

        var error = await Assert.ThrowsAsync<RpcException>(() => CallThrowing(chosen));

        Assert.Same(chosen, error);
    }

    [Fact]
    public async Task Other_exceptions_are_left_to_the_server()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => CallThrowing(new InvalidOperationException("a bug")));
    }

    private Task<string> CallThrowing(Exception exception) =>
        _interceptor.UnaryServerHandler<string, string>("request", new FakeServerCallContext("/recsys.v1.Features/GetUserFeatures"),
            (_, _) => Task.FromException<string>(exception));
}
