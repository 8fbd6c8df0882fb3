namespace OrleansRecsys.Training;

/// <summary>Held-out quality of a binary classifier's scores, as the manifest reports it.</summary>
internal static class BinaryClassificationMetrics
{
    /// <summary>ROC AUC by the rank-sum formula (ties get average ranks).</summary>
    public static double Auc(float[] scores, bool[] labels)
    {
        var idx = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (var i = 0; i < idx.Length;)
        {
            var j = i;
            while (j + 1 < idx.Length && scores[idx[j + 1]] == scores[idx[i]])
            {
                j++;
            }

            for (var k = i; k <= j; k++)
            {
                ranks[idx[k]] = (i + j) / 2.0 + 1;
            }

            i = j + 1;
        }

        double pos = labels.Count(l => l), neg = labels.Length - pos;
        if (pos == 0 || neg == 0)
        {
            return double.NaN;
        }

        var sum = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i])
            {
                sum += ranks[i];
            }
        }

        return (sum - pos * (pos + 1) / 2) / (pos * neg);
    }

    public static double LogLoss(float[] p, bool[] labels)
    {
        var s = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var q = Math.Clamp(p[i], 1e-7, 1 - 1e-7);
            s -= labels[i] ? Math.Log(q) : Math.Log(1 - q);
        }

        return s / Math.Max(1, p.Length);
    }
}
