namespace OrleansRecsys.Training.Tests;

/// <summary>The trainer fits rows by their weight: ML.NET's example weight column, read from backfilled rows.</summary>
public sealed class RowWeightTests
{
    private static readonly List<float[]> Probe = [[2f], [7f]];

    /// <summary>One feature, 0..9: values of 5 and up are mostly positive, the rest mostly negative.</summary>
    private static TrainingSet Base()
    {
        var set = new TrainingSet(["x"]);
        for (var i = 0; i < 1000; i++)
        {
            var x = i % 10;
            set.Add([x], x >= 5 ? i % 7 != 0 : i % 7 == 0, i);
        }

        return set;
    }

    /// <summary>The base rows plus 600 negatives at x = 7, which contradict them, at <paramref name="weight"/>.</summary>
    private static TrainingSet WithContradictions(float weight)
    {
        var set = Base();
        for (var i = 0; i < 600; i++)
        {
            set.Add([7f], false, 1000 + i, weight);
        }

        return set;
    }

    private static float[] Predict(TrainingSet set, string algorithm) =>
        RankerTrainer.FitAndPredict(set, new RankerTrainer.Options(Algorithm: algorithm, Trees: 20), Probe).MlNetProbabilities;

    [Fact]
    public void Rows_of_weight_zero_do_not_change_the_fasttree_model_while_the_same_rows_at_weight_one_do()
    {
        var baseline = Predict(Base(), "fasttree");
        var ignored = Predict(WithContradictions(0f), "fasttree");
        var counted = Predict(WithContradictions(1f), "fasttree");

        Assert.Equal(baseline[1], ignored[1], 3);
        Assert.True(counted[1] < baseline[1] - 0.2f, $"x = 7: {counted[1]} with the contradicting rows counted vs {baseline[1]} without");
    }

    [Fact]
    public void Weighting_the_positives_up_raises_the_predicted_probability()
    {
        var unweighted = Base();
        var weighted = new TrainingSet(["x"]);
        for (var i = 0; i < unweighted.Count; i++)
        {
            weighted.Add(unweighted.Rows[i], unweighted.Labels[i], unweighted.Times[i], unweighted.Labels[i] ? 5f : 1f);
        }

        var plain = Predict(unweighted, "fasttree");
        var raised = Predict(weighted, "fasttree");

        Assert.True(raised[0] > plain[0] + 0.05f, $"x = 2: {raised[0]} weighted vs {plain[0]} unweighted");
        Assert.True(raised[1] > plain[1], $"x = 7: {raised[1]} weighted vs {plain[1]} unweighted");
    }

    [Fact]
    public void Rows_read_from_a_file_carry_their_weight_and_default_to_one()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path,
            [
                """{"featureNames":["x"],"values":[1],"label":true,"ts":1,"weight":4}""",
                """{"featureNames":["x"],"values":[2],"label":false,"ts":2}""",
            ]);

            Assert.Equal([4f, 1f], TrainingSet.FromJsonl(path).Weights);

            File.WriteAllLines(path, ["""{"featureNames":["x"],"values":[1],"label":true,"ts":1,"weight":-1}"""]);
            Assert.Contains("weight", Assert.Throws<InvalidDataException>(() => TrainingSet.FromJsonl(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
