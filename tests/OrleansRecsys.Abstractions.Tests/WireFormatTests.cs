using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace OrleansRecsys.Abstractions.Tests;

/// <summary>
/// The bytes the Orleans serializer writes for the contract's records, pinned. Rollout plans and model versions
/// are stored in PostgreSQL and the rest travel between silos and clients of different builds, so a change here
/// (a renumbered field, a changed alias) must be deliberate: it breaks stored state or mixed-version clusters.
/// </summary>
public sealed class WireFormatTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);

    private static readonly Serializer Serializer =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    private static readonly Histogram Histogram = new([0.5, 1.5], [1, 2, 3]);

    private static readonly ModelManifest Manifest = new("ranker", "v1", At, ["user_clicks_total"], "features", "score",
        new() { ["auc"] = 0.75 }, "synthetic", "abc123", "fasttree", new() { ["user_clicks_total"] = Histogram }, Histogram);

    /// <summary>What a build before manifests recorded feature defaults wrote for the "ModelVersionInfo (stored)" case.</summary>
    private const string VersionBeforeFeatureDefaults = "MAH5KRrcL3JlY3N5cy5Nb2RlbFZlcnNpb25JbmZvIEANcmFua2VyQQV2MSGAAGCYZ5ZO3wiBAAAAAAAAAADgIQADQSN1c2VyX2NsaWNrc190b3RhbOBBEWZlYXR1cmVzQQtzY29yZSEBA0EHYXVjgAAAAAAAAOg/4EETc3ludGhldGljQQ1hYmMxMjNBEWZhc3R0cmVlIQEDwRUgIAAFgQAAAAAAAOA/gAAAAAAAAPg/4CEABwEFAAkADeDo4ODBL+jgAQMhgABgmGeWTt8IgQAAAAAAAAAA4EEHb3BzAZIm6OA=";

    private static readonly RolloutPlan Plan = new("ranker", "v1", "v2", 12.5m, ["v3"], "salt", new Guardrails(MinRequests: 7), 4);

    /// <summary>What a build before multi-arm experiments wrote for <see cref="Plan"/> (stored in PostgreSQL).</summary>
    private const string PlanBeforeArms = "MAH05YFmJXJlY3N5cy5Sb2xsb3V0UGxhbkANcmFua2VyQQV2MUEFdjJBIQAAAQAAAAAAfQAAAAAAAAAhAANBBXYz4EEJc2FsdCEAHYF7FK5H4XqUP4KamZmZmZmpP4EAAAAAAAAAQIEAAAAAAAAAAOjgARHo4A==";

    /// <summary>What a build before multi-arm experiments wrote for the "ModelReport" case.</summary>
    private const string ReportBeforeArms = "MAHEH9WaJXJlY3N5cy5Nb2RlbFJlcG9ydEANcmFua2VyIYAAYJhnlk7fCIEAAAAAAAAAAOAhAAMhQA1jYW5hcnlBBXYyASmBAAAAAAAA8D+BAAAAAAAAAECBmpmZmZmZuT+BmpmZmZmZyT8BFQEFAQEhgJqZmZmZmck/gZqZmZmZmbk/gTMzMzMzM9M/6OAhAAMhQANmgTMzMzMzM9M/QRdzaWduaWZpY2FudOjg4IGamZmZmZm5P8EBgQAAAAAAAAAAwQEBAejg4CGAAAAAAAAAAACBAAAAAAAA8L+BAAAAAAAA8D/o4CEAA8E14MEB6OA=";

    public static TheoryData<string, object, string> Cases() => new()
    {
        { "RolloutPlan (stored)", Plan, "MAH05YFmJXJlY3N5cy5Sb2xsb3V0UGxhbkANcmFua2VyQQV2MUEFdjJBIQAAAQAAAAAAfQAAAAAAAAAhAANBBXYz4EEJc2FsdCEAHYF7FK5H4XqUP4KamZmZmZmpP4EAAAAAAAAAQIEAAAAAAAAAAOjgARHBAejg" },
        { "RolloutChange (stored)", new RolloutChange(5, "update", "ops", At, "try v2", null, Plan), "MAEVQjCTKXJlY3N5cy5Sb2xsb3V0Q2hhbmdlABVBDXVwZGF0ZUEHb3BzIYAAYJhnlk7fCIEAAAAAAAAAAOBBDXRyeSB2MsEBIUANcmFua2VyQQV2MUEFdjJBIQAAAQAAAAAAfQAAAAAAAAAhAANBBXYz4EEJc2FsdCEAHYF7FK5H4XqUP4KamZmZmZmpP4EAAAAAAAAAQIEAAAAAAAAAAOjgARHBAejg6OA=" },
        { "ModelVersionInfo (stored)", new ModelVersionInfo(Manifest, ModelStatus.Retired, At, "ops", 1234), "MAH5KRrcL3JlY3N5cy5Nb2RlbFZlcnNpb25JbmZvIEANcmFua2VyQQV2MSGAAGCYZ5ZO3wiBAAAAAAAAAADgIQADQSN1c2VyX2NsaWNrc190b3RhbOBBEWZlYXR1cmVzQQtzY29yZSEBA0EHYXVjgAAAAAAAAOg/4EETc3ludGhldGljQQ1hYmMxMjNBEWZhc3R0cmVlIQEDwRUgIAAFgQAAAAAAAOA/gAAAAAAAAPg/4CEABwEFAAkADeDo4ODBL8EB6OABAyGAAGCYZ5ZO3wiBAAAAAAAAAADgQQdvcHMBkibo4A==" },
        { "RankResponse (recommend, with sources)", new RankResponse("r1", "ranker", "v1", Variants.Stable, false, null, At, [new RankedItem("i1", 0.5, Source: "covisitation")]), "MAEppvR3J3JlY3N5cy5SYW5rUmVzcG9uc2VABXIxQQ1yYW5rZXJBBXYxQQ1zdGFibGUBAcEBIYAAYJhnlk7fCIEAAAAAAAAAAOAhAAMhQAVpMYEAAAAAAADgP8EBQRljb3Zpc2l0YXRpb27o4ODo4A==" },
        { "RankRequest", new RankRequest("u1", ["i1", "i2"], 2, "ranker", "r1", 40), "MAEYiSQQJXJlY3N5cy5SYW5rUmVxdWVzdEAFdTEhAAVBBWkxQAVpMuABCUENcmFua2VyQQVyMQGhAQHBAcEB6OA=" },
        { "RankRequest (pinned)", new RankRequest("u1", ["i1"], 1, "ranker", null, 40, Version: "v2"), "MAEYiSQQJXJlY3N5cy5SYW5rUmVxdWVzdEAFdTEhAANBBWkx4AEFQQ1yYW5rZXLBAQGhAQHBAUEFdjLo4A==" },
        { "RecommendRequest (pinned)", new RecommendRequest("u1", 3, "ranker", [], null, 30, Version: "v2"), "MAG1s6uDL3JlY3N5cy5SZWNvbW1lbmRSZXF1ZXN0QAV1MQENQQ1yYW5rZXIh4MEBAXkBAcEBQQV2Mujg" },
        { "RecommendRequest", new RecommendRequest("u1", 3, "ranker", ["i9"], null, 30), "MAG1s6uDL3JlY3N5cy5SZWNvbW1lbmRSZXF1ZXN0QAV1MQENQQ1yYW5rZXIhAANBBWk54MEBAXkBAcEBwQHo4A==" },
        { "RankResponse", new RankResponse("r1", "ranker", "v1", Variants.Stable, true, FallbackReasons.Deadline, At, [new RankedItem("i1", 0.5)]), "MAEppvR3J3JlY3N5cy5SYW5rUmVzcG9uc2VABXIxQQ1yYW5rZXJBBXYxQQ1zdGFibGUBA0ERZGVhZGxpbmUhgABgmGeWTt8IgQAAAAAAAAAA4CEAAyFABWkxgQAAAAAAAOA/wQHBAejg4Ojg" },
        { "RankRequest (explained)", new RankRequest("u1", ["i1"], 1, "ranker", null, 40, Explain: true), "MAEYiSQQJXJlY3N5cy5SYW5rUmVxdWVzdEAFdTEhAANBBWkx4AEFQQ1yYW5rZXLBAQGhAQPBAcEB6OA=" },
        { "RecommendRequest (explained)", new RecommendRequest("u1", 3, "ranker", [], null, 30, Explain: true), "MAG1s6uDL3JlY3N5cy5SZWNvbW1lbmRSZXF1ZXN0QAV1MQENQQ1yYW5rZXIh4MEBAXkBA8EBwQHo4A==" },
        {
            "RankResponse (explained)", new RankResponse("r1", "ranker", "v1", Variants.Stable, false, null, At,
                [new RankedItem("i1", 0.5, [new FeatureContribution("item_price", 20, 12.5, -0.25)])]), "MAEppvR3J3JlY3N5cy5SYW5rUmVzcG9uc2VABXIxQQ1yYW5rZXJBBXYxQQ1zdGFibGUBAcEBIYAAYJhnlk7fCIEAAAAAAAAAAOAhAAMhQAVpMYEAAAAAAADgPyEAAyFAFWl0ZW1fcHJpY2WBAAAAAAAANECBAAAAAAAAKUCBAAAAAAAA0L/o4ODBAejg4Ojg"
        },
        { "VectorsResponse", new VectorsResponse("ranker", "v1", At, ["f"], [new VectorRow("i1", [1f, 2f])]), "MAHRRM2NLXJlY3N5cy5WZWN0b3JzUmVzcG9uc2VADXJhbmtlckEFdjEhgABgmGeWTt8IgQAAAAAAAAAA4CEAA0EDZuAhAAMhQAVpMSEABWEAAIA/YAAAAEDg6ODg6OA=" },
        {
            "FeatureSnapshot", new FeatureSnapshot("u1", 1000, 900, new() { ["n"] = 1.5 }, new() { ["l"] = "shoes" },
                new() { ["k"] = new() { ["shoes"] = 2.5 } }, new() { ["r"] = [new RecentKey("i1", 800)] }), "MAFcqlcoLXJlY3N5cy5GZWF0dXJlU25hcHNob3RABXUxAUIfASIcIQEDQQNugAAAAAAAAPg/4CEBA0EDbEALc2hvZXPgIQEDQQNrIAEDwRmAAAAAAAAABEDg4CEBA0EDciAAAyFABWkxAQIZYa/wOIwBAeDg4Ojg"
        },
        { "Interaction", new Interaction("e1", "u1", "i1", InteractionType.Purchase, 1000, 9.5, "r1", "shoes"), "MAH7dpOSJXJlY3N5cy5JbnRlcmFjdGlvbkAFZTFBBXUxQQVpMQEHAUIfgQAAAAAAACNAQQVyMUELc2hvZXPo4A==" },
        { "ItemUpsert", new ItemUpsert("i1", "shoes", 12.5, ["red"], 1000), "MAGktXiAI3JlY3N5cy5JdGVtVXBzZXJ0QAVpMUELc2hvZXOBAAAAAAAAKUAhAANBB3JlZOABQh/o4A==" },
        { "RolloutUpdate", new RolloutUpdate("v2", 10m, null, new Guardrails(), 3, "why"), "MAGYOMagKXJlY3N5cy5Sb2xsb3V0VXBkYXRlQAV2MkEhAAAAAAAAAAAKAAAAAAAAAMEBIQAiA4F7FK5H4XqUP4KamZmZmZmpP4EAAAAAAAAAQIEAAAAAAAAAAOjgAQ1BB3doeejg" },
        { "RegistrationResult", new RegistrationResult(RegistrationStatus.Conflict, "exists", null), "MAE7+mmTM3JlY3N5cy5SZWdpc3RyYXRpb25SZXN1bHQABUENZXhpc3RzwQHo4A==" },
        { "VariantStats", new VariantStats("v1", [new SizeClassStats(26, 10, 1, 2, [1.5])], 3), "MAH2wS2FJ3JlY3N5cy5WYXJpYW50U3RhdHNABXYxJQADIQBpASkBBQEJIQADgQAAAAAAAPg/4Ojg4AEN6OA=" },
        {
            "GuardrailReport", new GuardrailReport(GuardrailVerdicts.WithinBounds, "ok", new GuardrailArm("v2", 200, 20, 150, 0.01, 0.02, 140, 1.5),
                new GuardrailArm("v1", 2000, 0, 1900, 0.01, 0.01, 1800, 1.25), 0, 0.01, 1.2, 0.25, new Guardrails(), 300), "MAGFp1KcLXJlY3N5cy5HdWFyZHJhaWxSZXBvcnRAG3dpdGhpbl9ib3VuZHNBBW9rIUAFdjIBQgYBUQGyBIF7FK5H4XqEP4F7FK5H4XqUPwFiBIEAAAAAAAD4P+jgIUAFdjEBgj4BAQFiO4F7FK5H4XqEP4F7FK5H4XqEPwFCOIEAAAAAAAD0P+jggQAAAAAAAAAAgXsUrkfheoQ/gTMzMzMzM/M/gQAAAAAAANA/IQAiA4F7FK5H4XqUP4KamZmZmZmpP4EAAAAAAAAAQIEAAAAAAAAAAOjgAWIJ6OA="
        },
        { "VersionServingDelta", new VersionServingDelta("v1", 10, 1, 2, [1.5], 5, new() { ["f"] = [1, 2] }, [3]), "MAGjvnRYNXJlY3N5cy5WZXJzaW9uU2VydmluZ0RlbHRhQAV2MQEpAQUBCSEAA4EAAAAAAAD4P+ABFSEBA0EDZiAABQEFAAng4CEAAwEN4AEBAgHBAcEB6OA=" },
        {
            "ModelReport", new ModelReport("ranker", At, [new VariantReport(Variants.Canary, "v2", 10, 1, 2, 0.1, 0.2, 5, 1, 0,
                new Interval(0.2, 0.1, 0.3), [new FeatureDrift("f", 0.3, "significant")], 0.1, null)], new Interval(0, -1, 1), ["f"]), "MAHEH9WaJXJlY3N5cy5Nb2RlbFJlcG9ydEANcmFua2VyIYAAYJhnlk7fCIEAAAAAAAAAAOAhAAMhQA1jYW5hcnlBBXYyASmBAAAAAAAA8D+BAAAAAAAAAECBmpmZmZmZuT+BmpmZmZmZyT8BFQEFAQEhgJqZmZmZmck/gZqZmZmZmbk/gTMzMzMzM9M/6OAhAAMhQANmgTMzMzMzM9M/QRdzaWduaWZpY2FudOjg4IGamZmZmZm5P8EBgQAAAAAAAAAAwQEBAejg4CGAAAAAAAAAAACBAAAAAAAA8L+BAAAAAAAA8D/o4CEAA8E14MEBwQHBAcEB6OA="
        },
        {
            "VersionServingDelta (freshness)", new VersionServingDelta("v1", 10, 1, 2, [1.5], 5, new() { ["f"] = [1, 2] }, [3], VectorRows: 40, FeatureFallbacks: new() { ["f"] = [3, 4] }),
            "MAGjvnRYNXJlY3N5cy5WZXJzaW9uU2VydmluZ0RlbHRhQAV2MQEpAQUBCSEAA4EAAAAAAAD4P+ABFSEBA0EDZiAABQEFAAng4CEAAwEN4AEBAqEhAQPBGSAABQENABHg4MEB6OA="
        },
        {
            "ModelReport (freshness)", new ModelReport("ranker", At, [new VariantReport(Variants.Canary, "v2", 10, 1, 2, 0.1, 0.2, 5, 1, 0,
                new Interval(0.2, 0.1, 0.3), [], null, null, Freshness: [new FeatureFreshnessShare("f", 0.25, 0.5)], VectorRows: 40)], null, []), "MAHEH9WaJXJlY3N5cy5Nb2RlbFJlcG9ydEANcmFua2VyIYAAYJhnlk7fCIEAAAAAAAAAAOAhAAMhQA1jYW5hcnlBBXYyASmBAAAAAAAA8D+BAAAAAAAAAECBmpmZmZmZuT+BmpmZmZmZyT8BFQEFAQEhgJqZmZmZmck/gZqZmZmZmbk/gTMzMzMzM9M/6OAh4MEBwQGBAAAAAAAAAAAhAAMhQANmgQAAAAAAANA/gQAAAAAAAOA/6ODgAaHo4ODBASHgwQHBAcEBwQHo4A=="
        },
        {
            "FeatureRead", new FeatureRead(new FeatureSnapshot("u1", 1000, 900, new() { ["f"] = 1 }, [], [], []),
                new() { ["f"] = new FeatureFreshness("present", 0.1), ["g"] = new FeatureFreshness("missing", null) }), "MAGYSZpsJXJlY3N5cy5GZWF0dXJlUmVhZCBABXUxAUIfASIcIQEDQQNmgAAAAAAAAPA/4CHgIeAh4OjgIQEFwREgQA9wcmVzZW50gZqZmZmZmbk/6OBAA2cgQA9taXNzaW5nwQHo4ODo4A=="
        },
        {
            "RankRequest (context)", new RankRequest("u1", ["i1"], 1, "ranker", null, 40, Context: new ServingContext(new() { ["ctx_device"] = "mobile" }, new() { ["ctx_hour"] = 14 })),
            "MAEYiSQQJXJlY3N5cy5SYW5rUmVxdWVzdEAFdTEhAANBBWkx4AEFQQ1yYW5rZXLBAQGhAQEhIAEDQRVjdHhfZGV2aWNlQA1tb2JpbGXgIQEDQRFjdHhfaG91coAAAAAAAAAsQODo4MEB6OA="
        },
        { "SourcedOutcome", new SourcedOutcome("t/0@0", 7, "v1", InteractionType.Purchase), "MAFUcftjK3JlY3N5cy5Tb3VyY2VkT3V0Y29tZUALdC8wQDABHUEFdjEBB+jg" },
        { "AttributedEvent", new AttributedEvent("r1", InteractionType.Click, "e1", "t/0@0", 7), "MAGybSniLXJlY3N5cy5BdHRyaWJ1dGVkRXZlbnRABXIxAQNBBWUxQQt0LzBAMAEd6OA=" },
        { "PopularityEntry", new PopularityEntry("i1", 2.5, 1000), "MAHzn4NSLXJlY3N5cy5Qb3B1bGFyaXR5RW50cnlABWkxgQAAAAAAAARAAUIf6OA=" },
        { "ScoreResult", new ScoreResult([0.5f], null), "MAEtVsQCJXJlY3N5cy5TY29yZVJlc3VsdCAAA2EAAAA/4MEBgQAAAAAAAAAA6OA=" },
        { "RecommendationsRequest", new RecommendationsRequest("u1", 10, "ranker", 0, 50), "MAGiTUnnO3JlY3N5cy5SZWNvbW1lbmRhdGlvbnNSZXF1ZXN0QAV1MQEpQQ1yYW5rZXIBAQHJwQHo4A==" },
        { "RecommendationsRequest (category)", new RecommendationsRequest("u1", 10, "ranker", 0, 50, "shoes"), "MAGiTUnnO3JlY3N5cy5SZWNvbW1lbmRhdGlvbnNSZXF1ZXN0QAV1MQEpQQ1yYW5rZXIBAQHJQQtzaG9lc+jg" },
        { "ScoreResult (timed)", new ScoreResult([0.5f], null, 0.25), "MAEtVsQCJXJlY3N5cy5TY29yZVJlc3VsdCAAA2EAAAA/4MEBgQAAAAAAANA/6OA=" },
    };

    /// <summary>The retraining autopilot's stored policy and run (its grain state holds them).</summary>
    public static TheoryData<string, object, string> FeatureDefaultCases() => new()
    {
        {
            "ModelVersionInfo (stored, with feature defaults)",
            new ModelVersionInfo(Manifest with { FeatureDefaults = new() { ["user_clicks_total"] = -1 } }, ModelStatus.Active, At, "ops", 1234),
            "MAH5KRrcL3JlY3N5cy5Nb2RlbFZlcnNpb25JbmZvIEANcmFua2VyQQV2MSGAAGCYZ5ZO3wiBAAAAAAAAAADgIQADQSN1c2VyX2NsaWNrc190b3RhbOBBEWZlYXR1cmVzQQtzY29yZSEBA0EHYXVjgAAAAAAAAOg/4EETc3ludGhldGljQQ1hYmMxMjNBEWZhc3R0cmVlIQEDwRUgIAAFgQAAAAAAAOA/gAAAAAAAAPg/4CEABwEFAAkADeDo4ODBLyEBA8EVgAAAAAAAAPC/4OjgAQEhgABgmGeWTt8IgQAAAAAAAAAA4EEHb3BzAZIm6OA="
        }
    };

    public static TheoryData<string, object, string> RetrainingCases() => new()
    {
        { "RetrainingPolicy (stored)", new RetrainingPolicy(ScheduleSeconds: 3600, CanaryPercent: 12.5m), "MAFc4SaIL3JlY3N5cy5SZXRyYWluaW5nUG9saWN5AAMBgnCBAAAAAAAA0D8BwhKBAAAAAAAAAAABBEYFAUI4AYI+AQQYFQGCcAEiA4F7FK5H4XqEP0EhAAABAAAAAAB9AAAAAAAAAAGCcIF7FK5H4XqEPwGCcOjg" },
        {
            "RetrainingRun (stored)", new RetrainingRun("ranker-retrain-3", 3, RetrainingTriggers.Drift, "drift: item_price", "autopilot", RetrainingSteps.Soaking, At, At,
                "auto-3", "v1", 1000, 2000, GateCandidate: 0.75, GateStable: 0.74, GateCases: 500, CanaryRevision: 7, StableBaseline: [1, 2, 3, 4]), "MAF18Da0KXJlY3N5cy5SZXRyYWluaW5nUnVuQCFyYW5rZXItcmV0cmFpbi0zAQ1BC2RyaWZ0QSNkcmlmdDogaXRlbV9wcmljZUETYXV0b3BpbG90QQ9zb2FraW5nIYAAYJhnlk7fCIEAAAAAAAAAAOAhgABgmGeWTt8IgQAAAAAAAAAA4EENYXV0by0zQQV2MQFCHwGCPsEBwQHBAcEBgQAAAAAAAOg/ga5H4XoUruc/AaIPAR0hAAkBBQAJAA0AEeDBAQEB6OA="
        },
    };

    /// <summary>The records that carry data quality: a serving delta's counts and a report's section.</summary>
    public static TheoryData<string, object, string> DataQualityCases() => new()
    {
        {
            "VersionServingDelta (data quality)", new VersionServingDelta("v1", 10, 1, 2, [1.5], 5, new() { ["f"] = [1, 2] }, [3], VectorRows: 40,
                FeatureFallbacks: new() { ["f"] = [3, 4] }, DataQuality: new() { ["f"] = [5, 6] }),
            "MAGjvnRYNXJlY3N5cy5WZXJzaW9uU2VydmluZ0RlbHRhQAV2MQEpAQUBCSEAA4EAAAAAAAD4P+ABFSEBA0EDZiAABQEFAAng4CEAAwEN4AEBAqEhAQPBGSAABQENABHg4CEBA8EZIAAFARUAGeDg6OA="
        },
        {
            "ModelReport (data quality)", new ModelReport("ranker", At, [], null, [], DataQuality: new DataQualityReport(
                [new VersionDataQuality("v2", Variants.Canary, 40, [new InputQuality("f", 0.25, 0.5, 0.75, 0, 0.125, -1, 3), new InputQuality("g", 0, 0, 0, 0, 0, null, null)])])),
            "MAHEH9WaJXJlY3N5cy5Nb2RlbFJlcG9ydEANcmFua2VyIYAAYJhnlk7fCIEAAAAAAAAAAOAh4MEBIeDBAcEBISAAAyFABXYyQQ1jYW5hcnkBoSEABSFAA2aBAAAAAAAA0D+BAAAAAAAA4D+BAAAAAAAA6D+BAAAAAAAAAACBAAAAAAAAwD+BAAAAAAAA8L+BAAAAAAAACEDo4CBAA2eBAAAAAAAAAACBAAAAAAAAAACBAAAAAAAAAACBAAAAAAAAAACBAAAAAAAAAADBAcEB6ODg6ODg6ODBAejg"
        },
    };

    /// <summary>The records of multi-arm experiments (plans with arms are stored too).</summary>
    public static TheoryData<string, object, string> ArmCases() => new()
    {
        { "RolloutPlan (arms, stored)", Plan with { Arms = [new RolloutArm("v2", 1250), new RolloutArm("v4", 3000)] }, "MAH05YFmJXJlY3N5cy5Sb2xsb3V0UGxhbkANcmFua2VyQQV2MUEFdjJBIQAAAQAAAAAAfQAAAAAAAAAhAANBBXYz4EEJc2FsdCEAHYF7FK5H4XqUP4KamZmZmZmpP4EAAAAAAAAAQIEAAAAAAAAAAOjgAREhAAUhwAkBEifo4CBABXY0AcJd6ODg6OA=" },
        { "RolloutArmsUpdate", new RolloutArmsUpdate([new RolloutArm("v2", 1250)], ["v3"], null, 4, "try two"), "MAF1d/y3MXJlY3N5cy5Sb2xsb3V0QXJtc1VwZGF0ZSAAAyFABXYyARIn6ODgIQADQQV2M+DBAQERQQ90cnkgdHdv6OA=" },
        {
            "ModelReport (arms)", new ModelReport("ranker", At, [], null, [], null, [new ArmComparison("v2", 1250, 100, 12, new Interval(0.12, 0.07, 0.2),
                new Interval(0.02, -0.01, 0.05), 0.2, 0.4, ArmVerdicts.NoSignificantDifference, null)]), "MAHEH9WaJXJlY3N5cy5Nb2RlbFJlcG9ydEANcmFua2VyIYAAYJhnlk7fCIEAAAAAAAAAAOAh4MEBIeDBASEAAyFABXYyARInASIDATEhgLgehetRuL4/gexRuB6F67E/gZqZmZmZmck/6OAhgHsUrkfhepQ/gXsUrkfheoS/gZqZmZmZmak/6OCBmpmZmZmZyT+BmpmZmZmZ2T9BM25vX3NpZ25pZmljYW50X2RpZmZlcmVuY2XBAejg4MEBwQHo4A=="
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    [MemberData(nameof(RetrainingCases))]
    [MemberData(nameof(DataQualityCases))]
    [MemberData(nameof(ArmCases))]
    [MemberData(nameof(FeatureDefaultCases))]
    public void Serialized_bytes_stay_the_same(string what, object value, string expectedBase64)
    {
        var actual = Convert.ToBase64String(Serializer.SerializeToArray(value));

        Assert.True(expectedBase64 == actual, $"{what}: {actual}");
    }

    [Fact]
    public void A_report_from_a_build_without_the_autopilot_reads_as_having_no_retraining_status()
    {
        var report = Serializer.Deserialize<ModelReport>(Convert.FromBase64String(
            "MAHEH9WaJXJlY3N5cy5Nb2RlbFJlcG9ydEANcmFua2VyIYAAYJhnlk7fCIEAAAAAAAAAAOAhAAMhQA1jYW5hcnlBBXYyASmBAAAAAAAA8D+BAAAAAAAAAECBmpmZmZmZuT+BmpmZmZmZyT8BFQEFAQEhgJqZmZmZmck/gZqZmZmZmbk/gTMzMzMzM9M/6OAh4MEBwQGBAAAAAAAAAAAhAAMhQANmgQAAAAAAANA/gQAAAAAAAOA/6ODgAaHo4ODBASHgwQHo4A=="))!;

        Assert.Null(report.Retraining);
        Assert.Equal("ranker", report.Model);
    }

    [Fact]
    public void A_request_and_an_answer_from_a_build_before_explanations_read_as_unexplained()
    {
        var request = Serializer.Deserialize<RankRequest>(Convert.FromBase64String("MAEYiSQQJXJlY3N5cy5SYW5rUmVxdWVzdEAFdTEhAAVBBWkxQAVpMuABCUENcmFua2VyQQVyMQGh6OA="))!;
        var response = Serializer.Deserialize<RankResponse>(Convert.FromBase64String(
            "MAEppvR3J3JlY3N5cy5SYW5rUmVzcG9uc2VABXIxQQ1yYW5rZXJBBXYxQQ1zdGFibGUBA0ERZGVhZGxpbmUhgABgmGeWTt8IgQAAAAAAAAAA4CEAAyFABWkxgQAAAAAAAOA/6ODg6OA="))!;

        Assert.Equal((40, false), (request.DeadlineMs, request.Explain));
        Assert.Equal(("i1", 0.5, (FeatureContribution[]?)null), (response.Items[0].ItemId, response.Items[0].Score, response.Items[0].Contributions));
    }

    [Fact]
    public void A_recommendations_request_from_a_build_before_categories_reads_as_asking_for_the_global_list()
    {
        // The bytes a build before the category field wrote for RecommendationsRequest("u1", 10, "ranker", 0, 50).
        var earlier = Convert.FromBase64String("MAGiTUnnO3JlY3N5cy5SZWNvbW1lbmRhdGlvbnNSZXF1ZXN0QAV1MQEpQQ1yYW5rZXIBAQHJ6OA=");

        var request = Serializer.Deserialize<RecommendationsRequest>(earlier)!;

        Assert.Equal(new RecommendationsRequest("u1", 10, "ranker", 0, 50, null), request);
    }

    [Fact]
    public void A_plan_stored_with_the_earlier_guardrails_still_loads_with_the_scoring_time_check_off()
    {
        // Written when guardrails were minRequests, maxErrorRate, maxP99Ms (field 2, no longer read) and maxFallbackRateDelta.
        var stored = Convert.FromBase64String(
            "MAH05YFmJXJlY3N5cy5Sb2xsb3V0UGxhbkANcmFua2VyQQV2MUEFdjJBIQAAAQAAAAAAfQAAAAAAAAAhAANBBXYz4EEJc2FsdCEAHYGamZmZmZmpP4EAAAAAAABJQIGamZmZmZmpP+jgARHo4A==");

        var plan = Serializer.Deserialize<RolloutPlan>(stored)!;

        Assert.Equal(new Guardrails(MinRequests: 7, MaxErrorRateDelta: 0.05, MaxFallbackRateDelta: 0.05, MaxScoreTimeRatio: 0, MaxScoreTimeDeltaUs: 0), plan.Guardrails);
        Assert.Equal(4, plan.Revision);
    }

    [Fact]
    public void A_rank_request_from_a_build_without_pinning_reads_as_unpinned()
    {
        // The bytes a build before the version field wrote for RankRequest("u1", ["i1", "i2"], 2, "ranker", "r1", 40).
        var earlier = Convert.FromBase64String("MAEYiSQQJXJlY3N5cy5SYW5rUmVxdWVzdEAFdTEhAAVBBWkxQAVpMuABCUENcmFua2VyQQVyMQGh6OA=");

        var request = Serializer.Deserialize<RankRequest>(earlier)!;

        Assert.Equal(("u1", 40, null), (request.UserId, request.DeadlineMs, request.Version));
    }

    [Fact]
    public void A_serving_delta_from_a_silo_without_freshness_counts_reads_as_none()
    {
        // Written before deltas carried the rows built and the per-input fallback counts (fields 10 and 11).
        var stored = Convert.FromBase64String("MAGjvnRYNXJlY3N5cy5WZXJzaW9uU2VydmluZ0RlbHRhQAV2MQEpAQUBCSEAA4EAAAAAAAD4P+ABFSEBA0EDZiAABQEFAAng4CEAAwEN4Ojg");

        var delta = Serializer.Deserialize<VersionServingDelta>(stored)!;

        Assert.Equal(10, delta.Requests);
        Assert.Equal(0, delta.VectorRows);
        Assert.Null(delta.FeatureFallbacks);
    }

    [Fact]
    public void A_ranked_item_from_a_build_before_candidate_sources_reads_without_a_source()
    {
        // The bytes a build before RankedItem.Source (field 3) wrote for the "RankResponse" case above.
        var earlier = Convert.FromBase64String(
            "MAEppvR3J3JlY3N5cy5SYW5rUmVzcG9uc2VABXIxQQ1yYW5rZXJBBXYxQQ1zdGFibGUBA0ERZGVhZGxpbmUhgABgmGeWTt8IgQAAAAAAAAAA4CEAAyFABWkxgQAAAAAAAOA/wQHo4ODo4A==");

        var response = Serializer.Deserialize<RankResponse>(earlier)!;

        Assert.Equal(("i1", 0.5, (string?)null), (response.Items[0].ItemId, response.Items[0].Score, response.Items[0].Source));
    }

    [Fact]
    public void A_recent_key_from_a_build_before_interaction_types_reads_with_its_key_and_time()
    {
        // The bytes a build before RecentKey.Types (field 3) wrote for the "FeatureSnapshot" case above.
        var earlier = Convert.FromBase64String(
            "MAFcqlcoLXJlY3N5cy5GZWF0dXJlU25hcHNob3RABXUxAUIfASIcIQEDQQNugAAAAAAAAPg/4CEBA0EDbEALc2hvZXPgIQEDQQNrIAEDwRmAAAAAAAAABEDg4CEBA0EDciAAAyFABWkxAQIZYa/wOIzg4ODo4A==");

        var snapshot = Serializer.Deserialize<FeatureSnapshot>(earlier)!;

        var entry = Assert.Single(snapshot.Recent["r"]);
        Assert.Equal(("i1", 800L), (entry.Key, entry.LastSeenMs));
    }

    [Fact]
    public void A_serving_delta_from_a_silo_without_data_quality_counts_reads_as_none()
    {
        // Written before deltas carried the non-finite and out-of-range counts (field 12).
        var stored = Convert.FromBase64String("MAGjvnRYNXJlY3N5cy5WZXJzaW9uU2VydmluZ0RlbHRhQAV2MQEpAQUBCSEAA4EAAAAAAAD4P+ABFSEBA0EDZiAABQEFAAng4CEAAwEN4AEBAqEhAQPBGSAABQENABHg4Ojg");

        var delta = Serializer.Deserialize<VersionServingDelta>(stored)!;

        Assert.Equal(40, delta.VectorRows);
        Assert.Equal([3L, 4L], delta.FeatureFallbacks!["f"]);
        Assert.Null(delta.DataQuality);
    }

    [Fact]
    public void A_report_from_a_build_without_data_quality_reads_without_the_section()
    {
        // Written before reports carried the data-quality section (field 7).
        var stored = Convert.FromBase64String("MAHEH9WaJXJlY3N5cy5Nb2RlbFJlcG9ydEANcmFua2VyIYAAYJhnlk7fCIEAAAAAAAAAAOAhAAMhQA1jYW5hcnlBBXYyASmBAAAAAAAA8D+BAAAAAAAAAECBmpmZmZmZuT+BmpmZmZmZyT8BFQEFAQEhgJqZmZmZmck/gZqZmZmZmbk/gTMzMzMzM9M/6OAh4MEBwQGBAAAAAAAAAAAhAAMhQANmgQAAAAAAANA/gQAAAAAAAOA/6ODgAaHo4ODBASHgwQHo4A==");

        var report = Serializer.Deserialize<ModelReport>(stored)!;

        Assert.Equal(("ranker", 40L, 0.5), (report.Model, report.Variants[0].VectorRows, report.Variants[0].Freshness![0].MissingShare));
        Assert.Null(report.DataQuality);
    }

    [Fact]
    public void A_version_stored_before_manifests_recorded_feature_defaults_reads_without_them()
    {
        var info = Serializer.Deserialize<ModelVersionInfo>(Convert.FromBase64String(VersionBeforeFeatureDefaults))!;

        Assert.Equal(("ranker", "v1", 1234L), (info.Manifest.Name, info.Manifest.Version, info.SizeBytes));
        Assert.Equal(Histogram.Edges, info.Manifest.ScoreHistogram!.Edges);
        Assert.Null(info.Manifest.FeatureDefaults);
    }

    [Fact]
    public void A_plan_stored_before_multi_arm_experiments_reads_as_its_canary_alone()
    {
        var plan = Serializer.Deserialize<RolloutPlan>(Convert.FromBase64String(PlanBeforeArms))!;

        Assert.Equal(("v1", "v2", 12.5m, 4L), (plan.Stable, plan.Canary, plan.CanaryPercent, plan.Revision));
        Assert.Null(plan.Arms);
        Assert.Equal([new RolloutArm("v2", 1250)], RolloutArms.Of(plan));
    }

    [Fact]
    public void A_report_from_a_build_before_multi_arm_experiments_reads_without_arms()
    {
        var report = Serializer.Deserialize<ModelReport>(Convert.FromBase64String(ReportBeforeArms))!;

        Assert.Equal(("ranker", "v2"), (report.Model, report.Variants[0].Version));
        Assert.Null(report.Arms);
    }
}
