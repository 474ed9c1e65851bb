using BenchmarkDotNet.Attributes;
using GameBook.Runtime;

namespace GameBook.Benchmarks;

/// <summary>
/// Saving and restoring a session in the middle of a playthrough of gamebook_2000 (waiting for a choice).
/// The baseline creates a fresh session, the least any restore must do.
/// </summary>
[MemoryDiagnoser]
[NeedsSharedStories]
[MedianColumn]
public class SaveBenchmarks
{
    private Story _story = null!;
    private StorySession _session = null!;
    private SessionSnapshot _snapshot = null!;
    private string _json = "";

    [GlobalSetup]
    public void Setup()
    {
        _story = BenchStories.Compile("gamebook_2000.yarn");
        var player = new Player(_story, 7, composeText: false);
        player.Play(25);
        player.AdvanceToOptions();
        _session = player.Session;
        _snapshot = _session.Save();
        _json = _snapshot.ToJson();
    }

    [Benchmark(Baseline = true)]
    public StorySession CreateSession() => _story.CreateSession();

    [Benchmark]
    public SessionSnapshot Save() => _session.Save();

    [Benchmark]
    public object? Restore() => _story.Restore(_snapshot).Session;

    [Benchmark]
    public string SaveToJson() => _session.Save().ToJson();

    [Benchmark]
    public object? RestoreFromJson() => _story.Restore(SessionSnapshot.FromJson(_json).Snapshot!).Session;
}
