using OrleansRecsys.Inference.Explanations;

namespace OrleansRecsys.Inference.Tests.Explanations;

public sealed class OcclusionExplainerTests
{
    private static readonly string[] Names = ["a", "b", "c", "d"];
    private static readonly float[] Weights = [2f, -3f, 0.5f, 0f];

    /// <summary>A linear model with a bias, counting its calls and rows, so the test can see the one batched run.</summary>
    private sealed class LinearModel(float[] weights, float bias)
    {
        public int Runs { get; private set; }
        public int Rows { get; private set; }

        public void Score(float[] rows, int rowCount, Span<float> scores)
        {
            Runs++;
            Rows += rowCount;
            for (var r = 0; r < rowCount; r++)
            {
                var sum = bias;
                for (var f = 0; f < weights.Length; f++)
                {
                    sum += weights[f] * rows[(r * weights.Length) + f];
                }

                scores[r] = sum;
            }
        }
    }

    [Fact]
    public void A_linear_models_contributions_are_weight_times_value_minus_reference_from_one_batched_run()
    {
        var model = new LinearModel(Weights, 7f);
        float[] rows = [1, 2, 3, 4, /* row 1 */ 10, 0, 8, 1, /* row 2 */ 5, 5, 5, 5];
        float[] references = [4, 1, 2, 9];

        var explained = OcclusionExplainer.Explain(rows, 4, [2, 0], references, Names, top: 10, model.Score);

        Assert.Equal((1, 2 * 5), (model.Runs, model.Rows)); // two rows explained, each itself plus one variant per feature
        // Row 2 (5,5,5,5): a = 2×(5−4) = 2, b = −3×(5−1) = −12, c = 0.5×(5−2) = 1.5; d has weight 0, so it is left out.
        Assert.Equal([("b", 5.0, 1.0, -12.0), ("a", 5.0, 4.0, 2.0), ("c", 5.0, 2.0, 1.5)],
            explained[0].Select(c => (c.Feature, c.Value, c.Reference, c.Contribution)));
        // Row 0 (1,2,3,4): a = 2×(1−4) = −6, b = −3×(2−1) = −3, c = 0.5×(3−2) = 0.5.
        Assert.Equal([("a", -6.0), ("b", -3.0), ("c", 0.5)], explained[1].Select(c => (c.Feature, c.Contribution)));
    }

    [Fact]
    public void Only_the_top_contributions_by_absolute_effect_are_kept_and_ties_keep_feature_order()
    {
        var model = new LinearModel([1f, -1f, 1f, 3f], 0f);
        var explained = OcclusionExplainer.Explain([2, 2, 2, 1], 4, [0], [0, 0, 0, 0], Names, top: 2, model.Score);

        // d: 3×1 = 3; a, b and c all move the score by 2, and a comes first.
        Assert.Equal([("d", 3.0), ("a", 2.0)], explained[0].Select(c => (c.Feature, c.Contribution)));
    }

    [Fact]
    public void A_feature_without_a_reference_is_never_occluded_or_reported()
    {
        var model = new LinearModel(Weights, 0f);
        var explained = OcclusionExplainer.Explain([9, 9, 9, 9], 4, [0], [float.NaN, 0, 0, 0], Names, top: 10, model.Score);

        Assert.DoesNotContain(explained[0], c => c.Feature == "a");
        Assert.Equal(["b", "c"], explained[0].Select(c => c.Feature));
    }

    [Fact]
    public void Contributions_through_onnx_runtime_match_the_hand_built_linear_graphs_weights()
    {
        using var scorer = OnnxScorer.Load(OnnxGraph.Linear(Weights, 0.25f), "features", "score", Weights.Length);
        float[] rows = [3, 1, 6, 2];
        float[] references = [1, 1.5f, 2, 0];

        var explained = OcclusionExplainer.Explain(rows, 4, [0], references, Names, top: 10, scorer.Score);

        Assert.Equal(3, explained[0].Length);
        foreach (var c in explained[0])
        {
            var f = Array.IndexOf(Names, c.Feature);
            Assert.Equal(Weights[f] * (rows[f] - references[f]), c.Contribution, 4);
        }
    }
}
