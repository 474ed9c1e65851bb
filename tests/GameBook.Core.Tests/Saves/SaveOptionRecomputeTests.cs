using System.Text.Json.Nodes;
using CsCheck;
using GameBook.Compilation;
using GameBook.Library;
using GameBook.Runtime;

namespace GameBook.Core.Tests.Saves;

/// <summary>
/// Pending options whose conditions call functions (host functions, inventory, dice) or read smart variables are
/// re-evaluated by the session being restored, not trusted: a flipped <c>available</c> flag is corrected, random draws
/// repeat exactly as the original session made them, and a function that cannot be evaluated refuses the restore.
/// </summary>
public class SaveOptionRecomputeTests
{
    private const string Text = """
        title: Start
        ---
        <<declare $gold = 3>>
        <<declare $rich = $gold >= 10>>
        <<give "lamp">>
        Welcome.
        -> Buy a horse <<if price("horse") <= $gold>>
            You buy a horse.
        -> Light the lamp <<if has("lamp")>>
            Light.
        -> Enter the palace <<if $rich>>
            Palace.
        -> Gamble (rolled {dice(6)}) <<if dice(6) > 3>>
            You win.
        -> Leave
            Goodbye.
        ===
        """;

    private static FunctionLibrary Library(bool throws = false) => new FunctionLibrary()
        .AddFunction("price", (string item) => throws ? throw new InvalidOperationException("the price list is offline") : item == "horse" ? 2 : 100);

    private static Story Compile() =>
        StoryCompiler.Compile("shop.yarn", Text, new CompileOptions { Library = Library() }).Story!;

    private static (StorySession Session, string Json) SaveAtTheOptions(ulong seed)
    {
        var session = Compile().CreateSession(new SessionOptions { Seed = seed });
        Assert.Equal("Welcome.", session.Next().Line.Text);
        Assert.Equal(StepKind.Options, session.Next().Kind);
        return (session, session.Save().ToJson());
    }

    private static string Describe(OptionSet options) => string.Join(" | ", options.Select(o => o.ToString()));

    private static string Flip(string json)
    {
        var root = JsonNode.Parse(json)!;
        foreach (var option in root["options"]!.AsArray().Take(4)) // "Leave" has no condition (it cannot be saved as unavailable)
        {
            option!["available"] = !(option["available"]?.GetValue<bool>() ?? false);
        }

        return SnapshotJson.Reseal(root.ToJsonString(), null);
    }

    [Fact]
    public void FunctionAndSmartVariableConditions_FlippedAvailability_IsRecomputed()
    {
        for (ulong seed = 1; seed <= 20; seed++)
        {
            var (original, json) = SaveAtTheOptions(seed);
            var expected = Describe(original.Next().Options);
            var restored = Compile().Restore(SessionSnapshot.FromJson(Flip(json)).Snapshot!);
            Assert.True(restored.Success, restored.Error);
            var options = restored.Session!.Next().Options;
            Assert.Equal(expected, Describe(options));
            Assert.Contains("Enter the palace [disabled]", expected, StringComparison.Ordinal);
            Assert.Throws<ArgumentOutOfRangeException>(() => restored.Session.Choose(2)); // the palace stays closed
        }
    }

    [Fact]
    public void RandomConditions_AreReEvaluatedFromTheStateTheirDrawsBeganWith_AndContinueIdentically()
    {
        var both = new HashSet<bool>();
        for (ulong seed = 1; seed <= 30; seed++)
        {
            var (original, json) = SaveAtTheOptions(seed);
            var restored = Compile().Restore(SessionSnapshot.FromJson(Flip(json)).Snapshot!).Session!;
            var a = original.Next().Options;
            var b = restored.Next().Options;
            Assert.Equal(Describe(a), Describe(b)); // the same roll shown, the same availability
            both.Add(a[3].IsAvailable);

            // The draws after the restore are the original session's too.
            original.Choose(4);
            restored.Choose(4);
            Assert.Equal(original.Save().ToJson(), restored.Save().ToJson());
        }

        Assert.Equal(2, both.Count); // some seeds roll high and some low, so the check means something
    }

    [Fact]
    public void RandomConditions_WithAnEditedRandomState_GiveWhatThatStatesDrawsGive_NotTheSavedFlags()
    {
        // The random state is player state a plain checksum cannot protect (docs/saves.md); the options still follow from it.
        for (ulong seed = 1; seed <= 10; seed++)
        {
            var (_, json) = SaveAtTheOptions(seed);
            var root = JsonNode.Parse(json)!;
            root["random"]![0] = (12345 + seed).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var edited = SessionSnapshot.FromJson(Flip(SnapshotJson.Reseal(root.ToJsonString(), null))).Snapshot!;
            var restored = Compile().Restore(edited);
            Assert.True(restored.Success, restored.Error);

            // The reference: a session at the same point whose generator is the edited state stepped back over the option
            // set's two dice draws, so that drawing them ends at the edited state.
            var reference = Compile().CreateSession(new SessionOptions { Seed = seed });
            reference.Next();
            var state = new SessionRandom(12345 + seed, ulong.Parse(root["random"]![1]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                ulong.Parse(root["random"]![2]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(root["random"]![3]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
            state.Previous();
            state.Previous();
            reference.Random = state;
            Assert.Equal(Describe(reference.Next().Options), Describe(restored.Session!.Next().Options));
        }
    }

    [Fact]
    public void AHostFunctionThatFailsOnRestore_RefusesTheRestore_NamingIt()
    {
        var (_, json) = SaveAtTheOptions(3);
        var failing = StoryCompiler.Compile("shop.yarn", Text, new CompileOptions { Library = Library(throws: true) }).Story!;
        var restored = failing.Restore(SessionSnapshot.FromJson(json).Snapshot!);
        Assert.False(restored.Success);
        Assert.Contains("price", restored.Error, StringComparison.Ordinal);
        Assert.Contains("could not be re-evaluated", restored.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnboundFunction_IsBoundFromTheRestoringSessionsLibrary_OrRefused()
    {
        // Compiled without the function (the compiler infers its signature): the restoring host's library supplies it.
        var compiled = StoryCompiler.Compile("shop.yarn", Text);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        var story = compiled.Story!;
        var session = story.CreateSession(new SessionOptions { Seed = 3, Library = Library() });
        session.Next();
        var expected = Describe(session.Next().Options);
        var json = session.Save().ToJson();

        var refused = story.Restore(SessionSnapshot.FromJson(json).Snapshot!);
        Assert.False(refused.Success);
        Assert.Contains("price", refused.Error, StringComparison.Ordinal);

        var restored = story.Restore(SessionSnapshot.FromJson(Flip(json)).Snapshot!, new SessionOptions { Library = Library() });
        Assert.True(restored.Success, restored.Error);
        Assert.Equal(expected, Describe(restored.Session!.Next().Options));
    }

    [Fact]
    public void Previous_UndoesADraw() =>
        Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong).Sample((a, b, c, d) =>
        {
            var random = new SessionRandom(a, b, c, d);
            var before = random;
            random.NextUInt64();
            random.Previous();
            Assert.True(random.SameStateAs(before));
        });
}
