using System.Globalization;
using OrleansRecsys.Features;
using OrleansRecsys.Training;

namespace OrleansRecsys.Cli;

/// <summary><c>train --out DIR</c>: trains the demo ranker on the synthetic world and writes model.onnx + manifest.json.</summary>
public static class TrainCommand
{
    public const string CatalogRelativePath = "silo-config/features.json";

    private static readonly string[] Algorithms = ["fasttree", "logistic"];

    public static async Task<int> RunAsync(CliContext ctx)
    {
        var a = ctx.Args;
        a.Allow("out", "version", "model", "sessions", "algorithm", "seed", "catalog", "data");
        a.MaxPositionals(1);
        var dir = a.Required("out");
        var algorithm = a.Option("algorithm") ?? "fasttree";
        if (Array.IndexOf(Algorithms, algorithm) < 0)
        {
            throw new UsageException($"--algorithm must be {string.Join(" or ", Algorithms)} (got '{algorithm}')");
        }

        var options = new RankerTrainer.Options(
            Name: a.Option("model") ?? ModelNames.Default,
            Version: a.Option("version") ?? "v2",
            Algorithm: algorithm,
            Seed: a.Int("seed", 1, 0, int.MaxValue - 100));
        var sessions = a.Int("sessions", 3000, 50, 1_000_000);
        var catalogPath = a.Option("catalog") ?? FindCatalog(Directory.GetCurrentDirectory())
            ?? throw new CliException($"cannot find {CatalogRelativePath} in the current directory or its parents; pass --catalog PATH");
        if (!File.Exists(catalogPath))
        {
            throw new CliException($"{catalogPath} does not exist");
        }

        var progress = new StderrProgress(ctx.Error);
        progress.Report($"catalogue {catalogPath}; training {options.Name}@{options.Version} ({algorithm}, {sessions} sessions, seed {options.Seed})");
        RankerTrainer.Result result;
        try
        {
            var catalog = FeatureCatalog.Load(catalogPath);
            if (a.Option("data") is { } data)
            {
                // Train on exported serving data: the vectors the grid scored, labelled by attributed outcomes.
                var set = TrainingSet.FromJsonl(data);
                progress.Report($"read {set.Count} rows x {set.FeatureNames.Length} features from {data}");
                result = await Task.Run(() => RankerTrainer.Train(set, options, $"prediction log export {Path.GetFileName(data)}, {set.Count} rows", progress), ctx.Cancellation);
            }
            else
            {
                result = await Task.Run(() => RankerTrainer.TrainDemo(catalog, options, sessions, progress), ctx.Cancellation);
            }
        }
        catch (Exception ex) when (ex is CatalogException or InvalidOperationException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new CliException(ex.Message);
        }

        await RankerTrainer.WriteAsync(result, dir);

        var manifestPath = Path.GetFullPath(Path.Combine(dir, "manifest.json"));
        if (ctx.Json)
        {
            ctx.Out.WriteLine(File.ReadAllText(manifestPath));
            return 0;
        }

        var auc = result.Manifest.Metrics.TryGetValue("auc", out var v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
        ctx.Out.WriteLine($"AUC {auc}");
        ctx.Out.WriteLine($"manifest {manifestPath}");
        ctx.Out.WriteLine($"next: recsysctl models register {options.Name} --dir {dir}");
        return 0;
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
