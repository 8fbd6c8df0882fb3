using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansRecsys.Grains.Models;

namespace OrleansRecsys.IntegrationTests;

/// <summary>The model store checks each artifact's SHA-256 whenever a silo loads it: a file changed on disk after it
/// was registered is refused with the reason, and the silo keeps serving the versions whose files are intact.</summary>
public sealed class TamperedModelTests
{
    [Fact]
    public async Task A_model_file_changed_on_disk_is_refused_at_load_and_the_other_versions_keep_serving()
    {
        await TestInfra.WithOwnKafkaAsync("tamper", async (kafka, store) =>
        {
            await using var host = await GridHost.StartAsync(kafka, null, "tamper", store, train: true);
            await host.WaitUntilReadyAsync();

            using var admin = host.Http(Roles.Admin);
            var (onnx, manifest) = TestModels.SlowToLoad("v2", identities: 2);
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/models/ranker/versions", TestModels.Upload(onnx, manifest))).StatusCode);
            // The silo that validated v2 keeps the session it validated; a silo loading v2 later reads the file. A cache of
            // its own over the same store and registry plays that silo.
            using var sessions = ActivatorUtilities.CreateInstance<ModelSessionCache>(host.Services);
            Assert.False(sessions.IsLoaded("ranker", "v2"));

            // One byte changed in place: same size, same name, different content.
            var path = Path.Combine(store, manifest.Sha256 + ".onnx");
            var bytes = await File.ReadAllBytesAsync(path);
            bytes[bytes.Length / 2] ^= 0x5A;
            await File.WriteAllBytesAsync(path, bytes);

            var (model, error) = await sessions.GetAsync("ranker", "v2");
            Assert.Null(model);
            Assert.Contains($"model artifact {manifest.Sha256} is corrupt", error);
            Assert.Contains("changed on disk", error);
            Assert.False(sessions.IsLoaded("ranker", "v2"));

            var ranked = await host.Grains.GetGrain<IRankingGrain>(0).RankAsync(new RankRequest("tamper", ["i1", "i2"], 2, "ranker", DeadlineMs: 5000));
            Assert.False(ranked.Fallback, ranked.FallbackReason);
            Assert.Equal("v1", ranked.Version);
        });
    }
}
