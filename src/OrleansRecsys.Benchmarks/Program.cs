using BenchmarkDotNet.Running;
using OrleansRecsys.Benchmarks;

// dotnet run -c Release --project src/OrleansRecsys.Benchmarks -- <command> [options]
//   bdn [BenchmarkDotNet args]        micro-benchmarks (e.g. bdn --filter '*HotPath*' --job short)
//   rank --via grain|client|http --rate R --seconds S [--users U] [--candidates C] [--warmup S] [--json]
//   curve --via grain|client|http --rates 500,1000,2000,... [--seconds S] [--warmup S]
//   ingest --rate R --seconds S [--users U] [--warmup S] [--raw]
//   catch-up [--users U] [--events N] [--rounds R] [--raw]   backlog of N events drained with the generator idle
//   memory --users N
//   peer --rate R --seconds S [--users U]            Redis-backed online store vs the grid at the same rate
//   side-by-side [--rate R] [--seconds S] [--ingest-rate R] [--catch-up-rounds N]
//                                                     limit, Redis peer and raw Kafka next to the grid, one table
//   batching [--concurrency 1,4,16] [--wait-us 0,200] scoring calls/s with micro-batching off and on
return await Cli.RunAsync(args);

namespace OrleansRecsys.Benchmarks
{
    public static class Cli
    {
        public static async Task<int> RunAsync(string[] args)
        {
            if (args.Length == 0)
            {
                Console.Error.WriteLine("commands: bdn | rank | curve | ingest | catch-up | memory | peer | side-by-side (see Program.cs and docs/benchmarks.md)");
                return 2;
            }

            var opts = Options.Parse(args.Skip(1).ToArray());
            switch (args[0])
            {
                case "bdn":
                    BenchmarkSwitcher.FromAssembly(typeof(Cli).Assembly).Run(args.Skip(1).ToArray());
                    return 0;
                case "rank":
                    return await Commands.RankAsync(opts);
                case "curve":
                    return await Commands.CurveAsync(opts);
                case "ingest":
                    return await Commands.IngestAsync(opts);
                case "catch-up":
                    return await Commands.CatchUpAsync(opts);
                case "memory":
                    return await Commands.MemoryAsync(opts);
                case "peer":
                    return await Commands.PeerAsync(opts);
                case "side-by-side":
                    return await SideBySide.RunAsync(opts);
                case "batching":
                    return await BatchingBench.RunAsync(opts);
                default:
                    Console.Error.WriteLine($"unknown command '{args[0]}'");
                    return 2;
            }
        }
    }

    public sealed class Options(Dictionary<string, string> values)
    {
        public static Options Parse(string[] args)
        {
            var d = new Dictionary<string, string>();
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    d[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
                }
            }

            return new Options(d);
        }

        public string Get(string key, string fallback) => values.TryGetValue(key, out var v) ? v : fallback;

        public double Num(string key, double fallback) => values.TryGetValue(key, out var v) ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

        public bool Flag(string key) => values.ContainsKey(key);
    }
}
