using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrleansRecsys.Kafka;
using OrleansRecsys.Silo;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// JSON console logs (<c>Recsys:Logging:Json</c>) carry the trace and span ids of the request they were written in, so a
/// log store can join a line to its trace: a rank's lines name the trace id its response sent back in X-Trace-Id.
/// </summary>
[Collection(ConsoleOutput.Name)]
public sealed class JsonLogTests
{
    [Fact]
    public async Task A_rank_s_json_log_lines_carry_the_trace_id_of_its_response_and_a_span_id()
    {
        var (kafkaHolder, kafka) = MockKafkaCluster.Start();
        var store = Directory.CreateTempSubdirectory("recsys-jsonlog-").FullName;
        using var captured = new StringWriter();
        var console = Console.Out;
        // The console logger keeps the writer it finds when it is created, while the host is built and started.
        Console.SetOut(captured);
        var logs = Console.Out; // the synchronized wrapper the logger writes through, and the lock to read under
        GridHost? host = null;
        try
        {
            host = await GridHost.StartAsync(kafka, null, "jsonlog-" + Guid.NewGuid().ToString("N")[..8], store, train: false, new Dictionary<string, string?>
            {
                ["Recsys:Logging:Json"] = "true",
                ["Recsys:Tracing:Enabled"] = "true",
                ["Recsys:Tracing:Otlp"] = "false",
                // The request log, which the profiles keep at warning: one line at the start and the end of every request.
                ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
            });
            Console.SetOut(console);
            using var admin = host.Http(Roles.Admin);
            Assert.Equal(HttpStatusCode.Created, (await TestModels.RegisterAsync(admin, "v1")).StatusCode);

            var response = await admin.PostAsJsonAsync("/v1/rank", new { userId = "json-log-u1", candidates = new[] { "i1", "i2" }, k = 1 });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var traceId = Assert.Single(response.Headers.GetValues(TracingOptions.TraceIdHeader));

            JsonElement[] lines = [];
            await TestInfra.WaitUntil(() =>
            {
                string text;
                lock (logs)
                {
                    text = captured.ToString();
                }

                lines = [.. LinesOfTrace(text, traceId)];
                return Task.FromResult(lines.Length > 0);
            }, TimeSpan.FromSeconds(10), $"a JSON log line with TraceId {traceId}");
            Assert.All(lines, line => Assert.Matches("^[0-9a-f]{16}$", Scope(line).GetProperty("SpanId").GetString()));
            Assert.Contains(lines, line => line.GetProperty("Message").GetString()!.Contains("/v1/rank", StringComparison.Ordinal));
        }
        finally
        {
            Console.SetOut(console);
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            kafkaHolder.Dispose();
            Directory.Delete(store, recursive: true);
        }
    }

    /// <summary>The JSON lines whose activity scope names <paramref name="traceId"/>; other console output is skipped.</summary>
    private static IEnumerable<JsonElement> LinesOfTrace(string output, string traceId)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith('{') || !line.EndsWith('}'))
            {
                continue; // plain console output, or the line being written when the text was read
            }

            var entry = JsonDocument.Parse(line).RootElement.Clone();
            if (entry.TryGetProperty("Scopes", out _) && Scope(entry).ValueKind == JsonValueKind.Object
                && Scope(entry).GetProperty("TraceId").GetString() == traceId)
            {
                yield return entry;
            }
        }
    }

    /// <summary>The scope the logger's activity tracking adds (TraceId, SpanId, ParentId), or an undefined element.</summary>
    private static JsonElement Scope(JsonElement entry) =>
        entry.GetProperty("Scopes").EnumerateArray().FirstOrDefault(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _));
}
