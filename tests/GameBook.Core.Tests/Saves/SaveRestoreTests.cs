using CsCheck;
using GameBook.Compilation;
using GameBook.Compiled;
using GameBook.Core.Tests.Runtime;
using GameBook.Runtime;
using GameBook.Values;
using static GameBook.Core.Tests.Runtime.TestStoryBuilder;

namespace GameBook.Core.Tests.Saves;

public class SaveRestoreTests
{
    private static readonly Lazy<Story> Gamebook200 = new(() => CompileShared("bench/gamebook_200.yarn"));

    private static Story CompileShared(string relative)
    {
        var path = ConformancePlanTests.FindShared(Path.GetDirectoryName(relative)!);
        var file = Path.Combine(path, Path.GetFileName(relative));
        var result = StoryCompiler.Compile(file, File.ReadAllText(file), new CompileOptions { Library = ConformancePlanTests.CompileLibrary() });
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!;
    }

    /// <summary>Advances one step, choosing a random available option when asked; returns a comparable description.</summary>
    private static string Advance(StorySession session, Func<int, int> pick)
    {
        var step = session.Next();
        switch (step.Kind)
        {
            case StepKind.Options:
            {
                var options = step.Options;
                var text = string.Join("|", options.Select(o => o.ToString()));
                if (options.AvailableCount == 0)
                {
                    session.Choose(StorySession.NoOption);
                    return "options:" + text + "->none";
                }

                var available = options.Where(o => o.IsAvailable).Select(o => o.Index).ToArray();
                var chosen = available[pick(available.Length)];
                session.Choose(chosen);
                return $"options:{text}->{chosen}";
            }

            case StepKind.End:
                session.JumpTo("Start");
                return "end";
            case StepKind.Line:
                return "line:" + step.Line.Text;
            case StepKind.Command:
                return "command:" + step.Command.Text;
            default:
                return "error:" + step.Error!.Message;
        }
    }

    [GameBook.Core.Tests.Conformance.SharedBenchFact]
    public void SaveRestore_RandomPlaythroughs_ContinueIdenticallyAfterJsonRoundTrip()
    {
        var story = Gamebook200.Value;
        Gen.Select(Gen.ULong, Gen.Int[0, 300], Gen.Int[1, 60], Gen.ULong).Sample((seed, before, after, choiceSeed) =>
        {
            var session = story.CreateSession(new SessionOptions { Seed = seed });
            var chooser = new Random((int)choiceSeed);
            for (var i = 0; i < before; i++)
            {
                Advance(session, chooser.Next);
            }

            var json = session.Save().ToJson();
            var read = SessionSnapshot.FromJson(json);
            Assert.True(read.Success, read.Error);
            var restoreResult = story.Restore(read.Snapshot!);
            Assert.True(restoreResult.Success, restoreResult.Error);
            var restored = restoreResult.Session!;

            var choiceState = choiceSeed + (ulong)before;
            var chooserA = new Random((int)choiceState);
            var chooserB = new Random((int)choiceState);
            for (var i = 0; i < after; i++)
            {
                Assert.Equal(Advance(session, chooserA.Next), Advance(restored, chooserB.Next));
            }

            Assert.Equal(session.GetVariable("$gold"), restored.GetVariable("$gold"));
        }, iter: 200);
    }

    [GameBook.Core.Tests.Conformance.ConformanceFact]
    public void SaveRestore_ConformanceStories_ContinueIdentically()
    {
        foreach (var name in new[] { "LineGroups", "NodeGroups", "Once", "Detours", "VisitTracking", "SmartVariables", "ShadowLines" })
        {
            var path = Path.Combine(ConformancePlanTests.TestCases, name + ".yarn");
            var result = StoryCompiler.Compile(path, File.ReadAllText(path), new CompileOptions { Library = ConformancePlanTests.CompileLibrary() });
            Assert.False(result.HasErrors, name);
            var story = result.Story!;
            var options = new SessionOptions { Seed = 11, Library = ConformancePlanTests.SessionLibrary(), SaliencyStrategy = SaliencyStrategies.RandomBestLeastRecentlySeen };
            for (var saveAt = 0; saveAt < 12; saveAt++)
            {
                var session = story.CreateSession(options);
                var a = new Random(saveAt);
                for (var i = 0; i < saveAt; i++)
                {
                    Advance(session, a.Next);
                }

                var restored = story.Restore(SessionSnapshot.FromJson(session.Save().ToJson()).Snapshot!, options).Session!;
                var b = new Random(saveAt + 100);
                var c = new Random(saveAt + 100);
                for (var i = 0; i < 20; i++)
                {
                    Assert.Equal(Advance(session, b.Next), Advance(restored, c.Next));
                }
            }
        }
    }

