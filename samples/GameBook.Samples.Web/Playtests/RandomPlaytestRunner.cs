using System.Text.Json;
using GameBook.Runtime;
using GameBook.Samples.Web.Sessions;

namespace GameBook.Samples.Web.Playtests;

/// <summary>
/// A small real playtester until GameBook.Authoring's lands: each playthrough is a session seeded per playthrough
/// that picks uniformly among the available options (with a picker seeded from the same seed) until the end, an
/// error or the step limit; it counts the nodes sessions ended in, story errors by kind and playthroughs that hit the
/// limit. Deterministic for a batch seed. Thread-safe (shares nothing between calls).
/// </summary>
internal sealed class RandomPlaytestRunner : IPlaytestRunner
{
    public Task<IPlaytestReport> RunAsync(Story story, PlaytestSlice slice, IProgress<PlaytestProgress> progress, CancellationToken cancellationToken)
    {
        var report = new RandomPlaytestReport();
        for (var i = slice.First; i < slice.First + slice.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var seed = PlaytestSlice.SeedOf(slice.BatchSeed, i);
            var selections = PlayOne(story, seed, slice.MaxSteps, report);
            progress.Report(new PlaytestProgress(1, selections));
        }

        return Task.FromResult<IPlaytestReport>(report);
    }

    private static long PlayOne(Story story, ulong seed, int maxSteps, RandomPlaytestReport report)
    {
        using var session = story.CreateSession(new GameBook.Runtime.SessionOptions { Seed = seed, StartNode = SessionService.StartNode });
        var picker = new Picker(seed ^ 0x5DEECE66DUL);
        Span<int> available = stackalloc int[64];
        string? lastNode = null;
        long selections = 0;
        report.Playthroughs++;
        for (var steps = 0; steps < maxSteps; steps++)
        {
            var step = session.Next();
            report.Steps++;
            lastNode = StepMapper.CurrentNode(session) ?? lastNode;
            switch (step.Kind)
            {
                case StepKind.Options:
                    var options = step.Options;
                    var buffer = options.Count <= available.Length ? available : new int[options.Count];
                    var count = 0;
                    for (var o = 0; o < options.Count; o++)
                    {
                        if (options[o].IsAvailable)
                        {
                            buffer[count++] = o;
                        }
                    }

                    session.Choose(count == 0 ? StorySession.NoOption : buffer[picker.Next(count)]);
                    selections++;
                    break;
                case StepKind.End:
                    report.Selections += selections;
                    report.Ended++;
                    Bump(report.Endings, lastNode ?? "(none)");
                    if (StepMapper.IsEnding(story, lastNode))
                    {
                        report.EndedInEndingNode++;
                    }

                    return selections;
                case StepKind.Error:
                    report.Selections += selections;
                    Bump(report.Errors, step.Error?.Kind.ToString() ?? "Unknown");
                    return selections;
            }
        }

        report.Selections += selections;
        report.StepLimitReached++;
        return selections;
    }

    /// <summary>The option picker: SplitMix64, seeded per playthrough (not for security; only reproducibility matters).</summary>
    private struct Picker(ulong state)
    {
        private ulong _state = state;

        public int Next(int count)
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)((z ^ (z >> 31)) % (ulong)count);
        }
    }

    private static void Bump(SortedDictionary<string, long> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;

    /// <summary>The random playtester's counts. Built by one slice, then only merged and read.</summary>
    private sealed class RandomPlaytestReport : IPlaytestReport
    {
        public long Playthroughs;
        public long Ended;
        public long EndedInEndingNode;
        public long StepLimitReached;
        public long Steps;
        public long Selections;
        public SortedDictionary<string, long> Endings { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

        public IPlaytestReport Merge(IPlaytestReport other)
        {
            var o = (RandomPlaytestReport)other;
            var merged = new RandomPlaytestReport
            {
                Playthroughs = Playthroughs + o.Playthroughs,
                Ended = Ended + o.Ended,
                EndedInEndingNode = EndedInEndingNode + o.EndedInEndingNode,
                StepLimitReached = StepLimitReached + o.StepLimitReached,
                Steps = Steps + o.Steps,
                Selections = Selections + o.Selections,
            };
            foreach (var source in (ReadOnlySpan<RandomPlaytestReport>)[this, o])
            {
                foreach (var (k, v) in source.Endings)
                {
                    merged.Endings[k] = merged.Endings.GetValueOrDefault(k) + v;
                }

                foreach (var (k, v) in source.Errors)
                {
                    merged.Errors[k] = merged.Errors.GetValueOrDefault(k) + v;
                }
            }

            return merged;
        }

        public void WriteTo(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteString("runner", "random");
            writer.WriteNumber("playthroughs", Playthroughs);
            writer.WriteNumber("ended", Ended);
            writer.WriteNumber("endedInEndingNode", EndedInEndingNode);
            writer.WriteNumber("stepLimitReached", StepLimitReached);
            writer.WriteNumber("errored", Playthroughs - Ended - StepLimitReached);
            writer.WriteNumber("steps", Steps);
            writer.WriteNumber("selections", Selections);
            writer.WriteNumber("averageSteps", Playthroughs == 0 ? 0 : (double)Steps / Playthroughs);
            WriteCounts(writer, "endings", Endings);
            WriteCounts(writer, "errors", Errors);
            writer.WriteEndObject();
        }

        private static void WriteCounts(Utf8JsonWriter writer, string name, SortedDictionary<string, long> counts)
        {
            writer.WriteStartObject(name);
            foreach (var (k, v) in counts)
            {
                writer.WriteNumber(k, v);
            }

            writer.WriteEndObject();
        }
    }
}
