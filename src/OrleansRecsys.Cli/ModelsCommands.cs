using System.Globalization;
using System.Net.Http.Headers;

namespace OrleansRecsys.Cli;

/// <summary><c>models list|show|register|retire</c> over the model registry (/v1/models).</summary>
internal static class ModelsCommands
{
    public static Task<int> RunAsync(CliContext ctx)
    {
        var verb = ctx.Args.Positional(1, "models command (list|show|register|retire)");
        return verb switch
        {
            "list" => ListAsync(ctx),
            "show" => ShowAsync(ctx),
            "register" => RegisterAsync(ctx),
            "retire" => RetireAsync(ctx),
            _ => throw new UsageException($"unknown models command '{verb}'"),
        };
    }

    private static async Task<int> ListAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        ctx.Args.MaxPositionals(2);
        ctx.Render<ModelListing[]>(await ctx.Api.GetAsync("v1/models", ctx.Cancellation), models =>
        {
            var table = new Table("model", "version", "role", "status", "registered", "by", "auc", "size");
            foreach (var m in models.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                foreach (var v in m.Versions.OrderByDescending(v => v.RegisteredAt))
                {
                    table.Add(m.Name, v.Manifest.Version, Role(m.Rollout, v.Manifest.Version), Status(v.Status), Format.Time(v.RegisteredAt),
                        v.RegisteredBy, Metric(v.Manifest, "auc"), Format.Bytes(v.SizeBytes));
                }
            }

            table.Write(ctx.Out);
        });
        return 0;
    }

    private static async Task<int> ShowAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        var (name, version) = (ctx.Args.Positional(2, "MODEL"), ctx.Args.Positional(3, "VERSION"));
        ctx.Args.MaxPositionals(4);
        var path = $"v1/models/{ApiClient.Segment(name)}/versions/{ApiClient.Segment(version)}";
        ctx.Render<ModelVersionInfo>(await ctx.Api.GetAsync(path, ctx.Cancellation), info => PrintVersion(ctx.Out, info));
        return 0;
    }

    private static async Task<int> RegisterAsync(CliContext ctx)
    {
        ctx.Args.Allow("dir");
        var name = ctx.Args.Positional(2, "MODEL");
        ctx.Args.MaxPositionals(3);
        var dir = ctx.Args.Required("dir");
        var onnx = Path.Combine(dir, "model.onnx");
        var manifest = Path.Combine(dir, "manifest.json");
        foreach (var file in new[] { onnx, manifest })
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"{file} does not exist (--dir must hold model.onnx and manifest.json, as `recsysctl train` writes them)");
            }
        }

        using var form = new MultipartFormDataContent();
        form.Add(FilePart(onnx, "application/octet-stream"), "model", "model.onnx");
        form.Add(FilePart(manifest, "application/json"), "manifest", "manifest.json");
        var raw = await ctx.Api.PostAsync($"v1/models/{ApiClient.Segment(name)}/versions", form, ctx.Cancellation);
        ctx.Render<ModelVersionInfo>(raw, info =>
        {
            ctx.Out.WriteLine($"registered {info.Manifest.Name}@{info.Manifest.Version} ({Format.Bytes(info.SizeBytes)}, sha256 {info.Manifest.Sha256})");
            ctx.Out.WriteLine($"next: recsysctl rollout set {info.Manifest.Name} --canary {info.Manifest.Version} --percent 5 --reason \"...\"");
        });
        await NoteIdenticalVersionsAsync(ctx, ApiClient.Parse<ModelVersionInfo>(raw).Manifest);
        return 0;
    }

    /// <summary>Says on stderr when the new version's bytes equal another version's: a canary of one against the other
    /// would compare a model with itself. Best effort: a listing that fails changes nothing about the registration.</summary>
    private static async Task NoteIdenticalVersionsAsync(CliContext ctx, ModelManifest registered)
    {
        try
        {
            var models = ApiClient.Parse<ModelListing[]>(await ctx.Api.GetAsync("v1/models", ctx.Cancellation));
            var twins = models.Where(m => m.Name == registered.Name).SelectMany(m => m.Versions)
                .Where(v => v.Manifest.Version != registered.Version && string.Equals(v.Manifest.Sha256, registered.Sha256, StringComparison.OrdinalIgnoreCase))
                .Select(v => $"{registered.Name}@{v.Manifest.Version}")
                .ToArray();
            if (twins.Length > 0)
            {
                ctx.Error.WriteLine($"note: {registered.Name}@{registered.Version} has the same bytes (sha256 {registered.Sha256}) as {string.Join(", ", twins)}; "
                    + "a canary of one against the other compares a model with itself (train with another --seed or other data)");
            }
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or CliException)
        {
            ctx.Error.WriteLine($"note: could not compare with the other versions ({ex.Message})");
        }
    }

    private static async Task<int> RetireAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        var (name, version) = (ctx.Args.Positional(2, "MODEL"), ctx.Args.Positional(3, "VERSION"));
        ctx.Args.MaxPositionals(4);
        var raw = await ctx.Api.DeleteAsync($"v1/models/{ApiClient.Segment(name)}/versions/{ApiClient.Segment(version)}", ctx.Cancellation);
        ctx.Render<ModelVersionInfo>(raw, info => ctx.Out.WriteLine($"retired {info.Manifest.Name}@{info.Manifest.Version}"));
        return 0;
    }

    private static void PrintVersion(TextWriter output, ModelVersionInfo info)
    {
        var m = info.Manifest;
        Table.KeyValues(output,
        [
            ("model", $"{m.Name}@{m.Version}"),
            ("status", Status(info.Status)),
            ("registered", $"{Format.Time(info.RegisteredAt)} by {info.RegisteredBy}"),
            ("created", Format.Time(m.CreatedAt)),
            ("size", Format.Bytes(info.SizeBytes)),
            ("sha256", m.Sha256),
            ("trainer", m.Trainer),
            ("dataset", m.Dataset),
            ("input/output", $"{m.InputName} -> {m.OutputName}"),
            ("features", $"{m.Features.Length}: {string.Join(", ", m.Features)}"),
        ]);
        if (m.Metrics is { Count: > 0 })
        {
            output.WriteLine();
            var table = new Table("metric", "value");
            foreach (var (key, value) in m.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                table.Add(key, Format.Number(value));
            }

            table.Write(output);
        }
    }

    private static string Role(RolloutPlan? plan, string version) =>
        plan is null ? "" : version == plan.Stable ? "stable"
        : Array.Find(RolloutArms.Of(plan), a => a.Version == version) is { } arm
            ? $"{(RolloutArms.Count(plan) > 1 ? "arm" : "canary")} {Format.Percent(RolloutArms.Percent(arm.Weight))}"
        : Array.IndexOf(plan.Shadow ?? [], version) >= 0 ? "shadow" : "";

    private static string Status(ModelStatus status) => status.ToString().ToLowerInvariant();

    private static string Metric(ModelManifest m, string key) =>
        m.Metrics is not null && m.Metrics.TryGetValue(key, out var v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "";

    /// <summary>One entry of GET /v1/models: a model with its rollout plan and registered versions.</summary>
    private sealed record ModelListing(string Name, RolloutPlan? Rollout, ModelVersionInfo[] Versions);

    private static StreamContent FilePart(string path, string mediaType)
    {
        var content = new StreamContent(File.OpenRead(path));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }
}
