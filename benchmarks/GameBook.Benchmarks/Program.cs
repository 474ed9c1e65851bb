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

// In-process: BenchmarkDotNet's generated project must otherwise build within two minutes, which a
// loaded two-core machine does not always manage. Baselines run in the same process, so ratios hold.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(CompileBenchmarks).Assembly).Run(args, config);
