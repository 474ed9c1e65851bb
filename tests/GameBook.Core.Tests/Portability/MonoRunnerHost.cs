using System.Diagnostics;
using GameBook.Core.Tests.Conformance;

namespace GameBook.Core.Tests.Portability;

/// <summary>
/// Finds Mono and the Mono runner (tests/GameBook.Core.MonoRunner, built for netstandard2.1 and net10.0 before this
/// project), and runs it. Mono is Debian's <c>mono-devel</c>, which <c>.ci/run</c> installs.
/// </summary>
internal static class MonoRunnerHost
{
    private static readonly Lazy<string?> LazyMono = new(() => FindOnPath("mono"));

    /// <summary>The mono executable, or null when it is not on PATH.</summary>
    public static string? Mono => LazyMono.Value;

    /// <summary>Why the Mono tests are skipped, or null when they can run.</summary>
    public static string? SkipReason =>
        ConformanceSuite.SkipReason
        ?? (Mono is null ? "Mono is not installed (apt-get install mono-devel, as .ci/run does): the netstandard2.1 build cannot be run on Mono here." : null);

    /// <summary>The bundled gamebook.</summary>
    public static string BundledStory => Path.Combine(RepositoryRoot, "stories", "the-lanternkeepers-oath.yarn");

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => ConformanceSuite.FindRepositoryRoot() ?? throw new InvalidOperationException("GameBookStudio.sln not found above the test binaries.");

    /// <summary>The runner's output folder for <paramref name="targetFramework"/>, in this build's configuration.</summary>
    public static string RunnerOutput(string targetFramework)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var folder = Path.Combine(RepositoryRoot, "tests", "GameBook.Core.MonoRunner", "bin", configuration, targetFramework);
        return File.Exists(Path.Combine(folder, "GameBook.Core.MonoRunner.dll"))
            ? folder
            : throw new InvalidOperationException($"The Mono runner is not built at {folder}: build tests/GameBook.Core.MonoRunner (the test project references it, so building the tests builds it).");
    }

    /// <summary>Copies the netstandard2.1 runner for Mono 6.8 into a new temporary folder (see MonoPatcher) and returns it.</summary>
    public static string PrepareMonoFolder()
    {
        var destination = Path.Combine(Path.GetTempPath(), "gamebook-mono-" + Guid.NewGuid().ToString("N"));
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var (code, output) = Run(dotnet, [Path.Combine(RunnerOutput("net10.0"), "GameBook.Core.MonoRunner.dll"), "patch-for-mono", RunnerOutput("netstandard2.1"), destination]);
        return code == 0 ? destination : throw new InvalidOperationException($"patch-for-mono exited with {code}: {output}");
    }

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>; returns the exit code and what it printed.</summary>
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within 5 minutes.");
        }

        return (process.ExitCode, output + error.GetAwaiter().GetResult());
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A fact skipped, saying why, when Mono or ../shared is absent.</summary>
public sealed class MonoFactAttribute : FactAttribute
{
    public MonoFactAttribute()
    {
        Skip = MonoRunnerHost.SkipReason;
    }
}
