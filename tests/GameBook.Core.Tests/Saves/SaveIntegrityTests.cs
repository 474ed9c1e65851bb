using System.Text.Json.Nodes;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Core.Tests.Saves;

/// <summary>Edited, damaged, foreign and unsigned saves are refused with a clear message, never resumed wrongly.</summary>
public class SaveIntegrityTests
{
    /// <summary>The story the fixtures in Fixtures/ were saved from; keep it unchanged, or the fixtures stop matching.</summary>
    internal const string FixtureStory = """
        title: Start
        ---
        <<declare $gold = 3>>
        <<declare $name = "Ash">>
        You have {$gold} gold, {$name}.
        <<set $gold to $gold + 4>>
        Now you have {$gold} gold.
        -> Buy a lamp <<if $gold >= 5>>
            <<set $gold -= 5>>
            You buy a lamp.
        -> Buy a castle <<if $gold >= 100>>
            You buy a castle.
        -> Leave
        You leave with {$gold} gold.
        ===
        """;

    private static Story Compile(string text = FixtureStory)
    {
        var result = StoryCompiler.Compile("shop.yarn", text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!;
    }

    /// <summary>A session saved at the option set (after "Now you have 7 gold.").</summary>
    private static StorySession AtOptions(Story story)
    {
        var session = story.CreateSession(new SessionOptions { Seed = 9 });
        session.Next();
        session.Next();
        Assert.Equal(StepKind.Options, session.Next().Kind);
        return session;
    }

    private static string Edit(string json, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        edit(node);
        return node.ToJsonString();
    }

    [Fact]
    public void ToJson_CarriesAChecksum_AndReadsBack()
    {
        var story = Compile();
        var json = AtOptions(story).Save().ToJson();

        Assert.StartsWith("sha256:", (string)JsonNode.Parse(json)!["integrity"]!, StringComparison.Ordinal);
        var read = SessionSnapshot.FromJson(json);
        Assert.True(read.Success, read.Error);
        Assert.Equal(SessionSnapshot.CurrentFormatVersion, read.Snapshot!.FormatVersion);
        var resumed = story.Restore(read.Snapshot).Session!;
        resumed.Choose(0);
        Assert.Equal("You buy a lamp.", resumed.Next().Line.Text);
    }

    [Fact]
    public void Checksum_IgnoresFormatting()
    {
        var json = AtOptions(Compile()).Save().ToJson();
        var pretty = JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        Assert.True(SessionSnapshot.FromJson(pretty).Success);
    }

    [Theory]
    [InlineData("variables")]
    [InlineData("pc")]
    [InlineData("available")]
    [InlineData("gold")]
    [InlineData("integrity")]
    public void EditedFields_AreRefusedByTheChecksum(string field)
    {
        var json = AtOptions(Compile()).Save().ToJson();

        var edited = Edit(json, o =>
        {
            switch (field)
            {
                case "variables": o["variables"] = new JsonArray(); break;
                case "pc": o["frames"]![0]!["pc"] = 3; break;
                case "available": o["options"]![1]!["available"] = true; break;
                case "gold": o["variables"]![0]!["value"]!["n"] = 700; break;
                default: o.Remove("integrity"); break;
            }
        });

        var read = SessionSnapshot.FromJson(edited);
        Assert.False(read.Success);
        Assert.Matches("checksum does not match|no integrity field", read.Error!);
    }

    [Fact]
    public void SignedSaves_NeedTheKey_AndOtherKeysOrUnsignedSavesAreRefused()
    {
        var key = new SaveKey(new byte[32]);
        var other = new SaveKey(Enumerable.Repeat((byte)7, 32).ToArray());
        var snapshot = AtOptions(Compile()).Save();
        var signed = snapshot.ToJson(key);

        Assert.True(SessionSnapshot.FromJson(signed, key).Success);
        Assert.Contains("signed with a key", SessionSnapshot.FromJson(signed).Error!, StringComparison.Ordinal);
        Assert.Contains("does not match its content or this host's key", SessionSnapshot.FromJson(signed, other).Error!, StringComparison.Ordinal);
        Assert.Contains("accepts only saves it signed", SessionSnapshot.FromJson(snapshot.ToJson(), key).Error!, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new SaveKey(new byte[8]));
    }

    [Fact]
    public void FormatVersion1Fixture_StillLoads_WithoutAKey()
    {
        var story = Compile();
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Saves", "Fixtures", "shop-v1-options.json"));

        var read = SessionSnapshot.FromJson(json);
        Assert.True(read.Success, read.Error);
        var resumed = story.Restore(read.Snapshot!);
        Assert.True(resumed.Success, resumed.Error);
        resumed.Session!.Choose(2);
        Assert.Equal("You leave with 7 gold.", resumed.Session.Next().Line.Text);
        Assert.Contains("format version 1", SessionSnapshot.FromJson(json, new SaveKey(new byte[16])).Error!, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatVersion2Fixture_Loads()
    {
        var story = Compile();
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Saves", "Fixtures", "shop-v2-options.json"));

        var resumed = story.Restore(SessionSnapshot.FromJson(json).Snapshot!).Session!;
        resumed.Choose(0);
        Assert.Equal("You buy a lamp.", resumed.Next().Line.Text);
    }

    // Tampering that also fixes up the checksum (anyone can compute a plain one): restore validates every field.

    private static SessionSnapshot Reread(SessionSnapshot snapshot) => SessionSnapshot.FromJson(snapshot.ToJson()).Snapshot!;

    [Fact]
    public void Restore_SameStoryWithoutItsVariables_IsRefused()
    {
        var story = Compile();
        var saved = Reread(AtOptions(story).Save());
        var tampered = new SessionSnapshot
        {
            Fingerprint = saved.Fingerprint, Content = saved.Content, State = saved.State, Frames = saved.Frames, Options = saved.Options, Random = saved.Random,
        };

        var result = story.Restore(Reread(tampered));

        Assert.False(result.Success);
        Assert.Contains("has no value for the variable $gold", result.Error!, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_PositionMovedToAnotherInstruction_IsRefused()
    {
        var story = Compile();
        var session = story.CreateSession(new SessionOptions { Seed = 1 });
        session.Next();
        var saved = Reread(session.Save());
        var refused = 0;
        for (var pc = 0; pc < 40; pc++)
        {
            var moved = Copy(saved, frames: [saved.Frames[0] with { Pc = pc }]);
            var result = story.Restore(Reread(moved));
            if (!result.Success)
            {
                refused++;
                Assert.Matches("is not a place a session can stop|is outside node|continues past an option set", result.Error!);
            }
        }

        Assert.True(refused > 20, $"only {refused} of 40 positions were refused");
    }

    [Fact]
    public void Restore_UnconditionalOptionMadeUnavailable_OrUnknownDestination_IsRefused()
    {
        var story = Compile();
        var saved = Reread(AtOptions(story).Save());
        var leave = saved.Options[2];

        var locked = story.Restore(Reread(Copy(saved, options: [saved.Options[0], saved.Options[1], leave with { Available = false }])));
        var moved = story.Restore(Reread(Copy(saved, options: [saved.Options[0] with { Destination = leave.Destination }, saved.Options[1], leave])));

        Assert.Contains("has no condition, so it cannot be unavailable", locked.Error!, StringComparison.Ordinal);
        Assert.Contains("is not an option of node 'Start' with that destination", moved.Error!, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_FinishedSaveIntoAnotherStory_IsRefused()
    {
        var story = Compile();
        var session = story.CreateSession();
        while (session.Next().Kind != StepKind.End)
        {
            if (session.State == SessionState.AwaitingChoice)
            {
                session.Choose(2);
            }
        }

        var other = Compile("title: Start\n---\nSomething else.\n===\n");
        var result = other.Restore(SessionSnapshot.FromJson(session.Save().ToJson()).Snapshot!);

        Assert.False(result.Success);
        Assert.Contains("finished session of another story", result.Error!, StringComparison.Ordinal);
        Assert.True(story.Restore(SessionSnapshot.FromJson(session.Save().ToJson()).Snapshot!).Success);
    }

    private static SessionSnapshot Copy(SessionSnapshot s, SavedFrame[]? frames = null, SavedOption[]? options = null) => new()
    {
        Fingerprint = s.Fingerprint,
        Content = s.Content,
        State = s.State,
        VariableNames = s.VariableNames,
        VariableTypes = s.VariableTypes,
        VariableValues = s.VariableValues,
        Frames = frames ?? s.Frames,
        Stack = s.Stack,
        Options = options ?? s.Options,
        Random = s.Random,
        Views = s.Views,
        Items = s.Items,
    };
}
