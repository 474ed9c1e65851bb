using CsCheck;
using GameBook.Authoring.Playtesting;
using static GameBook.Authoring.Tests.Playtesting.PlaytestStories;

namespace GameBook.Authoring.Tests.Playtesting;

public class PlaytestReportTests
{
    [Fact]
    public async Task Merge_OfSlices_EqualsTheWholeRun()
    {
        var story = Lanternkeeper();
        // A small histogram limit so that the exact merge of truncated histograms is exercised too.
        PlaytestOptions Slice(long first, int count) => new() { Playthroughs = count, FirstPlaythrough = first, MasterSeed = 77, MaxHistogramValues = 3, MaxRecordedProblems = 5, MaxStepsPerPlaythrough = 60 };

        var whole = await Playtester.RunAsync(story, Slice(0, 240));
        var a = await Playtester.RunAsync(story, Slice(0, 70));
        var b = await Playtester.RunAsync(story, Slice(70, 100));
        var c = await Playtester.RunAsync(story, Slice(170, 70));

        var merged = PlaytestReport.Merge([c, a, b]);

        Assert.True(whole.Variables.Any(v => v.Other > 0), "the test needs a truncated histogram");
        Assert.True(whole.CountOf(PlaytestProblemKind.StepLimit) > 5, "the test needs more problems than are recorded");
        Assert.Equal(Content(whole), Content(merged));
        Assert.Equal(Content(whole), Content(a.Merge(b).Merge(c)));
        var slice = Assert.Single(merged.Slices);
        Assert.Equal((0L, 240L), (slice.First, slice.Count));
    }

    [Fact]
    public async Task Merge_OfAnySplit_InAnyOrder_EqualsTheWholeRun()
    {
        var story = Lanternkeeper();
        PlaytestOptions Options(long first, int count) => new() { Playthroughs = count, FirstPlaythrough = first, MasterSeed = 4, MaxHistogramValues = 2, MaxRecordedProblems = 3, MaxStepsPerPlaythrough = 50, MaxDegreeOfParallelism = 1 };
        var whole = Content(await Playtester.RunAsync(story, Options(0, 60)));
        var splits = Gen.Int[1, 59].HashSet[1, 4].Select(Gen.Int, (set, shuffle) => (Cuts: set.Order().ToList(), Shuffle: shuffle));

        await splits.SampleAsync(async split =>
        {
            var bounds = split.Cuts.Prepend(0).Append(60).ToList();
            var parts = new List<PlaytestReport>();
            for (var i = 0; i < bounds.Count - 1; i++)
            {
                parts.Add(await Playtester.RunAsync(story, Options(bounds[i], bounds[i + 1] - bounds[i])));
            }

            var shuffled = parts.OrderBy(p => HashCode.Combine(p.Slices[0].First, split.Shuffle)).ToList();
            Assert.Equal(whole, Content(PlaytestReport.Merge(shuffled)));
        }, iter: 15);
    }

