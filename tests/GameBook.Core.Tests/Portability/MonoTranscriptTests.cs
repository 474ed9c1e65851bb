using GameBook.Core.MonoRunner;
using GameBook.Core.Tests.Conformance;

namespace GameBook.Core.Tests.Portability;

/// <summary>
/// The netstandard2.1 build of GameBook.Core, run on Mono (the runtime family Unity uses), produces exactly what this
/// build produces: every conformance plan, seeded playthroughs of the bundled gamebook with a JSON save and restore
/// every ten steps, and fifty save round-trips.
/// </summary>
public sealed class MonoTranscriptTests : IDisposable
{
    private readonly List<string> _folders = [];

    [MonoFact]
    public void NetStandardBuildOnMono_ProducesThisBuildsTranscript()
    {
        var folder = MonoRunnerHost.PrepareMonoFolder();
        _folders.Add(folder);
        var output = Path.Combine(folder, "transcript.txt");

        var (code, printed) = MonoRunnerHost.Run(MonoRunnerHost.Mono!, [Path.Combine(folder, "GameBook.Core.MonoRunner.dll"), "transcript", ConformanceSuite.Directory!, MonoRunnerHost.BundledStory, output]);

        Assert.True(code == 0, $"mono exited with {code}:\n{printed}");
        Assert.Contains("Mono", printed, StringComparison.Ordinal);
        var expected = Transcript.Everything(ConformanceSuite.Directory!, MonoRunnerHost.BundledStory);
        var actual = File.ReadAllText(output);
        AssertSameLines(expected, actual);
    }

    [ConformanceFact]
    public void Transcript_OnThisRuntime_HasNoFailuresAndEveryRoundTripIdentical()
    {
        // What the Mono comparison compares must itself be meaningful: plans played, saves restored, round-trips equal.
        var lines = Transcript.Everything(ConformanceSuite.Directory!, MonoRunnerHost.BundledStory).Split('\n');

        Assert.Equal(50, lines.Count(l => l.StartsWith("trial ", StringComparison.Ordinal) && l.EndsWith(": identical", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.StartsWith("restore failed", StringComparison.Ordinal) || l.StartsWith("threw ", StringComparison.Ordinal)
            || l.StartsWith("assert ", StringComparison.Ordinal) || l.Contains("GB0001", StringComparison.Ordinal));
        Assert.True(lines.Count(l => l.StartsWith("save ", StringComparison.Ordinal)) >= Transcript.Seeds.Length, "each playthrough saves at least once");
        Assert.True(lines.Count(l => l.StartsWith("-- run ", StringComparison.Ordinal)) >= 40, "the conformance plans were played");
    }

    private static void AssertSameLines(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            Assert.True(e[i] == a[i], $"line {i + 1} differs:\n  this build: {e[i]}\n  Mono:       {a[i]}");
        }

        Assert.Equal(e.Length, a.Length);
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
