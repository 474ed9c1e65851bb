using BenchmarkDotNet.Attributes;

namespace GameBook.Benchmarks;

/// <summary>
/// Selections per second on gamebook_2000: the baseline plays without reading any text; the others compose the
/// text of every line and option as a host would display it. One operation = one selection: each invocation plays
/// 10,000 selections (about 250 playthroughs; each ending starts the next playthrough), choosing a random available
/// option. <see cref="SelectComposingText"/> plays again with <c>StorySession.Restart</c>;
/// <see cref="SelectComposingTextNewSessionPerPlaythrough"/> creates a session per playthrough instead, as a
/// server does for each new player. The setup plays <see cref="WarmUpSelections"/> first, so every method the
/// loop runs has reached the JIT's final tier before BenchmarkDotNet's own warm-up starts.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[NeedsSharedStories]
public class PlayBenchmarks
{
    /// <summary>Selections per invocation.</summary>
    public const int Selections = 10_000;

    /// <summary>Selections played by the setup: tier-0 code, OSR and PGO-instrumented code are behind this.</summary>
    public const int WarmUpSelections = 500_000;

    private Player _withoutText = null!;
    private Player _withText = null!;
    private Player _newSessions = null!;

    [GlobalSetup]
    public void Setup()
    {
        var story = BenchStories.Compile("gamebook_2000.yarn");
        _withoutText = new Player(story, 1, composeText: false);
        _withText = new Player(story, 1, composeText: true);
        _newSessions = new Player(story, 1, composeText: true, newSessionPerPlaythrough: true);
        _withoutText.Play(WarmUpSelections);
        _withText.Play(WarmUpSelections);
        _newSessions.Play(WarmUpSelections);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Selections)]
    public void SelectWithoutText() => _withoutText.Play(Selections);

    [Benchmark(OperationsPerInvoke = Selections)]
    public long SelectComposingText()
    {
        _withText.Play(Selections);
        return _withText.Characters;
    }

    [Benchmark(OperationsPerInvoke = Selections)]
    public long SelectComposingTextNewSessionPerPlaythrough()
    {
        _newSessions.Play(Selections);
        return _newSessions.Characters;
    }
}

/// <summary>
/// <see cref="PlayBenchmarks"/> on a generated 2,000-scene story that uses line groups chosen by saliency,
/// <c>&lt;&lt;once&gt;&gt;</c>, detours, an enum, smart variables and <c>[plural]</c>/<c>[select]</c> markup
/// (<see cref="BenchStories.GenerateFeatureRich"/>); same operations, same warm-up.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FeatureRichPlayBenchmarks
{
    private Player _withoutText = null!;
    private Player _withText = null!;
    private Player _newSessions = null!;

    [GlobalSetup]
    public void Setup()
    {
        var story = BenchStories.CompileText("feature_rich_2000.yarn", BenchStories.GenerateFeatureRich());
        _withoutText = new Player(story, 1, composeText: false);
        _withText = new Player(story, 1, composeText: true);
        _newSessions = new Player(story, 1, composeText: true, newSessionPerPlaythrough: true);
        _withoutText.Play(PlayBenchmarks.WarmUpSelections);
        _withText.Play(PlayBenchmarks.WarmUpSelections);
        _newSessions.Play(PlayBenchmarks.WarmUpSelections / 10);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PlayBenchmarks.Selections)]
    public void SelectWithoutText() => _withoutText.Play(PlayBenchmarks.Selections);

    [Benchmark(OperationsPerInvoke = PlayBenchmarks.Selections)]
    public long SelectComposingText()
    {
        _withText.Play(PlayBenchmarks.Selections);
        return _withText.Characters;
    }

    [Benchmark(OperationsPerInvoke = PlayBenchmarks.Selections)]
    public long SelectComposingTextNewSessionPerPlaythrough()
    {
        _newSessions.Play(PlayBenchmarks.Selections);
        return _newSessions.Characters;
    }
}
