using System.Globalization;
using GameBook.LoadTest;
using GameBook.Testing;

// gamebook load test: dotnet run -c Release --project benchmarks/GameBook.LoadTest -- [--chooses N] [--players P] [--runs memory,1,2] [--out file.md]
var options = LoadOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: GameBook.LoadTest [--chooses N (default 4000)] [--players P (default 32)] [--runs memory,1,2] [--out results.md]");
    return 2;
}

var web = ServerProcess.FindWebHost();
if (web is null)
{
    Console.Error.WriteLine("GameBook.Samples.Web.dll was not found next to this tool's configuration; build it first (dotnet build -c Release benchmarks/GameBook.LoadTest builds it).");
    return 2;
}

if (options.Runs.Any(r => r != 0) && !RedisServer.IsInstalled)
{
    Console.Error.WriteLine("redis-server is not on PATH: the Orleans runs need it (Debian: apt-get install redis-server).");
    return 2;
}

using var stories = new StoriesFolder();
var lines = new List<string>
{
    string.Create(CultureInfo.InvariantCulture, $"GameBook load test, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average at start {Machine.LoadAverage()}; {options.Players} players choosing in a loop over HTTP/1.1 on loopback, {options.Chooses} measured chooses per run after {options.Chooses / 4} warm-up chooses; story servers are separate processes (co-hosted silos), redis-server with appendfsync always."),
    string.Empty,
    "| run | chooses/s | p50 ms | p99 ms | Redis commands/choose | Redis bytes in/choose | web+silo CPU ms/choose | Redis CPU ms/choose | Redis background commands/s |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
};
var details = new List<string>();
foreach (var run in options.Runs)
{
    Console.WriteLine(run == 0 ? "run: memory store, one server" : $"run: Orleans store, {run} silo(s)");
    var result = await LoadRun.ExecuteAsync(web, stories.Path, run, options);
    lines.Add(result.Row);
    details.Add(result.Detail);
    Console.WriteLine(result.Row);
}

lines.Add(string.Empty);
lines.AddRange(details);
lines.Add(string.Empty);
lines.Add(string.Create(CultureInfo.InvariantCulture, $"Load average at the end: {Machine.LoadAverage()}."));
foreach (var line in lines)
{
    Console.WriteLine(line);
}

if (options.Out is { } path)
{
    await File.WriteAllLinesAsync(path, lines);
}

return 0;
