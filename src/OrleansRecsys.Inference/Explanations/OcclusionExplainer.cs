using System.Buffers;

namespace OrleansRecsys.Inference.Explanations;

/// <summary>
/// Explains any model's scores by occlusion: for each explained row, the score with one feature replaced by its
/// reference value (<see cref="ReferenceValues"/>) is subtracted from the row's own score, once per feature. It needs
/// nothing from the model but scores, so it works for every ONNX graph; for a linear model a feature's contribution is
/// exactly <c>weight × (value − reference)</c>, and for others it is the effect of that one feature given all the rest.
/// All variant rows of a request, k explained rows × (1 + features), are scored in one batch: one model run.
/// </summary>
public static class OcclusionExplainer
{
    /// <summary>What the explanations record as their method.</summary>
    public const string Method = "occlusion_reference_median";

    /// <summary>The top <paramref name="top"/> contributions of each row in <paramref name="explained"/>, largest absolute
    /// effect first (ties in feature order). Features without a reference, and those whose occlusion changes nothing, are
    /// left out.</summary>
    /// <param name="rows">All rows (row-major, <paramref name="width"/> values each); only <paramref name="explained"/> are read.</param>
    /// <param name="explained">Indexes of the rows to explain.</param>
    public static FeatureContribution[][] Explain(ReadOnlySpan<float> rows, int width, ReadOnlySpan<int> explained, float[] references,
        string[] featureNames, int top, RowScorer score)
    {
        var block = width + 1;
        var rowCount = explained.Length * block;
        var variants = ArrayPool<float>.Shared.Rent(rowCount * width);
        var scores = ArrayPool<float>.Shared.Rent(rowCount);
        try
        {
            FillVariants(rows, width, explained, references, variants);
            score(variants, rowCount, scores.AsSpan(0, rowCount));
            var result = new FeatureContribution[explained.Length][];
            for (var i = 0; i < explained.Length; i++)
            {
                var original = variants.AsSpan(i * block * width, width);
                result[i] = Top(original, scores.AsSpan(i * block, block), references, featureNames, top);
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(variants);
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>Per explained row, a block of 1 + width rows: the row itself, then one copy per feature with that feature
    /// at its reference (left as it is when the feature has none).</summary>
    private static void FillVariants(ReadOnlySpan<float> rows, int width, ReadOnlySpan<int> explained, float[] references, float[] variants)
    {
        var block = width + 1;
        for (var i = 0; i < explained.Length; i++)
        {
            var source = rows.Slice(explained[i] * width, width);
            var start = i * block * width;
            source.CopyTo(variants.AsSpan(start, width));
            for (var f = 0; f < width; f++)
            {
                var variant = variants.AsSpan(start + ((f + 1) * width), width);
                source.CopyTo(variant);
                if (float.IsFinite(references[f]))
                {
                    variant[f] = references[f];
                }
            }
        }
    }

    /// <param name="scores">The block's scores: the row's own first, then one per feature.</param>
    private static FeatureContribution[] Top(ReadOnlySpan<float> row, ReadOnlySpan<float> scores, float[] references, string[] featureNames, int top)
    {
        var best = new List<FeatureContribution>(top + 1);
        for (var f = 0; f < row.Length; f++)
        {
            var contribution = (double)scores[0] - scores[f + 1];
            if (!float.IsFinite(references[f]) || contribution == 0 || !double.IsFinite(contribution) || !float.IsFinite(row[f]))
            {
                continue;
            }

            // Insertion into a short sorted list: stable (an equal effect stays behind the earlier feature) and top is small.
            var at = best.Count;
            while (at > 0 && Math.Abs(best[at - 1].Contribution) < Math.Abs(contribution))
            {
                at--;
            }

            if (at < top)
            {
                best.Insert(at, new FeatureContribution(featureNames[f], row[f], references[f], contribution));
                if (best.Count > top)
                {
                    best.RemoveAt(top);
                }
            }
        }

        return best.ToArray();
    }
}
