using BenchmarkDotNet.Running;

namespace OrleansRecsys.Benchmarks;

/// <summary>The load tool's command line: the first argument names the command, the rest are its options.</summary>
public static class LoadTool
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("commands: bdn | rank | curve | ingest | catch-up | backfill | memory | peer | side-by-side | batching | batch | explain | failover | upload | pg-ingest | overload | failing-model | alloc-profile | monitoring-cost | prediction-log (see Program.cs and docs/benchmarks.md)");
            return 2;
        }

        var options = LoadOptions.Parse(args.Skip(1).ToArray());
        switch (args[0])
        {
            case "bdn":
                BenchmarkSwitcher.FromAssembly(typeof(LoadTool).Assembly).Run(args.Skip(1).ToArray());
                return 0;
            case "rank":
                return await Commands.RankAsync(options);
            case "curve":
                return await Commands.CurveAsync(options);
            case "ingest":
                return await Commands.IngestAsync(options);
            case "catch-up":
                return await Commands.CatchUpAsync(options);
            case "backfill":
                return await BackfillBench.RunAsync(options);
            case "memory":
                return await Commands.MemoryAsync(options);
            case "peer":
                return await Commands.PeerAsync(options);
            case "side-by-side":
                return await SideBySide.RunAsync(options);
            case "failover":
                return await FailoverBench.RunAsync(options);
            case "upload":
                return await UploadBench.RunAsync(options);
            case "pg-ingest":
                return await PostgresIngestBench.RunAsync(options);
            case "overload":
                return await OverloadBench.RunAsync(options);
            case "failing-model":
                return await FailingModelBench.RunAsync(options);
            case "explain":
                return await ExplainBench.RunAsync(options);
            case "batching":
                return await BatchingBench.RunAsync(options);
            case "batch":
                return await BatchBench.RunAsync(options);
            case "alloc-profile":
                return await AllocationProfile.RunAsync(options);
            case "monitoring-cost":
                return await MonitoringCostBench.RunAsync(options);
            case "prediction-log":
                return await PredictionLogBench.RunAsync(options);
            case "broker":
                return await ChildBroker.ServeAsync();
            case "loadgen":
                return await ChildLoadGenerator.ServeAsync(options);
            default:
                Console.Error.WriteLine($"unknown command '{args[0]}'");
                return 2;
        }
    }
}
