namespace OrleansRecsys;

/// <summary>What one silo served with one model version since its last report (for the model's monitor).</summary>
[GenerateSerializer, Immutable, Alias("recsys.VersionServingDelta")]
public sealed record VersionServingDelta(
    string Version,
    long Requests,
    long Errors,
    long Fallbacks,
    double[] LatenciesMs,
    long Impressions,
    Dictionary<string, long[]> FeatureBins,
    long[]? ScoreBins);

/// <summary>Outcomes attributed to responses of one model version (interaction events carrying their requestId).</summary>
[GenerateSerializer, Immutable, Alias("recsys.OutcomeDelta")]
public sealed record OutcomeDelta(string Version, long Clicks, long Carts, long Purchases);

/// <summary>An applied interaction that names the ranking response that led to it.</summary>
[GenerateSerializer, Immutable, Alias("recsys.AttributedEvent")]
public sealed record AttributedEvent(string RequestId, InteractionType Type);

[GenerateSerializer, Immutable, Alias("recsys.Interval")]
public sealed record Interval(double Value, double Low, double High);

[GenerateSerializer, Immutable, Alias("recsys.FeatureDrift")]
public sealed record FeatureDrift(string Feature, double Psi, string Level);

[GenerateSerializer, Immutable, Alias("recsys.VariantReport")]
public sealed record VariantReport(
    string Variant,
    string Version,
    long Requests,
    double P50Ms,
    double P99Ms,
    double ErrorRate,
    double FallbackRate,
    long Impressions,
    long Clicks,
    long Purchases,
    Interval Ctr,
    FeatureDrift[] Drift,
    double? ScorePsi,
    double? ScoreKs);

/// <summary>Per-variant results of one model (GET /v1/models/{name}/report).</summary>
[GenerateSerializer, Immutable, Alias("recsys.ModelReport")]
public sealed record ModelReport(string Model, DateTimeOffset Since, VariantReport[] Variants, Interval? CtrDifference, string[] DriftingFeatures);

/// <summary>Collects serving statistics, drift histograms and outcomes of one model (key: model name).</summary>
[Alias("recsys.IModelMonitorGrain")]
public interface IModelMonitorGrain : IGrainWithStringKey
{
    [Alias("RecordServing")] Task RecordServingAsync(VersionServingDelta[] deltas);
    [Alias("RecordOutcomes")] Task RecordOutcomesAsync(OutcomeDelta[] outcomes);
    [Alias("Report"), Orleans.Concurrency.AlwaysInterleave] ValueTask<ModelReport> GetReportAsync();
}

/// <summary>Request ids carry the model and version they were ranked with, so outcomes can be attributed without a join store.</summary>
public static class RequestIds
{
    public const char Separator = '~';
    public const int MaxLength = 128;

    public static string New(string model, string? version)
    {
        var id = Guid.NewGuid().ToString("N");
        if (version is null)
        {
            return id;
        }

        var full = string.Concat(id, Separator.ToString(), model, Separator.ToString(), version);
        return full.Length <= MaxLength ? full : id;
    }

    public static bool TryParse(string? requestId, out string model, out string version)
    {
        model = version = "";
        if (requestId is null)
        {
            return false;
        }

        var first = requestId.IndexOf(Separator);
        var last = requestId.LastIndexOf(Separator);
        if (first < 0 || last <= first + 1 || last == requestId.Length - 1)
        {
            return false;
        }

        model = requestId[(first + 1)..last];
        version = requestId[(last + 1)..];
        return true;
    }
}
