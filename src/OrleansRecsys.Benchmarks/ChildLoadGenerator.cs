using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// The overload benchmarks' load generator in a child process (this tool's <c>loadgen</c> command), so that sending,
/// refusing and reading tens of thousands of requests a second does not run on the silo's thread pool or hold its
/// connections' memory, as a load generator on its own machine would not. The child keeps one HTTP client (its
/// connections stay open from step to step, as a pool of callers would) and runs open-loop steps on request: each step
/// at a fixed rate, sent by its own dispatcher thread (<see cref="OutcomeRecorder"/>), every request's send time, latency
/// and outcome written to a file the parent reads once the step is over. The two processes still share the machine's
/// cores; the operating system, not the silo's thread pool, divides them.
/// </summary>
internal sealed class ChildLoadGenerator : IDisposable
{
    private const string TokenVariable = "RECSYS_LOADGEN_TOKEN";

    private readonly Process _process;
    private readonly string _directory = Directory.CreateTempSubdirectory("recsys-loadgen-").FullName;
    private int _steps;

    private ChildLoadGenerator(Process process) => _process = process;

    /// <summary>The child's CPU seconds so far (user + system).</summary>
    public double CpuSeconds() => ThreadCpu.OfProcess(_process.Id);

    /// <summary>Starts the child against <paramref name="url"/>; it sends the token as a bearer (passed in its environment,
    /// not on its command line).</summary>
    public static async Task<ChildLoadGenerator> StartAsync(string url, string token, int users, int candidates, int connections, string model = "ranker")
    {
        string[] arguments = ["loadgen", "--url", url, "--users", $"{users}", "--candidates", $"{candidates}", "--connections", $"{connections}", "--model", model];
        var environment = new Dictionary<string, string>
        {
            [TokenVariable] = token,
            ["DOTNET_gcServer"] = "0", // a client: one GC heap, not one per core beside the silo's
        };
        var (process, _) = await ChildCommand.StartAsync("load generator", arguments, environment, line => line == "ready");
        return new ChildLoadGenerator(process);
    }

    /// <summary>One open-loop step in the child: <paramref name="rate"/> requests a second for <paramref name="duration"/>;
    /// completes once every request has ended, with each one's sample.</summary>
    public async Task<IReadOnlyList<OutcomeRecorder.Sample>> OfferAsync(double rate, TimeSpan duration)
    {
        var path = Path.Combine(_directory, $"step-{++_steps}.csv");
        await _process.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"run {rate} {duration.TotalSeconds} {path}"));
        await _process.StandardInput.FlushAsync();
        var reply = await _process.StandardOutput.ReadLineAsync();
        if (reply is null || !reply.StartsWith("done ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the child load generator failed a step: '{reply}'");
        }

        var samples = LoadGeneratorSamples.Read(path);
        File.Delete(path);
        return samples;
    }

    /// <summary>The child's side: reads <c>run RATE SECONDS PATH</c> lines until standard input closes, answering each with
    /// <c>done {json}</c> once the step's samples are in PATH.</summary>
    public static async Task<int> ServeAsync(LoadOptions o)
    {
        var token = Environment.GetEnvironmentVariable(TokenVariable) ?? throw new InvalidOperationException($"{TokenVariable} is not set");
        using var http = HttpRankCaller.Client(o.Get("url", ""), token, (int)o.Num("connections", 256));
        var caller = new HttpRankCaller(http, (int)o.Num("users", 10_000), RankLoad.CandidateSets((int)o.Num("candidates", 100)), o.Get("model", "ranker"));
        Console.WriteLine("ready");
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            var recorder = new OutcomeRecorder(double.Parse(parts[1], CultureInfo.InvariantCulture),
                TimeSpan.FromSeconds(double.Parse(parts[2], CultureInfo.InvariantCulture)), caller.RankAsync);
            var samples = await recorder.RunAsync();
            LoadGeneratorSamples.Write(parts[3], samples);
            Console.WriteLine("done " + JsonSerializer.Serialize(new { samples = samples.Count, peakInFlight = recorder.PeakInFlight }));
            Console.Out.Flush();
        }

        return 0;
    }

    public void Dispose()
    {
        ChildCommand.Stop(_process);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
