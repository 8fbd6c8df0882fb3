using System.Diagnostics;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// Prometheus' own linter, <c>promtool check metrics</c>, over a scrape. scripts/test.sh installs it (Debian's prometheus
/// package) and names it in RECSYS_TEST_PROMTOOL; without the script it is looked up on the PATH.
/// </summary>
public static class Promtool
{
    /// <summary>promtool's findings for <paramref name="exposition"/>, one per line ("family finding").</summary>
    public static async Task<string[]> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("RECSYS_TEST_PROMTOOL") ?? "promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("promtool is missing: run the suite with scripts/test.sh, which installs it", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(exposition);
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            // Exit code 3 is "lint problems found"; anything else but 0 means it could not read the exposition at all.
            Assert.True(process.ExitCode is 0 or 3, $"promtool exited {process.ExitCode}: {await stderr}");
            return ((await stdout) + (await stderr)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    /// <summary>Runs promtool with <paramref name="arguments"/> in <paramref name="directory"/>: its exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("RECSYS_TEST_PROMTOOL") ?? "promtool", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
