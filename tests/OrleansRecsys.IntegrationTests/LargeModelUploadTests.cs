using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using OrleansRecsys.Testing;
using OrleansRecsys.Training;
using Xunit.Abstractions;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// A model larger than Orleans' largest message (100 MB by default) registered through a gateway that is a process of
/// its own, as in the cluster profile: the bytes must stream to the silos' model store in chunks, and the gateway must
/// not hold copies of the model. A silo in this process, the gateway as a child process whose memory is read from /proc.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class LargeModelUploadTests(ITestOutputHelper output)
{
    /// <summary>The model's big initializer: 120 MiB, so the file is over 125 MB.</summary>
    private const long InitializerBytes = 120L << 20;

    [Fact]
    public async Task A_model_over_100_MB_registers_through_a_gateway_process_holding_less_than_twice_its_size()
    {
        var db = await TestInfra.CreateDatabaseAsync();
        await TestInfra.WithOwnKafkaAsync("upload", async (kafka, store) =>
        {
            var clusterId = "up-" + Guid.NewGuid().ToString("N")[..8];
            await using var silo = await GridHost.StartAsync(kafka, db, "upload-group", store, train: false, new Dictionary<string, string?>
            {
                ["Recsys:Storage:Clustering"] = "postgres",
                ["Recsys:Host:ClusterId"] = clusterId,
            });
            var env = SiloProcess.ProfileEnvironment(db, kafka, store, clusterId, TestInfra.SigningKey);
            env["RECSYS__HOST__ROLE"] = "gateway";
            using var gateway = SiloProcess.Start(env);
            using var admin = new HttpClient { BaseAddress = new Uri(gateway.Url), Timeout = TimeSpan.FromMinutes(3) };
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestInfra.Token(Roles.Admin, Roles.Read, Roles.Score));
            await TestInfra.WaitUntil(() => AnswersAsync(admin, "/v1/models"), TimeSpan.FromSeconds(60), () => "the gateway to reach the cluster:\n" + gateway.Log);

            var template = TestModels.Ranker("big", "big").Manifest;
            var file = Path.Combine(Path.GetTempPath(), $"recsys-big-{Guid.NewGuid():N}.onnx");
            try
            {
                var (bytes, sha) = LargeOnnxModel.Write(file, template.Features.Length, InitializerBytes, template.InputName, template.OutputName);
                Assert.True(bytes > 100_000_000, $"the model has {bytes} bytes");

                // Rejected by ONNX Runtime (the graph has no such input): 422, nothing registered, nothing left in the store.
                var rejected = await PostAsync(admin, file, template with { Version = "bad", Sha256 = sha, InputName = "no_such_input" });
                Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
                Assert.Contains("no_such_input", await rejected.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/models/big/versions/bad")).StatusCode);
                Assert.False(File.Exists(Path.Combine(store, sha + ".onnx")), "a rejected model was published in the store");
                Assert.Empty(Directory.GetFiles(Path.Combine(store, "staging")));

                ProcessMemory.ResetPeak(gateway.Id);
                var before = ProcessMemory.Read(gateway.Id).Resident;
                var created = await PostAsync(admin, file, template with { Version = "v1", Sha256 = sha });
                var peak = ProcessMemory.Read(gateway.Id).Peak;
                output.WriteLine($"gateway resident set: {before >> 20} MiB before, {peak >> 20} MiB at the peak of a {bytes >> 20} MiB upload");
                Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}\n{gateway.Log}");
                Assert.True(peak - before <= 2 * bytes, $"the gateway's resident set grew by {(peak - before) >> 20} MiB for a {bytes >> 20} MiB model");

                var stored = Path.Combine(store, sha + ".onnx");
                Assert.Equal(bytes, new FileInfo(stored).Length);
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));
                Assert.Empty(Directory.GetFiles(Path.Combine(store, "staging")));
                Assert.Equal(bytes, (await (await admin.GetAsync("/v1/models/big/versions/v1")).Json()).GetProperty("sizeBytes").GetInt64());

                // The first version is stable: every silo loads it from the store and serves it.
                await TestInfra.WaitUntil(async () =>
                {
                    var rank = await (await admin.PostAsJsonAsync("/v1/rank", new { userId = "u1", model = "big", candidates = new[] { "i1", "i2" } })).Json();
                    return !rank.GetProperty("fallback").GetBoolean() && rank.GetProperty("version").GetString() == "v1";
                }, TimeSpan.FromSeconds(60), "the big model to serve");
            }
            finally
            {
                File.Delete(file);
            }
        });
    }

    private static async Task<bool> AnswersAsync(HttpClient http, string path)
    {
        try
        {
            return (await http.GetAsync(path)).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Posts the model file as a stream (the test holds none of it) and the manifest.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient admin, string file, ModelManifest manifest)
    {
        await using var model = File.OpenRead(file);
        using var form = new MultipartFormDataContent
        {
            { new StreamContent(model, 1 << 20), "model", "model.onnx" },
            { new StringContent(JsonSerializer.Serialize(manifest, RankerTrainer.ManifestJson)), "manifest", "manifest.json" },
        };
        return await admin.PostAsync($"/v1/models/{manifest.Name}/versions", form);
    }
}
