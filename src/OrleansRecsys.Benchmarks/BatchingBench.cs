namespace OrleansRecsys.Benchmarks;

/// <summary><c>batching</c>: scoring throughput through ModelVersionGrain with micro-batching off and on, at several concurrencies.</summary>
public static class BatchingBench
{
    public static async Task<int> RunAsync(LoadOptions o)
    {
        var seconds = TimeSpan.FromSeconds(o.Num("seconds", 5));
        var concurrencies = o.Get("concurrency", "1,4,16").Split(',').Select(int.Parse).ToArray();
        var waits = o.Get("wait-us", "0,200").Split(',').Select(int.Parse).ToArray();
        var rows = (int)o.Num("rows", 100);
        var results = new List<string>();
        foreach (var wait in waits)
        {
            await using var grid = await GridUnderTest.StartAsync(new Dictionary<string, string?> { ["Recsys:Grid:MicroBatchWaitUs"] = wait.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var version = grid.Grains.GetGrain<IModelVersionGrain>(new ModelVersionKey(ModelNames.Default, "v1").ToString());
            var input = new float[rows * Training.RankerTrainer.DefaultFeatures.Length];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = i % 13;
            }

            await version.ScoreAsync(new Orleans.Concurrency.Immutable<float[]>(input), rows);
            foreach (var c in concurrencies)
            {
                long calls = 0;
                var until = DateTime.UtcNow + seconds;
                await Task.WhenAll(Enumerable.Range(0, c).Select(async _ =>
                {
                    while (DateTime.UtcNow < until)
                    {
                        await version.ScoreAsync(new Orleans.Concurrency.Immutable<float[]>(input), rows);
                        Interlocked.Increment(ref calls);
                    }
                }));
                var line = $"{(wait == 0 ? "off" : wait + " µs"),-10} {c,12} {calls / seconds.TotalSeconds,14:F0}";
                Console.Error.WriteLine(line);
                results.Add(line);
            }
        }

        Console.WriteLine($"{"batching",-10} {"concurrency",12} {"calls/s (" + rows + " rows)",14}");
        results.ForEach(Console.WriteLine);
        return 0;
    }
}
