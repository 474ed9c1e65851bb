using GameBook.Runtime;

namespace GameBook.Benchmarks;

/// <summary>
/// Bytes retained per live session: 1,000 sessions on gamebook_2000, each advanced to its first option set,
/// measured as the growth of the live managed heap after full collections. Not a BenchmarkDotNet
/// benchmark because BenchmarkDotNet reports allocation, not retention.
/// </summary>
internal static class SessionFootprint
{
    private const int Sessions = 1_000;

    public static void Run(TextWriter output)
    {
        var story = BenchStories.Compile("gamebook_2000.yarn");
        Measure(story, 10); // warm up: JIT, lazily built story caches
        var bytes = Measure(story, Sessions);
        output.WriteLine($"{Sessions} sessions at their first option set: {bytes / (double)Sessions:F0} bytes per session retained");
    }

    private static long Measure(Story story, int count)
    {
        var sessions = new StorySession[count];
        var before = LiveBytes();
        for (var i = 0; i < count; i++)
        {
            var session = story.CreateSession(new SessionOptions { Seed = (ulong)i });
            while (session.State != SessionState.AwaitingChoice)
            {
                session.Next();
            }

            sessions[i] = session;
        }

        var after = LiveBytes();
        GC.KeepAlive(sessions);
        return after - before;
    }

    private static long LiveBytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
