using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Core.Tests.Saves;

/// <summary>
/// Saves written by earlier format versions (Fixtures/v2: format version 2, written before line and once-flag
/// identities became content-based) still load into the story they came from and continue exactly as the original
/// session did (the .expected.txt beside each save is that session's own continuation, recorded when it was saved).
/// Never regenerate these files: they stand for saves players already have.
/// </summary>
public class SaveFixtureTests
{
    private static readonly int[] Choices = [1, 0, 3];

    private static string FixtureDirectory(string version) => Path.Combine(AppContext.BaseDirectory, "Saves", "Fixtures", version);

    internal static Story Bakery(string path = "bakery.yarn", string? text = null)
    {
        text ??= File.ReadAllText(Path.Combine(FixtureDirectory("v2"), "bakery.yarn"));
        var result = StoryCompiler.Compile(path, text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!;
    }

    /// <summary>One step, described; options are answered from a fixed cycle (an unavailable pick takes the first available).</summary>
    internal static string Step(StorySession session, ref int choice)
    {
        var step = session.Next();
        switch (step.Kind)
        {
            case StepKind.Line:
                return "line: " + step.Line.Text;
            case StepKind.Command:
                return "command: " + step.Command.Text;
            case StepKind.Options:
                var options = step.Options;
                var pick = Choices[choice++ % Choices.Length];
                if (pick >= options.Count || !options[pick].IsAvailable)
                {
                    pick = options.First(o => o.IsAvailable).Index;
                }

                session.Choose(pick);
                return $"options: {string.Join(" | ", options.Select(o => o.ToString()))} -> {pick}";
            case StepKind.End:
                return "end";
            default:
                return "error: " + step.Error!.Message;
        }
    }

    public static TheoryData<string> Version2Saves() =>
        [.. Directory.GetFiles(FixtureDirectory("v2"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    /// <summary>Format version 3 saves of a story with an unsubtitled node group, whose members these saves name by position (<c>Guard#2</c>).</summary>
    public static TheoryData<string> Version3Saves() =>
        [.. Directory.GetFiles(FixtureDirectory("v3"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    internal static Story Guards(string path = "guards.yarn", string? text = null)
    {
        text ??= File.ReadAllText(Path.Combine(FixtureDirectory("v3"), "guards.yarn"));
        var result = StoryCompiler.Compile(path, text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!;
    }

    [Theory]
    [MemberData(nameof(Version2Saves))]
    public void Version2Save_LoadsIntoItsStory_AndContinuesAsTheOriginalDid(string name) => AssertContinues("v2", name, Bakery());

    /// <summary>Format version 2 saves of the same node-group story (Fixtures/v2/guards), written by the code before format version 3.</summary>
    public static TheoryData<string> Version2GroupSaves() =>
        [.. Directory.GetFiles(Path.Combine(FixtureDirectory("v2"), "guards"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Version2GroupSaves))]
    public void Version2Save_NamingGroupMembersByPosition_LoadsIntoItsStory_AndContinuesAsTheOriginalDid(string name) =>
        AssertContinues(Path.Combine("v2", "guards"), name, Guards());

    [Theory]
    [MemberData(nameof(Version3Saves))]
    public void Version3Save_NamingGroupMembersByPosition_LoadsIntoItsStory_AndContinuesAsTheOriginalDid(string name) => AssertContinues("v3", name, Guards());

    [Fact]
    public void Version3Save_NamingGroupMembersByPosition_IntoAnEditedStory_IsRefusedSayingWhereToResumeIt()
    {
        var text = File.ReadAllText(Path.Combine(FixtureDirectory("v3"), "guards.yarn")).Replace("The tavern is warm.", "The tavern is cosy.", StringComparison.Ordinal);
        var read = SessionSnapshot.FromJson(File.ReadAllText(Path.Combine(FixtureDirectory("v3"), "guards-mid-member.json")));
        var restored = Guards(text: text).Restore(read.Snapshot!);
        Assert.False(restored.Success);
        Assert.Contains("format version 3", restored.Error, StringComparison.Ordinal);
        Assert.Contains("'Guard#1'", restored.Error, StringComparison.Ordinal);
        Assert.Contains("save again", restored.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Version3Save_NamingNoMemberByPosition_IsTodaysFormat_AndResumesIntoAnEditedStory()
    {
        // Written by today's code and labelled version 3: a story without unsubtitled groups saves the same names in both.
        var session = Bakery().CreateSession(new SessionOptions { Seed = 42 });
        var choice = 0;
        for (var i = 0; i < 3; i++)
        {
            Step(session, ref choice);
        }

        var root = System.Text.Json.Nodes.JsonNode.Parse(session.Save().ToJson())!;
        root["formatVersion"] = 3;
        var read = SessionSnapshot.FromJson(SnapshotJson.Reseal(root.ToJsonString(), null));
        Assert.True(read.Success, read.Error);
        var text = File.ReadAllText(Path.Combine(FixtureDirectory("v2"), "bakery.yarn")).Replace("Goodbye.", "Farewell.", StringComparison.Ordinal);
        var restored = Bakery(text: text).Restore(read.Snapshot!);
        Assert.True(restored.Success, restored.Error);
        Assert.Equal(Step(session, ref choice), Step(restored.Session!, ref choice));
    }

    private static void AssertContinues(string version, string name, Story story)
    {
        var directory = FixtureDirectory(version);
        var json = File.ReadAllText(Path.Combine(directory, name + ".json"));
        var expected = File.ReadAllLines(Path.Combine(directory, name + ".expected.txt"));

        var read = SessionSnapshot.FromJson(json);
        Assert.True(read.Success, read.Error);
        var restored = story.Restore(read.Snapshot!);
        Assert.True(restored.Success, restored.Error);

        var choice = int.Parse(expected[0]["choice ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var actual = new List<string> { expected[0] };
        for (var i = 1; i < expected.Length; i++)
        {
            actual.Add(Step(restored.Session!, ref choice));
        }

        Assert.Equal(expected, actual);
    }
}
