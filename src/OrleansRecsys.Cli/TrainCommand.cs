using System.Globalization;
using System.Text.Json;
using OrleansRecsys.Features;
using OrleansRecsys.Training;

namespace OrleansRecsys.Cli;

/// <summary>
/// <c>train --out DIR</c>: trains the demo ranker on the synthetic traffic (or, with <c>--data</c>, on exported serving
/// data) and writes model.onnx + manifest.json. The seed defaults to one derived from the version name, so a new version
/// learns from other sessions than the last one and the same version name gives the same model.
/// </summary>
internal static class TrainCommand
{
    public const string CatalogRelativePath = "silo-config/features.json";

    private static readonly string[] Algorithms = ["fasttree", "logistic"];

    /// <summary>The parsed command line: where to write, what to train, on what.</summary>
    private sealed record TrainingRun(string OutputDirectory, RankerTrainer.Options Options, int Sessions, string CatalogPath, string? DataPath,
        TrafficSettings Traffic);

    public static async Task<int> RunAsync(CliContext ctx)
    {
        var run = ParseRun(ctx.Args);
        var progress = new StderrProgress(ctx.Error);
        var options = run.Options;
        progress.Report($"catalogue {run.CatalogPath}; training {options.Name}@{options.Version} ({options.Algorithm}, seed {options.Seed})");
        RankerTrainer.Result result;
        try
        {
            result = await TrainAsync(run, progress, ctx.Cancellation);
        }
        catch (OneClassDataException ex)
        {
            // The data, not the program, is at fault: exit 2 and write nothing, so no model without a manifest is left behind.
            ctx.Error.WriteLine($"error: {ex.Message}");
            return RecsysCtl.BadUsage;
        }

        await RankerTrainer.WriteAsync(result, run.OutputDirectory);
        PrintResult(ctx, run, result);
        return 0;
    }

    private static TrainingRun ParseRun(Args args)
    {
        args.Allow(["out", "version", "model", "sessions", "algorithm", "seed", "catalog", "data", "rate", .. TrafficOptions.Names]);
        args.MaxPositionals(1);
        var dir = args.Required("out");
        var algorithm = args.Option("algorithm") ?? "fasttree";
        if (Array.IndexOf(Algorithms, algorithm) < 0)
        {
            throw new UsageException($"--algorithm must be {string.Join(" or ", Algorithms)} (got '{algorithm}')");
        }

        var version = args.Option("version") ?? "v2";
        var options = new RankerTrainer.Options(
            Name: args.Option("model") ?? ModelNames.Default,
            Version: version,
            Algorithm: algorithm,
            Seed: args.Int("seed", RankerTrainer.SeedFor(version), 0, int.MaxValue - 100));
        var sessions = args.Int("sessions", 3000, 50, 1_000_000);
        var catalogPath = args.Option("catalog") ?? FindCatalog(Directory.GetCurrentDirectory())
            ?? throw new CliException($"cannot find {CatalogRelativePath} in the current directory or its parents; pass --catalog PATH");
        if (!File.Exists(catalogPath))
        {
            throw new CliException($"{catalogPath} does not exist");
        }

        var traffic = TrafficOptions.Parse(args, args.Int("rate", new TrafficSettings().EventsPerSecond, 1, 1_000_000));
        return new TrainingRun(dir, options, sessions, catalogPath, args.Option("data"), traffic);
    }

    /// <summary>Trains off the calling thread; bad catalogue, data or too little of it is the user's to fix, not a crash.</summary>
    private static async Task<RankerTrainer.Result> TrainAsync(TrainingRun run, IProgress<string> progress, CancellationToken ct)
    {
        try
        {
            var catalog = FeatureCatalog.Load(run.CatalogPath);
            if (run.DataPath is not { } data)
            {
                return await Task.Run(() => RankerTrainer.TrainDemo(catalog, run.Options, run.Sessions, progress, run.Traffic), ct);
            }

            // Train on exported serving data: the vectors the grid scored, labelled by attributed outcomes.
            // Exported rows were built by the grid's vector builder; the manifest records this catalogue's defaults for them.
            var set = TrainingSet.FromJsonl(data);
            set.WithDefaultsOf(VectorBuilder.Create(catalog, set.FeatureNames));
            progress.Report($"read {set.Count} rows x {set.FeatureNames.Length} features from {data}");
            var dataset = $"prediction log export {Path.GetFileName(data)}, {set.Count} rows";
            return await Task.Run(() => RankerTrainer.Train(set, run.Options, dataset, progress), ct);
        }
        catch (Exception ex) when (ex is CatalogException or InvalidOperationException or InvalidDataException or JsonException)
        {
            throw new CliException(ex.Message);
        }
    }

    private static void PrintResult(CliContext ctx, TrainingRun run, RankerTrainer.Result result)
    {
        var manifestPath = Path.GetFullPath(Path.Combine(run.OutputDirectory, "manifest.json"));
        if (ctx.Json)
        {
            ctx.Out.WriteLine(File.ReadAllText(manifestPath));
            return;
        }

        var auc = result.Manifest.Metrics.TryGetValue("auc", out var v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
        ctx.Out.WriteLine($"AUC {auc}");
        ctx.Out.WriteLine($"data {result.Manifest.Dataset}");
        ctx.Out.WriteLine($"manifest {manifestPath}");
        ctx.Out.WriteLine($"next: recsysctl models register {run.Options.Name} --dir {run.OutputDirectory}");
    }

    /// <summary>The first <c>silo-config/features.json</c> found walking up from <paramref name="start"/>.</summary>
    public static string? FindCatalog(string start)
    {
        for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, CatalogRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
