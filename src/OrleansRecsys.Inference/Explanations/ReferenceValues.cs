namespace OrleansRecsys.Inference.Explanations;

/// <summary>
/// The value each input feature is compared against when a score is explained: the feature's median in the model's
/// training data, read off the reference histogram its manifest carries (the one drift is measured against).
/// </summary>
public static class ReferenceValues
{
    /// <summary>One reference per feature in the manifest's order; NaN for a feature without a usable histogram, which
    /// explanations then leave out (there is nothing typical to compare its value with).</summary>
    public static float[] Medians(ModelManifest manifest)
    {
        var references = new float[manifest.Features.Length];
        for (var f = 0; f < references.Length; f++)
        {
            references[f] = manifest.ReferenceHistograms.TryGetValue(manifest.Features[f], out var histogram) ? (float)Median(histogram) : float.NaN;
        }

        return references;
    }

    /// <summary>
    /// The median of the values a histogram counted (bin 0 holds values up to Edges[0], bin i values in
    /// (Edges[i-1], Edges[i]], the last bin values above the last edge). Inside an inner bin the values are taken as
    /// spread evenly between its edges; an open outer bin gives its one edge. NaN when nothing was counted.
    /// </summary>
    public static double Median(Histogram histogram)
    {
        var (edges, counts) = (histogram.Edges, histogram.Counts);
        long total = 0;
        foreach (var count in counts)
        {
            total += count;
        }

        if (total <= 0 || edges.Length == 0 || counts.Length != edges.Length + 1)
        {
            return double.NaN;
        }

        var half = total / 2.0;
        long before = 0;
        for (var bin = 0; bin < counts.Length; bin++)
        {
            if (counts[bin] > 0 && before + counts[bin] >= half)
            {
                if (bin == 0 || bin == counts.Length - 1)
                {
                    return bin == 0 ? edges[0] : edges[^1];
                }

                var share = (half - before) / counts[bin];
                return edges[bin - 1] + (share * (edges[bin] - edges[bin - 1]));
            }

            before += counts[bin];
        }

        return edges[^1];
    }
}
