using System.Diagnostics.Metrics;

namespace OrleansRecsys.Grains.Tests;

/// <summary>The last completed batch run per model behind the recsys_batch_last_* gauges.</summary>
public sealed class BatchRunRecordsTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void The_gauges_read_when_the_last_run_finished_and_its_users_per_second()
    {
        var records = new BatchRunRecords();

        records.Completed("ranker", Start, Start.AddSeconds(20), usersDone: 1000);

        Assert.Equal(1_800_000_020, Single(records.ObserveLastSuccess(), "ranker"));
        Assert.Equal(50, Single(records.ObserveUsersPerSecond(), "ranker"));
    }

    [Fact]
    public void An_older_run_read_back_later_does_not_replace_a_newer_one()
    {
        var records = new BatchRunRecords();
        records.Completed("ranker", Start.AddMinutes(10), Start.AddMinutes(11), usersDone: 600);

        records.Completed("ranker", Start, Start.AddSeconds(10), usersDone: 10);

        Assert.Equal(10, Single(records.ObserveUsersPerSecond(), "ranker"));
    }

    private static double Single(IEnumerable<Measurement<double>> measurements, string model) =>
        Assert.Single(measurements, m => m.Tags.ToArray().Single().Value as string == model).Value;
}
