using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrleansRecsys.Grains;

/// <summary>
/// The last completed batch run of each model this silo has seen finish (or read back from a coordinator's state when
/// it activated here), for the <c>recsys_batch_last_*</c> gauges. A model's coordinator may move between silos; a silo
/// keeps what it saw, and the newest value across silos is the true one (PromQL <c>max by (model)</c>).
/// </summary>
internal sealed class BatchRunRecords
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset FinishedAt, double UsersPerSecond)> _last = new(StringComparer.Ordinal);

    public void Completed(string model, DateTimeOffset startedAt, DateTimeOffset finishedAt, long usersDone)
    {
        var seconds = Math.Max((finishedAt - startedAt).TotalSeconds, 0.001);
        var record = (finishedAt, usersDone / seconds);
        _last.AddOrUpdate(model, record, (_, known) => known.FinishedAt >= finishedAt ? known : record);
    }

    public IEnumerable<Measurement<double>> ObserveLastSuccess()
    {
        foreach (var (model, last) in _last)
        {
            yield return new Measurement<double>(last.FinishedAt.ToUnixTimeMilliseconds() / 1000.0, new KeyValuePair<string, object?>("model", model));
        }
    }

    public IEnumerable<Measurement<double>> ObserveUsersPerSecond()
    {
        foreach (var (model, last) in _last)
        {
            yield return new Measurement<double>(last.UsersPerSecond, new KeyValuePair<string, object?>("model", model));
        }
    }
}