    private static Story OptionStory(string fingerprint = "fp", string secondLine = "second")
    {
        var b = new TestStoryBuilder { Fingerprint = fingerprint };
        var gold = b.Variable("$gold", StoryType.Number, StoryValue.FromNumber(0));
        var first = b.Line("first {0}", 1, "line:first");
        var second = b.Line(secondLine, 0, "line:second");
        var optA = b.Line("take {0}", 1, "line:optA");
        var optB = b.Line("leave", 0, "line:optB");
        var other = b.NodeIndex("Other");
        b.Node("Start", [
            I(OpCode.LoadVariable, gold), I(OpCode.RunLine, first, 1),
            I(OpCode.PushString, b.String("coin")), I(OpCode.PushNumber, b.Number(2)), I(OpCode.GiveItem),
            I(OpCode.LoadVariable, gold), I(OpCode.AddOption, optA, 0, 10),
            I(OpCode.PushBool, 0), I(OpCode.AddOption, optB, (int)OptionFlags.HasCondition, 12),
            I(OpCode.ShowOptions),
            I(OpCode.RunLine, second), I(OpCode.Return),
            I(OpCode.JumpToNode, other)], trackVisits: true);
        b.Node("Other", [I(OpCode.RunLine, second), I(OpCode.Return)], trackVisits: true);
        return b.Build();
    }

    [Fact]
    public void Save_PendingOptionSet_SurvivesJsonAndRestore()
    {
        var story = OptionStory();
        var session = story.CreateSession(new SessionOptions { Seed = 4 });
        session.SetVariable("$gold", StoryValue.FromNumber(5));
        Assert.Equal("first 5", session.NextLine().Text);
        session.NextOptions();

        var snapshot = SessionSnapshot.FromJson(session.Save().ToJson()).Snapshot!;
        Assert.Equal(SessionState.AwaitingChoice, snapshot.State);
        Assert.Equal(["Start"], snapshot.CallStack);
        var restored = story.Restore(snapshot).Session!;

        Assert.Equal(SessionState.AwaitingChoice, restored.State);
        var options = restored.NextOptions();
        Assert.Equal(["take 5", "leave [disabled]"], options.Select(o => o.ToString()));
        Assert.Equal(2, restored.Inventory.Count("coin"));
        restored.Choose(0);
        restored.NextLine();
        restored.NextEnd();
        Assert.Equal(1, restored.GetVisitCount("Start"));
    }

    [Fact]
    public void Restore_ChangedStory_UnchangedNodeResumes()
    {
        var session = OptionStory("v1").CreateSession();
        session.NextLine();
        session.NextOptions();
        session.Choose(0);
        Assert.Equal("second", session.NextLine().Text); // now in Other
        var json = session.Save().ToJson();

        var edited = OptionStory("v2", secondLine: "second"); // same content, different fingerprint
        var result = edited.Restore(SessionSnapshot.FromJson(json).Snapshot!);
        Assert.True(result.Success, result.Error);
        result.Session!.NextEnd();
    }

    [Fact]
    public void Restore_ChangedNodeOnCallStack_FailsWithReasonOrMigrates()
    {
        var session = OptionStory("v1").CreateSession();
        session.NextLine();
        var snapshot = SessionSnapshot.FromJson(session.Save().ToJson()).Snapshot!;
        var edited = OptionStory("v2", secondLine: "a rewritten second line");

        var result = edited.Restore(snapshot);
        Assert.False(result.Success);
        Assert.Contains("Start", result.Error, StringComparison.Ordinal);
        Assert.Contains("changed", result.Error, StringComparison.Ordinal);

        var migrated = edited.Restore(snapshot, new SessionOptions { SaveMigrator = new RestartAtOther() });
        Assert.True(migrated.Success, migrated.Error);
        Assert.True(migrated.Migrated);
        Assert.Equal("a rewritten second line", migrated.Session!.NextLine().Text);
    }

    private sealed class RestartAtOther : ISaveMigrator
    {
        public SessionSnapshot? Migrate(SessionSnapshot snapshot, Story story, string reason) => snapshot.WithRestartAt("Other");
    }

