using BenchmarkDotNet.Running;
using GameBook.Benchmarks;

if (args.Length > 0 && args[0] == "--footprint")
{
    SessionFootprint.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(CompileBenchmarks).Assembly).Run(args);
