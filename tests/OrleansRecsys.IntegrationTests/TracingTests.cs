using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using OpenTelemetry;
using OpenTelemetry.Trace;
using OrleansRecsys.Grains;
using OrleansRecsys.Inference.Tests;
using OrleansRecsys.Kafka;
using OrleansRecsys.Silo;

namespace OrleansRecsys.IntegrationTests;

/// <summary>
/// One rank through a gateway, traced: a silo and a gateway-role host clustered through PostgreSQL, each an Orleans
/// runtime of its own talking over TCP, so the trace context crosses between them inside the grain call, as it does
/// between machines. The gateway's tracer provider collects every span the process records.
/// </summary>
public sealed class TracingTests : IAsyncLifetime
{
    /// <summary>The default model: a gateway is ready once it has a stable version.</summary>
    private const string Model = ModelNames.Default;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly string _store = Directory.CreateTempSubdirectory("recsys-tracing-").FullName;
    private IProducer<byte[], byte[]>? _kafkaHolder;
    private string _kafka = "";
    private GridHost _silo = null!;
    private GridHost _gateway = null!;

    /// <summary>Collects each span as it ends.</summary>
    private sealed class Collector(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }

    public async Task InitializeAsync()
    {
        (_kafkaHolder, _kafka) = MockKafkaCluster.Start();
        var cluster = new Dictionary<string, string?>
        {
            ["Recsys:Storage:Clustering"] = "postgres",
            ["Recsys:Storage:ConnectionString"] = await TestInfra.CreateDatabaseAsync(),
            ["Recsys:Host:ClusterId"] = "trace-" + Guid.NewGuid().ToString("N")[..8],
            ["Recsys:Tracing:Enabled"] = "true",
            ["Recsys:Tracing:Otlp"] = "false",
            ["Recsys:Grid:PredictionSampleRate"] = "1",
        };
        _silo = await GridHost.StartAsync(_kafka, null, "trace-group", _store, train: false, cluster);
        _gateway = await GridHost.StartAsync(_kafka, null, "unused", _store, train: false,
            new Dictionary<string, string?>(cluster) { ["Recsys:Host:Role"] = "gateway" },
            services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new Collector(_spans))));
        using var admin = _silo.Http(Roles.Admin);
        var onnx = OnnxGraph.Linear([0.5f, 1f], 0f);
        var manifest = new ModelManifest(Model, "v1", DateTimeOffset.UtcNow, ["item_price", "user_clicks_total"], "features", "score", [], "hand-built",
            Inference.ModelStore.Sha256Hex(onnx), "hand-built", [], null);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/v1/models/{Model}/versions", TestModels.Upload(onnx, manifest))).StatusCode);
        using var gateway = _gateway.Http();
        await TestInfra.WaitUntil(async () => (await gateway.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), "gateway readiness");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _silo.DisposeAsync();
        _kafkaHolder?.Dispose();
        Directory.Delete(_store, true);
    }

    [Fact]
    public async Task One_rank_through_the_gateway_is_one_trace_from_http_through_the_grains_to_scoring_joined_to_its_prediction_log()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var http = _gateway.Http(Roles.Score);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/rank")
        {
            Content = JsonContent.Create(new { userId = "traced-user", model = Model, candidates = new[] { "t1", "t2" }, k = 2 }),
        };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{callerSpan.ToHexString()}-01");

        using var response = await http.SendAsync(request);
        var body = await response.Json();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("fallback").GetBoolean(), body.ToString());
        Assert.Equal(traceId.ToHexString(), Assert.Single(response.Headers.GetValues(TracingOptions.TraceIdHeader)));
        var trace = await TraceAsync(traceId);
        var server = Assert.Single(trace, s => s.Source.Name == TracingSetup.AspNetCoreSource);
        Assert.Equal(callerSpan, server.ParentSpanId); // the caller's traceparent was honoured
        var score = Assert.Single(trace, s => s.OperationName == RecsysTracing.ScoreSpan);
        var chain = Ancestors(score, trace);
        Assert.Same(server, chain[^1]); // every step from the model run back to the HTTP request is in this one trace
        var grainCalls = chain.Where(s => s.Source.Name is TracingSetup.OrleansApplicationSource or TracingSetup.OrleansRuntimeSource).ToList();
        Assert.Contains(grainCalls, s => s.Kind == ActivityKind.Client && s.DisplayName.Contains("IRankingGrain", StringComparison.Ordinal));
        Assert.Contains(grainCalls, s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("IRankingGrain", StringComparison.Ordinal));
        Assert.Contains(grainCalls, s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("IModelVersionGrain", StringComparison.Ordinal));
        Assert.Equal(traceId.ToHexString(), (await LoggedPredictionAsync(body.GetProperty("requestId").GetString()!)).GetProperty("traceId").GetString());
    }

    /// <summary>The trace's spans, once the HTTP request's own span (the last to end) has ended.</summary>
    private async Task<List<Activity>> TraceAsync(ActivityTraceId traceId)
    {
        await TestInfra.WaitUntil(() => Task.FromResult(_spans.Any(s => s.TraceId == traceId && s.Source.Name == TracingSetup.AspNetCoreSource)),
            TimeSpan.FromSeconds(10), "the HTTP request's span");
        return _spans.Where(s => s.TraceId == traceId).ToList();
    }

    /// <summary><paramref name="span"/>, its parent, its parent's parent... as far as the trace's spans go.</summary>
    private static List<Activity> Ancestors(Activity span, List<Activity> trace)
    {
        var chain = new List<Activity> { span };
        while (trace.FirstOrDefault(s => s.SpanId == chain[^1].ParentSpanId) is { } parent)
        {
            chain.Add(parent);
        }

        return chain;
    }

    private async Task<JsonElement> LoggedPredictionAsync(string requestId)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _kafka, GroupId = "trace-log-" + Guid.NewGuid().ToString("N")[..6], AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(Topics.Predictions);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromSeconds(1)) is { } message)
            {
                var record = JsonDocument.Parse(message.Message.Value).RootElement;
                if (record.GetProperty("requestId").GetString() == requestId)
                {
                    return record;
                }
            }
        }

        throw new Xunit.Sdk.XunitException($"no prediction record for request {requestId}");
    }
}