    [Fact]
    public void Save_EndedAndFaultedSessions_RestoreInTheSameState()
    {
        var b = new TestStoryBuilder();
        b.Node("Start", [I(OpCode.Jump, 0)]);
        var story = b.Build();
        var faulted = story.CreateSession(new SessionOptions { MaxInstructionsPerStep = 10 });
        var error = faulted.NextError();

        var restored = story.Restore(SessionSnapshot.FromJson(faulted.Save().ToJson()).Snapshot!).Session!;
        Assert.Equal(SessionState.Faulted, restored.State);
        Assert.Equal(error.Message, restored.NextError().Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"formatVersion\":\"one\"}")]
    [InlineData("{\"formatVersion\":99999999999999999999}")]
    [InlineData("{\"formatVersion\":2,\"fingerprint\":\"fp\"}")]
    [InlineData("{\"formatVersion\":1,\"fingerprint\":\"fp\",\"state\":\"Running\",\"random\":[1,2,3,4],\"variables\":[],\"frames\":[{\"node\":\"Start\",\"hash\":\"x\",\"pc\":-1}]}")]
    [InlineData("{\"formatVersion\":1,\"fingerprint\":\"fp\",\"state\":\"7\",\"random\":[1,2,3,4],\"variables\":[],\"frames\":[]}")]
    [InlineData("{\"formatVersion\":1,\"fingerprint\":\"fp\",\"state\":\"Running\",\"random\":[0,0,0,0],\"variables\":[],\"frames\":[]}")]
    [InlineData("{\"formatVersion\":1,\"fingerprint\":\"fp\",\"state\":\"Running\",\"random\":[1,2,3,4],\"variables\":[{\"name\":\"$gold\",\"type\":\"Number\",\"value\":{\"n\":1,\"s\":\"x\"}}],\"frames\":[]}")]
    [InlineData("{\"formatVersion\":1,\"fingerprint\":\"fp\",\"state\":\"Running\",\"random\":[1,2,3,4],\"variables\":[],\"frames\":[],\"inventory\":{\"coin\":-5}}")]
    [InlineData("{\"formatVersion\":1,\"fingerprint\":\"fp\",\"state\":\"Running\",\"random\":[1,2,3,4],\"variables\":[null],\"frames\":[]}")]
    public void FromJson_MalformedOrHostile_FailsWithoutThrowing(string json)
    {
        var result = SessionSnapshot.FromJson(json);
        Assert.False(result.Success);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void FromJson_DeepNesting_FailsWithoutThrowing()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);
        Assert.False(SessionSnapshot.FromJson(json).Success);
        var nested = "{\"formatVersion\":1,\"error\":" + string.Concat(Enumerable.Repeat("{\"kind\":", 500)) + "1" + new string('}', 501);
        Assert.False(SessionSnapshot.FromJson(nested).Success);
    }

    [Theory]
    [InlineData("\"node\":\"Start\"", "\"node\":\"Nowhere\"")]
    [InlineData("\"pc\":", "\"pc\":9999")]
    [InlineData("\"line\":\"line:optA\"", "\"line\":\"line:nope\"")]
    [InlineData("\"name\":\"$gold\"", "\"name\":\"$silver\"")]
    [InlineData("\"type\":\"Number\",\"value\":{\"n\":5}", "\"type\":\"Number\",\"value\":{\"s\":\"5\"}")]
    [InlineData("\"destination\":10", "\"destination\":10000")]
    public void Restore_ValidJsonThatDoesNotFitTheStory_FailsWithReason(string find, string replace)
    {
        var story = OptionStory();
        var session = story.CreateSession();
        session.SetVariable("$gold", StoryValue.FromNumber(5));
        session.NextLine();
        session.NextOptions();
        var json = session.Save().ToJson();
        Assert.Contains(find, json, StringComparison.Ordinal);
        var tampered = find == "\"pc\":" ? json.Replace("\"pc\":10", "\"pc\":9999", StringComparison.Ordinal) : json.Replace(find, replace, StringComparison.Ordinal);

        var read = SessionSnapshot.FromJson(tampered);
        if (read.Success)
        {
            var result = story.Restore(read.Snapshot!);
            Assert.False(result.Success);
            Assert.False(string.IsNullOrWhiteSpace(result.Error));
        }
    }

    [Fact]
    public void FromJson_RandomMutationsOfAValidSave_NeverThrow()
    {
        var story = OptionStory();
        var session = story.CreateSession();
        session.NextLine();
        session.NextOptions();
        var json = session.Save().ToJson();
        Gen.Select(Gen.Int[0, json.Length - 1], Gen.Int[0, 8], Gen.Char["{}[]\":,0123456789-eE.tfn \\x"]).Array[1, 6].Sample(edits =>
        {
            var chars = json.ToCharArray().ToList();
            foreach (var (position, length, c) in edits)
            {
                var at = Math.Min(position, chars.Count - 1);
                chars.RemoveRange(at, Math.Min(length, chars.Count - at));
                chars.Insert(at, c);
            }

            var read = SessionSnapshot.FromJson(new string([.. chars]));
            if (read.Success)
            {
                var result = story.Restore(read.Snapshot!);
                if (result.Success)
                {
                    // Whatever was accepted must run without throwing.
                    var restored = result.Session!;
                    for (var i = 0; i < 5; i++)
                    {
                        var step = restored.Next();
                        if (step.Kind == StepKind.Options)
                        {
                            restored.Choose(step.Options.AvailableCount == 0 ? StorySession.NoOption : step.Options.First(o => o.IsAvailable).Index);
                        }
                    }
                }
            }
        }, iter: 3000);
    }
}
