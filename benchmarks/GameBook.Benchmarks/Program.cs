using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GameBook.Benchmarks;

if (args.Length > 0 && args[0] == "--footprint")
{
    SessionFootprint.Run(Console.Out);
    return;
}

// In-process by default: BenchmarkDotNet's generated project must otherwise build within two minutes, which a
// loaded two-core machine does not always manage. `--out-of-process` runs each benchmark in its own process
// instead, so the JIT's profile of shared code (Polly's generic strategies, say) gathered while one benchmark
// runs cannot favour or penalise the next; use it on a quiet machine when benchmarks share library code.
var outOfProcess = args.Contains("--out-of-process");
args = [.. args.Where(a => a != "--out-of-process")];
var config = outOfProcess
    ? DefaultConfig.Instance
    : DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(CompileBenchmarks).Assembly).Run(args, config);
