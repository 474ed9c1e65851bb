using BenchmarkDotNet.Attributes;

namespace GameBook.Benchmarks;

/// <summary>
/// Selections per second on gamebook_2000: the baseline plays without reading any text; the other composes
/// the text of every line and option as a host would display it. One operation = one selection.
/// </summary>
[MemoryDiagnoser]
public class PlayBenchmarks
{
    private const int Selections = 10_000;
    private Player _withoutText = null!;
    private Player _withText = null!;

    [GlobalSetup]
    public void Setup()
    {
        var story = BenchStories.Compile("gamebook_2000.yarn");
        _withoutText = new Player(story, 1, composeText: false);
        _withText = new Player(story, 1, composeText: true);
        _withoutText.Play(Selections);
        _withText.Play(Selections);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Selections)]
    public void SelectWithoutText() => _withoutText.Play(Selections);

    [Benchmark(OperationsPerInvoke = Selections)]
    public long SelectComposingText()
    {
        _withText.Play(Selections);
        return _withText.Characters;
    }
}
