using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansRecsys.Kafka;
using OrleansRecsys.Security;
using OrleansRecsys.Testing;
using OrleansRecsys.Training;

namespace OrleansRecsys.Benchmarks;

/// <summary>
/// <c>upload</c>: registers one big generated model (<see cref="LargeOnnxModel"/>, <c>--mb</c> MiB of initializer, 200
/// by default; with <c>--read-by-input</c> the initializer is indexed by the input, as an embedding table is, instead of
/// by a constant that ONNX Runtime folds at load) through a gateway process, with one silo process behind it (cluster profile, PostgreSQL from
/// <c>RECSYS_TEST_PG</c>, librdkafka's mock broker in this process). Prints the time to register, and for the gateway
/// and the silo their resident memory before and at the peak of the registration (VmHWM, reset just before).
/// </summary>
public static class UploadBench
{
    private const string SigningKey = "upload-benchmark-signing-key-0123456789abcdef";

    public static async Task<int> RunAsync(LoadOptions o)
    {
        var (holder, kafka) = MockKafkaCluster.Start();
        var work = Directory.CreateTempSubdirectory("recsys-upload-").FullName;
        var store = Path.Combine(work, "store");
        var env = SiloProcess.ProfileEnvironment(await FailoverBench.CreateDatabaseAsync(), kafka, store, "up-" + Guid.NewGuid().ToString("N")[..6], SigningKey);
        SiloProcess? silo = null, gateway = null;
        try
        {
            silo = SiloProcess.Start(env);
            gateway = SiloProcess.Start(new Dictionary<string, string>(env) { ["RECSYS__HOST__ROLE"] = "gateway" });
            using var admin = new HttpClient { BaseAddress = new Uri(gateway.Url), Timeout = TimeSpan.FromMinutes(10) };
            var token = TokenMinter.Mint(SigningKeys.Decode(SigningKey), "orleans-recsys", "recsys", "upload-bench", [Roles.Admin, Roles.Read], TimeSpan.FromHours(2));
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            await WaitForClusterAsync(admin, gateway);

            var template = RankerTrainer.TrainDemo(HotPathBenchmarks.Catalog(), new RankerTrainer.Options("big", "template"), sessions: 300).Manifest;
            var file = Path.Combine(work, "model.onnx");
            var (bytes, sha) = LargeOnnxModel.Write(file, template.Features.Length, (long)o.Num("mb", 200) << 20, template.InputName, template.OutputName,
                readByInput: o.Flag("read-by-input"));
            var memory = new[] { gateway, silo }.Select(p => (Process: p, Before: Reset(p))).ToArray();
            var started = Stopwatch.GetTimestamp();
            using var response = await PostAsync(admin, file, template with { Version = "v1", Sha256 = sha });
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"registration failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{gateway.Log}\n{silo.Log}");
                return 1;
            }

            Print(bytes, seconds, memory.Select(m => (m.Process == gateway ? "gateway" : "silo", m.Before, ProcessMemory.Read(m.Process.Id).Peak)));
            return 0;
        }
        finally
        {
            gateway?.Dispose();
            silo?.Dispose();
            holder.Dispose();
            Directory.Delete(work, true);
        }
    }

    private static long Reset(SiloProcess process)
    {
        ProcessMemory.ResetPeak(process.Id);
        return ProcessMemory.Read(process.Id).Resident;
    }

    private static void Print(long bytes, double seconds, IEnumerable<(string Role, long Before, long Peak)> rows)
    {
        static string Mib(long b) => (b / (1024.0 * 1024)).ToString("F0", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model {Mib(bytes)} MiB registered through the gateway in {seconds:F1} s"));
        Console.WriteLine("process  | resident before (MiB) | peak (MiB) | peak extra (MiB) | extra / model size");
        foreach (var (role, before, peak) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{role,-8} | {Mib(before),21} | {Mib(peak),10} | {Mib(peak - before),16} | {(double)(peak - before) / bytes,18:F2}"));
        }
    }

    private static async Task WaitForClusterAsync(HttpClient admin, SiloProcess gateway)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await admin.GetAsync("/v1/models")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the gateway did not reach the cluster; its log:\n" + gateway.Log);
    }

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
