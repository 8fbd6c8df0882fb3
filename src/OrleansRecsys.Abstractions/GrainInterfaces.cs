using Orleans.Concurrency;

namespace OrleansRecsys;

/// <summary>Live features of one user (key: userId).</summary>
[Alias("recsys.IUserFeatureGrain")]
public interface IUserFeatureGrain : IGrainWithStringKey
{
    [Alias("Apply")] ValueTask<ApplyResult> ApplyAsync(ApplyBatch batch);
    [Alias("Flush")] ValueTask<FlushResult> FlushAsync();
    [Alias("GetFeatures")] ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs);
    /// <summary>A copy of the state (the grain makes it; within a silo it is then handed over without another copy).</summary>
    [Alias("GetState")] ValueTask<Immutable<EntityState>> GetStateAsync();
}

/// <summary>Live features of one item (key: itemId).</summary>
[Alias("recsys.IItemFeatureGrain")]
public interface IItemFeatureGrain : IGrainWithStringKey
{
    [Alias("Apply")] ValueTask<ApplyResult> ApplyAsync(ApplyBatch batch);
    [Alias("Flush")] ValueTask<FlushResult> FlushAsync();
    [Alias("GetFeatures")] ValueTask<FeatureSnapshot> GetFeaturesAsync(long asOfMs);
    /// <summary>A copy of the state (the grain makes it; within a silo it is then handed over without another copy).</summary>
    [Alias("GetState")] ValueTask<Immutable<EntityState>> GetStateAsync();
}

/// <summary>Stateless, silo-local ranking entry point.</summary>
[Alias("recsys.IRankingGrain")]
public interface IRankingGrain : IGrainWithIntegerKey
{
    [Alias("Rank")] ValueTask<RankResponse> RankAsync(RankRequest request);
    [Alias("Recommend")] ValueTask<RankResponse> RecommendAsync(RecommendRequest request);
    [Alias("Vectors")] ValueTask<VectorsResponse> GetVectorsAsync(VectorsRequest request);
}

/// <summary>Scores rows with one model version (key: "name@version"); silo-local, shares one ONNX session per silo.</summary>
[Alias("recsys.IModelVersionGrain")]
public interface IModelVersionGrain : IGrainWithStringKey
{
    [Alias("Score")] ValueTask<ScoreResult> ScoreAsync(Immutable<float[]> rows, int rowCount);
    [Alias("Health")] ValueTask<string?> GetHealthErrorAsync();
}

/// <summary>Registry of one model's versions (key: model name). Reads interleave, so the coordinator can check a
/// version while a registration is in progress.</summary>
[Alias("recsys.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    [Alias("Register")] Task<RegistrationResult> RegisterAsync(ModelManifest manifest, Immutable<byte[]> onnx, string who);
    [Alias("Get"), AlwaysInterleave] ValueTask<ModelVersionInfo?> GetAsync(string version);
    [Alias("List"), AlwaysInterleave] ValueTask<ModelVersionInfo[]> ListAsync();
    [Alias("Retire")] Task<RegistrationResult> RetireAsync(string version, string who);
}

/// <summary>Names of all registered models (singleton, key 0).</summary>
[Alias("recsys.IModelIndexGrain")]
public interface IModelIndexGrain : IGrainWithIntegerKey
{
    [Alias("Add")] Task AddAsync(string model);
    [Alias("List")] ValueTask<string[]> ListAsync();
}

/// <summary>Receives rollout plan changes pushed by a coordinator.</summary>
[Alias("recsys.IRolloutObserver")]
public interface IRolloutObserver : IGrainObserver
{
    [Alias("PlanChanged"), OneWay] Task PlanChangedAsync(RolloutPlan plan);
}

/// <summary>Canary rollout of one model (key: model name).</summary>
[Alias("recsys.IRolloutCoordinatorGrain")]
public interface IRolloutCoordinatorGrain : IGrainWithStringKey
{
    [Alias("GetPlan"), AlwaysInterleave] ValueTask<RolloutPlan?> GetPlanAsync();
    [Alias("Initialize")] Task<RolloutResult> InitializeAsync(string stable, string who, string reason);
    [Alias("Update")] Task<RolloutResult> UpdateAsync(RolloutUpdate update, string who);
    [Alias("Promote")] Task<RolloutResult> PromoteAsync(string reason, string who);
    [Alias("Rollback")] Task<RolloutResult> RollbackAsync(string reason, string who);
    [Alias("History"), AlwaysInterleave] ValueTask<RolloutChange[]> GetHistoryAsync();
    [Alias("Subscribe")] Task SubscribeAsync(IRolloutObserver observer);
    [Alias("Report")] Task ReportAsync(VariantStats[] stats);
}

/// <summary>An item's decayed popularity at a time.</summary>
[GenerateSerializer, Immutable, Alias("recsys.PopularityEntry")]
public sealed record PopularityEntry(string ItemId, double Score, long AtMs);

/// <summary>Top items by decayed popularity (key "global" or "category:{name}"), maintained incrementally by ingestion.</summary>
[Alias("recsys.IPopularityGrain")]
public interface IPopularityGrain : IGrainWithStringKey
{
    [Alias("Update")] Task UpdateAsync(PopularityEntry[] entries);
    [Alias("Top")] ValueTask<PopularityEntry[]> TopAsync(int n);
}

public static class PopularityKeys
{
    public const string Global = "global";

    public static string Category(string category) => "category:" + category;
}

/// <summary>One consumed batch, grouped per grain: item batches first (they answer with categories), then user events.</summary>
[GenerateSerializer, Immutable, Alias("recsys.IngestWork")]
public sealed record IngestWork(string[] ItemIds, ApplyBatch[] ItemBatches, string[] UserIds, SourcedEvent[][] UserEvents, Dictionary<string, long>[] UserExpected);

[GenerateSerializer, Immutable, Alias("recsys.IngestOutcome")]
public sealed record IngestOutcome(ApplyResult[] Items, ApplyResult[] Users);

/// <summary>
/// Applies a consumed batch from inside the silo's grain runtime (key 0, one per silo): grain-to-grain fan-out is
/// much cheaper than calls from a plain thread.
/// </summary>
[Alias("recsys.IIngestionWorkerGrain")]
public interface IIngestionWorkerGrain : IGrainWithIntegerKey
{
    [Alias("Apply")] Task<IngestOutcome> ApplyAsync(IngestWork work);
}
