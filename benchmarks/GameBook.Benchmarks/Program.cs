using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GameBook.Benchmarks;

if (args.Length > 0 && args[0] == "--footprint")
{
    if (BenchStories.MissingReason is { } missing)
    {
        Console.Error.WriteLine(missing);
        return 1;
    }

    SessionFootprint.Run(Console.Out);
    return 0;
}

// Without ../shared the benchmarks that play or compile its stories cannot run: say so once and run the others.
var types = typeof(CompileBenchmarks).Assembly.GetTypes()
    .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false)))
    .ToList();
if (BenchStories.MissingReason is { } reason)
{
    var skipped = types.Where(t => t.IsDefined(typeof(NeedsSharedStoriesAttribute), false)).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
    Console.Error.WriteLine(reason);
    Console.Error.WriteLine($"Left out, since they read those stories: {string.Join(", ", skipped)}.");
    types.RemoveAll(t => t.IsDefined(typeof(NeedsSharedStoriesAttribute), false));
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
BenchmarkSwitcher.FromTypes([.. types]).Run(args, config);
return 0;
