using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansRecsys.Silo;

/// <summary>
/// Ends the process when a stop outlasts <c>Recsys:Host:ShutdownTimeoutSeconds</c>. The host's timeout only cancels a
/// token, and Orleans' membership agent does not honour it: leaving the cluster writes the silo's <c>Stopping</c> and
/// <c>Dead</c> status to the membership table and retries each write for up to a minute, so with PostgreSQL down a
/// SIGTERM took two minutes. Cutting the stop is safe for features: offsets are committed only behind written state,
/// so whatever this stop did not write is replayed by the partitions' next owner, and the other silos declare this
/// one dead by probing it. Only the process's entry point arms it: a host embedded in another process (a test) is
/// never ended from inside.
/// </summary>
internal sealed class StopBudget(ILoggerFactory loggers, TimeSpan budget) : IDisposable
{
    /// <summary>The exit code of a stop cut at its budget (a stop that ends in time exits 0).</summary>
    public const int ExitCode = 3;

    private readonly ILogger _logger = loggers.CreateLogger<StopBudget>();
    private CancellationTokenRegistration _stopping;
    private Timer? _timer;

    /// <summary>Starts counting when the stop begins (SIGTERM), also if it comes while the silo is still starting.</summary>
    public void Arm(IHostApplicationLifetime lifetime) =>
        _stopping = lifetime.ApplicationStopping.Register(() => _timer = new Timer(_ => Expire(), null, budget, Timeout.InfiniteTimeSpan));

    private void Expire()
    {
        _logger.LogWarning(
            "Stop exceeded its budget of {StopBudgetSeconds} s (Recsys:Host:ShutdownTimeoutSeconds); exiting with code {ExitCode}. " +
            "Steps still running (typically leaving Orleans membership with the membership table unreachable) are abandoned; " +
            "nothing unwritten was committed, so the partitions' next owner replays it",
            budget.TotalSeconds, ExitCode);
        // Disposing the factory disposes the console provider, which writes out its queue: the warning is not lost.
        loggers.Dispose();
        Environment.Exit(ExitCode);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _timer?.Dispose();
    }
}
