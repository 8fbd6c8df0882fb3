using System.Diagnostics;
using System.Globalization;

namespace OrleansRecsys.Testing;

/// <summary>A silo as a real OS process (cluster profile), so it can be killed with SIGKILL or stopped with SIGTERM.
/// The integration tests and the failover benchmark start their multi-process clusters with it.</summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();

    private SiloProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Url { get; }

    /// <summary>The OS process id (for <see cref="ProcessMemory"/>).</summary>
    public int Id => _process.Id;
    public bool Exited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Log { get { lock (_log) { return _log.ToString(); } } }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "OrleansRecsys.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (OrleansRecsys.sln)");
    }

    public static string SiloDll()
    {
        var root = RepoRoot();
        var config = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(root, "src", "OrleansRecsys.Silo", "bin", config, "net10.0", "linux-x64", "OrleansRecsys.Silo.dll");
    }

    public static SiloProcess Start(IDictionary<string, string> env)
    {
        var port = EmbeddedGrid.FreePort();
        var info = new ProcessStartInfo("dotnet", $"\"{SiloDll()}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot(),
        };
        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        info.Environment["RECSYS__HOST__HTTPURL"] = $"http://127.0.0.1:{port}";
        info.Environment["RECSYS__HOST__GRPCURL"] = $"http://127.0.0.1:{EmbeddedGrid.FreePort()}";
        info.Environment["RECSYS__HOST__SILOPORT"] = EmbeddedGrid.FreePort().ToString(CultureInfo.InvariantCulture);
        info.Environment["RECSYS__HOST__GATEWAYPORT"] = EmbeddedGrid.FreePort().ToString(CultureInfo.InvariantCulture);
        return new SiloProcess(Process.Start(info)!, $"http://127.0.0.1:{port}");
    }

    /// <summary>The grain state key of test clusters (base64 of 32 bytes), also their pseudonym key: the same on every silo.</summary>
    public const string StateKey = "cmVjc3lzLXRlc3QtY2x1c3Rlci1zdGF0ZS1rZXktMzI=";

    /// <summary>The cluster profile as it ships (its failure-detection and Kafka settings are the defaults), pointed at
    /// this cluster's database, broker and model store.</summary>
    public static Dictionary<string, string> ProfileEnvironment(string db, string kafka, string store, string clusterId, string signingKey) => new()
    {
        ["RECSYS_PROFILE"] = "cluster",
        ["RECSYS__STORAGE__CONNECTIONSTRING"] = db,
        ["RECSYS__KAFKA__BOOTSTRAPSERVERS"] = kafka,
        ["RECSYS__AUTH__SIGNINGKEY"] = signingKey,
        ["RECSYS__GRID__REQUESTIDKEY"] = EmbeddedGrid.RequestIdKey,
        ["RECSYS__ENCRYPTION__KEYS__0__ID"] = "test-1",
        ["RECSYS__ENCRYPTION__KEYS__0__KEY"] = StateKey,
        ["RECSYS__ENCRYPTION__PSEUDONYMKEY"] = StateKey,
        // Readable row keys: cluster tests find and refuse rows by grain-id prefix (the pseudonymous path has tests of its own).
        ["RECSYS__ENCRYPTION__PLAINTEXTGRAINKEYS"] = "true",
        ["RECSYS__HOST__ADVERTISEDIP"] = "127.0.0.1",
        ["RECSYS__HOST__CLUSTERID"] = clusterId,
        ["RECSYS__GRID__MODELSTOREDIRECTORY"] = store,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>The environment most test silo processes get: the profile plus short checkpoints, a long rank deadline
    /// and a membership table re-read every 2 s.</summary>
    public static Dictionary<string, string> ClusterEnvironment(string db, string kafka, string store, string clusterId, string signingKey)
    {
        var env = ProfileEnvironment(db, kafka, store, clusterId, signingKey);
        env["RECSYS__KAFKA__CHECKPOINTINTERVALMS"] = "500";
        env["RECSYS__GRID__DEADLINEMS"] = "1000";
        env["RECSYS__MEMBERSHIP__TABLEREFRESHSECONDS"] = "2";
        return env;
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Stops the process with SIGSTOP, as a silo that hangs: its connections stay open and nothing on them is
    /// answered, so calls sent to it stay in flight until it is killed (SIGKILL ends a stopped process too).</summary>
    public void Freeze()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", $"-STOP {_process.Id}")!.WaitForExit();
        }
    }

    public void Terminate()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", $"-TERM {_process.Id}")!.WaitForExit();
        }
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Whether the silo answers its liveness probe now (within 2 s).</summary>
    public async Task<bool> IsLiveAsync()
    {
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(2) };
            return (await http.GetAsync("/health/live")).IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