    [Fact]
    public async Task Merge_RejectsOverlapsAndOtherStories()
    {
        var story = Compile(Fork);
        var a = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 10 });
        var b = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 10, FirstPlaythrough = 5 });
        var otherSeed = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 10, MasterSeed = 1 });
        var otherStory = await Playtester.RunAsync(Compile(Hub()), new PlaytestOptions { Playthroughs = 10 });

        Assert.Contains("counted once", Assert.Throws<ArgumentException>(() => a.Merge(b)).Message, StringComparison.Ordinal);
        Assert.Contains("different stories", Assert.Throws<ArgumentException>(() => a.Merge(otherStory)).Message, StringComparison.Ordinal);
        var both = a.Merge(otherSeed);
        Assert.Equal(20, both.PlaythroughsCompleted);
        Assert.Equal(2, both.Slices.Count);
        Assert.Throws<ArgumentException>(() => PlaytestReport.Merge([]));
    }

    [Fact]
    public async Task Json_RoundTrips()
    {
        var report = await Playtester.RunAsync(Lanternkeeper(), new PlaytestOptions { Playthroughs = 100, MaxStepsPerPlaythrough = 80, MasterSeed = ulong.MaxValue });
        var json = report.ToJson();

        var read = PlaytestReport.FromJson(json);

        Assert.True(read.Success, read.Error);
        Assert.Equal(json, read.Report!.ToJson());
        Assert.Equal(report.Elapsed, read.Report.Elapsed);
        Assert.Contains("\"formatVersion\": 1", json, StringComparison.Ordinal);
        Assert.Contains($"\"masterSeed\": \"{ulong.MaxValue}\"", json, StringComparison.Ordinal); // seeds are strings: JavaScript numbers cannot hold them
        Assert.Equal(report.Problems.Select(p => p.Seed), read.Report.Problems.Select(p => p.Seed));
    }

    [Fact]
    public async Task FromJson_AFutureVersion_IsRejectedWithAClearMessage()
    {
        var json = (await Playtester.RunAsync(Compile(Fork), new PlaytestOptions { Playthroughs = 5 })).ToJson()
            .Replace("\"formatVersion\": 1", "\"formatVersion\": 2", StringComparison.Ordinal);

        var read = PlaytestReport.FromJson(json);

        Assert.False(read.Success);
        Assert.Null(read.Report);
        Assert.Contains("format version 2, newer than this version of GameBook.Authoring reads (1)", read.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "malformed")]
    [InlineData("{", "malformed")]
    [InlineData("[]", "malformed")]
    [InlineData("{}", "no formatVersion")]
    [InlineData("{\"formatVersion\": 1}", "inconsistent")]
    [InlineData("{\"formatVersion\": 0}", "no version")]
    [InlineData("null", "no formatVersion")]
    public void FromJson_BadInput_GivesAnError(string json, string expected)
    {
        var read = PlaytestReport.FromJson(json);

        Assert.False(read.Success);
        Assert.Contains(expected, read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromJson_InconsistentCounts_AreRejected()
    {
        var json = (await Playtester.RunAsync(Compile(Fork), new PlaytestOptions { Playthroughs = 5 })).ToJson();
        var negative = json.Replace("\"hits\": 5", "\"hits\": -5", StringComparison.Ordinal);
        var reordered = json.Replace("\"index\": 1,", "\"index\": 7,", StringComparison.Ordinal);

        Assert.Contains("negative", PlaytestReport.FromJson(negative).Error, StringComparison.Ordinal);
        Assert.Contains("out of order", PlaytestReport.FromJson(reordered).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromJson_MutatedReports_NeverThrow()
    {
        var json = (await Playtester.RunAsync(Compile(Fork), new PlaytestOptions { Playthroughs = 5 })).ToJson();
        var mutation = Gen.Select(Gen.Int[0, json.Length - 1], Gen.Int[0, 20], Gen.String[0, 6]);

        mutation.Sample((at, cut, insert) =>
        {
            var mutated = json[..at] + insert + json[Math.Min(json.Length, at + cut)..];
            var read = PlaytestReport.FromJson(mutated);
            Assert.True(read.Success || read.Error is { Length: > 0 });
        }, iter: 2_000);
    }

    [Fact]
    public async Task ToText_ListsSeedsOfProblems_AndNeverReachedContent()
    {
        var story = Compile("""
            title: Start
            ---
            Round and round.
            -> Again
                <<jump Start>>
            -> Stop <<if false>>
                <<jump Unused>>
            ===
            title: Unused
            ---
            Never shown.
            ===
            """);
        var report = await Playtester.RunAsync(story, new PlaytestOptions { Playthroughs = 3, MaxStepsPerPlaythrough = 20 });

        var text = report.ToText();

        foreach (var problem in report.Problems)
        {
            Assert.Contains($"seed {problem.Seed}: StepLimit", text, StringComparison.Ordinal);
        }

        Assert.Contains("Nodes never entered (1)", text, StringComparison.Ordinal);
        Assert.Contains("Never shown.", text, StringComparison.Ordinal);
        Assert.Contains("Stop  (never offered)", text, StringComparison.Ordinal);
        Assert.Contains("(no playthrough ended)", text, StringComparison.Ordinal);
    }
}
