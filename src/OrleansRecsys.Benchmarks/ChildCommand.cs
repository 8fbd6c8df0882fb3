using System.Diagnostics;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// Another command of this tool run as a child process (a broker, a load generator), talking over its standard input and
/// output: started with its arguments and environment, ready once its first line says so, and ended by closing its
/// standard input (killed if it does not end within 10 s).
/// </summary>
internal static class ChildCommand
{
    /// <summary>Starts this tool with <paramref name="arguments"/> and waits for its first line; a first line that
    /// <paramref name="isReady"/> refuses kills the child and throws, naming <paramref name="what"/>.</summary>
    public static async Task<(Process Process, string FirstLine)> StartAsync(string what, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment, Func<string, bool> isReady)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildCommand).Assembly.Location); // run through the muxer rather than the app host
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync() ?? "";
        if (!isReady(line))
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"the child {what} did not start: '{line}'");
        }

        return (process, line);
    }

    /// <summary>Closes the child's standard input, which ends it, and waits up to 10 s before killing it.</summary>
    public static void Stop(Process process)
    {
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
        }

        process.Dispose();
    }
}
