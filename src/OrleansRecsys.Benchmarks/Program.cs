using OrleansRecsys.Benchmarks;

// dotnet run -c Release --project src/OrleansRecsys.Benchmarks -- <command> [options]
//   bdn [BenchmarkDotNet args]        micro-benchmarks (e.g. bdn --filter '*HotPath*' --job short)
//   rank --via grain|client|http --rate R --seconds S [--users U] [--candidates C] [--warmup S] [--json]
//   curve --via grain|client|http --rates 500,1000,2000,... [--seconds S] [--warmup S]
//   ingest --rate R --seconds S [--users U] [--warmup S] [--raw]
//   catch-up [--users U] [--events N] [--rounds R] [--raw]   backlog of N events drained with the generator idle
//   memory --users N
//   peer --rate R --seconds S [--users U]            Redis-backed online store vs the grid at the same rate
//   side-by-side [--rate R] [--seconds S] [--ingest-rate R] [--catch-up-rounds N] [--http-only] [--connections 4]
//                [--http-seconds S]                   limit, Redis peer and raw Kafka next to the grid, one table; then
//                                                     HTTP rank closed-loop: grid (defaults, monitoring off), floor, Redis peer
//   batching [--concurrency 1,4,16] [--wait-us 0,200] scoring calls/s with micro-batching off and on
//   batch [--users 20000] [--k 50] [--shards-in-flight 4] [--users-in-flight 8] [--rate 500] [--seconds 15]
//                                                     users/s of one batch run on one silo; recommendations served
//                                                     precomputed vs online, popular lists cached vs read from
//                                                     their grains (latency at the same rate)
//   explain [--via http|grain] [--k 10] [--rate 200] [--seconds 10] [--rounds 2] [--candidates C] [--warmup S]
//                                                     rank p50 with explain off and on, alternating rounds
//   failover [--runs 5] [--mode kill,term] [--silos 3] [--set KEY=VALUE,...] [--logs DIR]
//                                                     seconds until a stopped silo's partitions are consumed again
//                                                     (silo processes on PostgreSQL: run it through scripts/failover-bench.sh)
//   upload [--mb 200] [--read-by-input]               a generated model of that many MiB registered through a gateway
//                                                     process; peak memory of gateway and silo (scripts/upload-bench.sh)
//   pg-ingest [--paths batched,one-row] [--rate 20000] [--users 100000] [--seconds 60] [--drain-users 20000]
//             [--drain-events 75000] [--drain-rounds 2] [--cold 10000] [--pg CONNECTION]
//                                                     ingestion with grain state in PostgreSQL, batched vs one-row writes
//                                                     (scripts/pg-ingest-bench.sh starts PostgreSQL)
//   alloc-profile [--calls 20000] [--top 30] [--users 1000]
//                                                     bytes per rank (grain and HTTP) by type, from the runtime's
//                                                     sampled allocation events
//   monitoring-cost [--variants off,defaults,log,log-no-vectors,log-all-vectors,drift,broker-out] [--seconds 10]
//                   [--warmup 5] [--users 10000]       HTTP rank per monitoring switch, CPU per request by thread group
//   prediction-log [--rate 6000] [--seconds 5] [--vector-shares 0,0.1,1] [--broker-out]
//                                                     the prediction log writer alone: CPU and bytes per record
//   overload [--seconds 10] [--multiples 1,2,3] [--ladder 1000,...] [--capacity N] [--connections 256] [--in-process]
//                                                     open-loop rank at 1x/2x/3x the measured capacity, load from a child
//                                                     process (--in-process: from the silo's own process)
//   failing-model [--rate 200] [--seconds 10]         when a slow model's circuit opens, and its p99 after
//   loadgen --url U --users N --candidates C          the child load generator the two above start (token in its environment)
return await LoadTool.RunAsync(args);
