using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRecsys.Api;
using OrleansRecsys.Features;
using OrleansRecsys.Grains.Models;
using OrleansRecsys.Ingestion;
using OrleansRecsys.Security;
using OrleansRecsys.Training;

namespace OrleansRecsys.Silo;

/// <summary>
/// Local-profile start-up: trains the demo ranker with the project's trainer on the traffic the simulator's settings
/// describe (so its drift reference is what that traffic looks like), registers it as ranker@v1,
/// makes it stable, publishes the synthetic catalogue's items, and prints how to call the grid.
/// </summary>
internal sealed class DemoBootstrapper(
    IGrainFactory grains,
    FeatureCatalog catalog,
    EventPublisher publisher,
    SigningKeyHolder key,
    IOptions<AuthOptions> auth,
    IOptions<DemoOptions> demo,
    IOptions<SimulatorOptions> simulator,
    IOptions<RecsysHostOptions> host,
    ILogger<DemoBootstrapper> logger) : IHostedService
{
    public const string Model = ModelNames.Default;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (demo.Value.TrainAtStart)
        {
            var plan = await grains.GetGrain<IRolloutCoordinatorGrain>(Model).GetPlanAsync();
            if (plan?.Stable is null)
            {
                await TrainAndRegisterAsync(cancellationToken);
            }
        }

        // With an OpenID Connect provider the grid's own keys validate nothing, so a dev token would not work.
        if (!auth.Value.IsProduction && !auth.Value.UsesOidc)
        {
            var token = TokenMinter.Mint(key.Current, auth.Value.Issuer, auth.Value.Audience, "dev-admin", [Roles.Admin], TokenDefaults.MaxLifetime);
            SigningKeys.WriteSecret(auth.Value.DevTokenFile, token);
            if (demo.Value.PrintBanner)
            {
                Console.WriteLine(Banner(host.Value.HttpUrl, auth.Value.DevTokenFile, host.Value.ManagementUrl));
            }
        }
    }

    private async Task TrainAndRegisterAsync(CancellationToken ct)
    {
        var progress = new Progress<string>(m => logger.LogInformation("Trainer: {Progress}", m));
        var options = new RankerTrainer.Options(Model, "v1", Seed: RankerTrainer.SeedFor("v1"));
        var traffic = simulator.Value.SteadyTraffic();
        var result = await Task.Run(() => RankerTrainer.TrainDemo(catalog, options, demo.Value.TrainingSessions, progress, traffic), ct);
        using var onnx = new MemoryStream(result.Onnx, writable: false);
        var staged = await ModelUploads.UploadAsync(grains, onnx, ct);
        var registration = await grains.GetGrain<IModelRegistryGrain>(Model).RegisterAsync(result.Manifest, staged, "bootstrap");
        if (registration.Status == RegistrationStatus.Invalid)
        {
            throw new InvalidOperationException($"the demo model was rejected: {registration.Error}");
        }

        var init = await grains.GetGrain<IRolloutCoordinatorGrain>(Model).InitializeAsync("v1", "bootstrap", "first version of 'ranker' becomes stable");
        logger.LogInformation("Demo model {Model}@v1 registered (AUC {Auc:F3}); rollout {Outcome}", Model, result.Manifest.Metrics["auc"], init.Outcome);

        var world = new SyntheticWorld();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var items = world.ItemUpserts(now)
            .Select(u => (u.ItemId, JsonSerializer.SerializeToUtf8Bytes(new { itemId = u.ItemId, category = u.Category, price = u.Price, tags = u.Tags, ts = u.TsMs })))
            .ToList();
        await publisher.ProduceAllAsync(Topics.Items, items, ct);
    }

    /// <summary>How to call the grid. The token itself is not printed: terminal scrollback and captured logs outlive it.</summary>
    internal static string Banner(string url, string tokenFile, string? managementUrl = null)
    {
        var management = string.IsNullOrWhiteSpace(managementUrl) ? url : managementUrl.TrimEnd('/');
        var sb = new StringBuilder();
        sb.AppendLine();
        sb.AppendLine("OrleansRecsys is running (embedded default: 1 silo, memory storage, in-process mock Kafka, demo ranker@v1).");
        sb.AppendLine($"  endpoint : {url}");
        sb.AppendLine($"  token    : {tokenFile} (role recsys.admin, {TokenDefaults.MaxLifetimeDays} days, owner-only; recsysctl reads it)");
        sb.AppendLine($"  metrics  : {management}/metrics   health: {management}/health/ready");
        sb.AppendLine();
        sb.AppendLine("Try:");
        sb.AppendLine($"  export TOKEN=$(cat {tokenFile})");
        sb.AppendLine($"  curl -s -X POST {url}/v1/events -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\");
        sb.AppendLine("       -d '[{\"eventId\":\"e-1\",\"userId\":\"u42\",\"itemId\":\"i7\",\"type\":\"click\",\"ts\":'$(date +%s000)'}]'");
        sb.AppendLine($"  curl -s {url}/v1/features/users/u42 -H \"Authorization: Bearer $TOKEN\"");
        sb.AppendLine($"  curl -s -X POST {url}/v1/rank -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\");
        sb.AppendLine("       -d '{\"userId\":\"u42\",\"candidates\":[\"i1\",\"i2\",\"i3\",\"i7\"],\"k\":3}'");
        return sb.ToString();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
