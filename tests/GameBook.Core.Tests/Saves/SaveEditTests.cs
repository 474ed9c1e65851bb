using GameBook.Runtime;
using static GameBook.Core.Tests.Saves.SaveReplay;

namespace GameBook.Core.Tests.Saves;

/// <summary>
/// Every row of docs/saves.md's "What an edit does to a save" table: a save taken mid-node in Market (after the
/// player saw Start's once block and its once-only line-group item, and set $food and $luck) is restored into an
/// edited story, and either continues exactly as a fresh playthrough of the edited story replayed to the same point
/// (<see cref="SaveReplay"/>), or is refused with a message naming what changed. The node-group rows use a second story
/// (<see cref="Groups"/>): a once-only guard, an always guard, and a gate that leads back to them.
/// </summary>
public class SaveEditTests
{
    private const string Base = """
        title: Start
        ---
        <<enum Food>>
            <<case Apple>>
            <<case Pear>>
        <<endenum>>
        <<declare $food = Food.Apple>>
        <<declare $gold = 7>>
        <<declare $luck = 1>>
        <<set $luck to 2>>
        <<once>>
            The first block.
        <<endonce>>
        => Baker: Fresh pies! <<once>>
        => Baker: Still warm.
        <<set $food to Food.Pear>>
        <<jump Market>>
        ===
        title: Market
        ---
        You have {$gold} gold.
        The market is busy.
        -> Go down to the cellar
            <<jump Cellar>>
        -> Back to the bakery
            <<jump Start>>
        ===
        title: Cellar
        ---
        <<if $food == Food.Pear>>
            A pear rolls away.
        <<else>>
            An apple rolls away.
        <<endif>>
        -> Climb back to the bakery
            <<jump Start>>
        ===
        title: Attic
        ---
        Dust.
        ===
        """;

    /// <summary>Steps before the save: "The first block.", "Baker: Fresh pies!", "You have 7 gold.".</summary>
    private const int SaveAfter = 3;

    private static Story Story(string text = Base, string path = "chapter1.yarn") => Compile((path, text));

    private static string Edit(string find, string replace, string text = Base)
    {
        Assert.Contains(find, text, StringComparison.Ordinal);
        return text.Replace(find, replace, StringComparison.Ordinal);
    }

    private static Result Restore(Story edited, ISaveMigrator? migrator = null, string text = Base) =>
        Check(Story(text), edited, SaveAfter, _ => 0, migrator);

    private static void AssertResumes(Result result, string? shows = null, string? hides = null)
    {
        Assert.True(result.Outcome == Outcome.Same, $"{result.Outcome}: {result.Text}");
        if (shows is not null)
        {
            Assert.Contains(shows, result.Text!, StringComparison.Ordinal);
        }

        if (hides is not null)
        {
            Assert.DoesNotContain(hides, result.Text!, StringComparison.Ordinal);
        }
    }

    private static void AssertRefused(Result result, params string[] naming)
    {
        Assert.True(result.Outcome == Outcome.Refused, $"{result.Outcome}: {result.Text}");
        foreach (var n in naming)
        {
            Assert.Contains(n, result.Text!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unchanged_Resumes() =>
        AssertResumes(Restore(Story()), shows: "A pear rolls away.", hides: "The first block.");

    [Fact]
    public void OnceBlockInsertedBeforeASeenOne_EachFlagFollowsItsBlock() =>
        AssertResumes(Restore(Story(Edit("<<once>>\n    The first block.", "<<once>>\n    A new block.\n<<endonce>>\n<<once>>\n    The first block."))),
            shows: "A new block.", hides: "The first block.");

    [Fact]
    public void LineInsertedAtTheTopOfANode_OnceLineKeepsItsSeenState() =>
        AssertResumes(Restore(Story(Edit("<<set $luck to 2>>\n", "<<set $luck to 2>>\nInserted at the top.\n"))),
            shows: "Inserted at the top.", hides: "Fresh pies!");

    [Fact]
    public void EnumCasesSwapped_ValueKeptByCaseName() =>
        AssertResumes(Restore(Story(Edit("    <<case Apple>>\n    <<case Pear>>", "    <<case Pear>>\n    <<case Apple>>"))), shows: "A pear rolls away.");

    [Fact]
    public void EnumCaseOfASavedValueRemoved_IsRefusedNamingTheCase()
    {
        var text = Edit("    <<case Pear>>\n", "", Edit("Food.Pear", "Food.Apple"));
        AssertRefused(Restore(Story(text)), "$food", "Food.Pear");
    }

    [Fact]
    public void DeclaredVariableRemoved_IsRefusedNamingIt_AndTheMigratorCanDropIt()
    {
        var text = Edit("<<declare $luck = 1>>\n<<set $luck to 2>>\n", "");
        AssertRefused(Restore(Story(text)), "$luck", "no longer declares");
        Assert.Equal(Outcome.Migrated, Restore(Story(text), new Migrator(s => s.WithoutVariable("$luck"))).Outcome);
    }

    [Fact]
    public void DeclaredVariableRenamed_TheMigratorMapsItsValue()
    {
        var text = Edit("$luck", "$fortune");
        AssertRefused(Restore(Story(text)), "$luck");
        var edited = Story(text);
        var session = Story().CreateSession();
        for (var i = 0; i < SaveAfter; i++)
        {
            session.Next();
        }

        var snapshot = SessionSnapshot.FromJson(session.Save().ToJson()).Snapshot!;
        var restored = edited.Restore(snapshot, new SessionOptions { SaveMigrator = new Migrator(s => s.WithVariableRenamed("$luck", "$fortune")) });
        Assert.True(restored.Success, restored.Error);
        Assert.True(restored.Migrated);
        Assert.Equal(2, restored.Session!.GetVariable("$fortune").AsNumber);
    }

    [Fact]
    public void FileRenamed_Resumes_EvenAFinishedSave()
    {
        AssertResumes(Restore(Story(path: "renamed.yarn")), shows: "A pear rolls away.");

        var ended = Story("title: Start\n---\nThe end.\n===\n", "chapter1.yarn").CreateSession();
        Assert.Equal(StepKind.Line, ended.Next().Kind);
        Assert.Equal(StepKind.End, ended.Next().Kind);
        var json = ended.Save().ToJson();
        var renamed = Story("title: Start\n---\nThe end.\n===\n", "renamed.yarn").Restore(SessionSnapshot.FromJson(json).Snapshot!);
        Assert.True(renamed.Success, renamed.Error);
        Assert.Equal(SessionState.Ended, renamed.Session!.State);
        Assert.False(Story("title: Start\n---\nAnother end.\n===\n", "chapter1.yarn").Restore(SessionSnapshot.FromJson(json).Snapshot!).Success);
    }

    [Fact]
    public void SeenOnceLineTextChanged_IsRefusedNamingTheLine() =>
        AssertRefused(Restore(Story(Edit("Fresh pies!", "Fresh bread!"))), "once-only line", "Start");

    [Fact]
    public void SeenOnceLineTextChanged_TheMigratorCanForgetIt()
    {
        var result = Restore(Story(Edit("Fresh pies!", "Fresh bread!")), new Migrator(s => s.WithoutVariable(OnceVariable(s, "line:Start-"))));
        Assert.Equal(Outcome.Migrated, result.Outcome);
    }

    [Fact]
    public void OnceRemovedFromASeenLine_Resumes() =>
        AssertResumes(Restore(Story(Edit("Fresh pies! <<once>>", "Fresh pies!"))));

    [Fact]
    public void SeenOnceBlockContentChanged_IsRefusedNamingTheBlock() =>
        AssertRefused(Restore(Story(Edit("The first block.", "The first block, rewritten."))), "once block", "Start");

    [Fact]
    public void ExplicitLineIds_KeepIdentityAcrossTextEdits()
    {
        var tagged = Edit("Fresh pies! <<once>>", "Fresh pies! <<once>> #line:pies", Edit("    The first block.", "    The first block. #line:block1"));
        var edited = Edit("Fresh pies!", "Fresh bread!", Edit("    The first block. #line:block1", "    The first block, rewritten. #line:block1\n    More.", tagged));
        AssertResumes(Restore(Story(edited), text: tagged), hides: "Fresh bread!");
        Assert.DoesNotContain("More.", Restore(Story(edited), text: tagged).Text!, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeTheSaveIsInChanged_IsRefusedNamingIt() =>
        AssertRefused(Restore(Story(Edit("The market is busy.", "The market is quiet."))), "Market", "changed");

    [Fact]
    public void NodesReordered_Resumes()
    {
        const string attic = "title: Attic\n---\nDust.\n===";
        AssertResumes(Restore(Story(attic + "\n" + Edit("\n" + attic, ""))));
    }

    [Fact]
    public void UnvisitedNodeRemoved_Resumes() =>
        AssertResumes(Restore(Story(Edit("\ntitle: Attic\n---\nDust.\n===", ""))));

    [Fact]
    public void OptionInsertedInAnotherNode_Resumes() =>
        AssertResumes(Restore(Story(Edit("-> Climb back to the bakery", "-> Look around\n    Nothing here.\n-> Climb back to the bakery"))), shows: "Look around");

    [Fact]
    public void OptionTextChangedInAnotherNode_Resumes() =>
        AssertResumes(Restore(Story(Edit("-> Climb back to the bakery", "-> Climb the stairs"))), shows: "Climb the stairs");

    [Fact]
    public void LinesSplitAcrossFiles_Resumes()
    {
        var start = Base[..Base.IndexOf("title: Market", StringComparison.Ordinal)];
        var rest = Base[start.Length..];
        var edited = Compile(("start.yarn", start), ("rest.yarn", rest));
        AssertResumes(Restore(edited));
    }

    [Fact]
    public void SaveInADetour_NodeOutsideTheStackChanged_Resumes()
    {
        const string text = "title: Start\n---\nOne.\n<<detour Side>>\nThree.\n===\ntitle: Side\n---\nTwo.\nTwo more.\n===\ntitle: Other\n---\nX.\n===\n";
        var result = Check(Story(text), Story(Edit("X.", "Y.", text)), 2, _ => 0);
        AssertResumes(result, shows: "Three.");
        AssertRefused(Check(Story(text), Story(Edit("One.\n", "Zero.\nOne.\n", text)), 2, _ => 0), "Start", "changed");
    }

    [Fact]
    public void VariableTypeChanged_IsRefusedNamingIt() =>
        AssertRefused(Restore(Story(Edit("<<set $luck to 2>>", "<<set $luck to \"two\">>", Edit("<<declare $luck = 1>>", "<<declare $luck = \"one\">>")))), "$luck", "String");

    [Fact]
    public void VisitedNodeRemoved_WhoseVisitsWereRead_IsRefusedNamingIt()
    {
        const string text = "title: Start\n---\n<<detour Side>>\n<<jump Next>>\n===\ntitle: Side\n---\nSide line.\n===\ntitle: Next\n---\nOne.\nTwo.\n===\ntitle: Other\n---\n<<if visited(\"Side\")>>\n    Seen.\n<<endif>>\n===\n";
        const string edited = "title: Start\n---\n<<jump Next>>\n===\ntitle: Next\n---\nOne.\nTwo.\n===\ntitle: Other\n---\nSeen.\n===\n";
        AssertRefused(Check(Story(text), Story(edited), 2, _ => 0), "visited node 'Side'");
    }

    // Node groups: members without subtitle: are identified by content (docs/saves.md, "Identities").
    private const string Guard1 = "title: Guard\nwhen: once\n---\nGuard: Halt!\nGuard: Who goes there?\n<<jump Gate>>\n===\n";
    private const string Guard2 = "title: Guard\nwhen: always\n---\nGuard: You again.\n<<jump Gate>>\n===\n";
    private const string NewGuard = "title: Guard\nwhen: once\n---\nGuard: A new guard salutes.\n<<jump Gate>>\n===\n";
    private const string GroupStart = "title: Start\n---\nWelcome.\n<<jump Guard>>\n===\n";
    private const string Gate = "title: Gate\n---\nThe gate.\n-> Back to the guard\n    <<jump Guard>>\n-> Wait\n    Time passes.\n    <<jump Gate>>\n===\n";
    private const string Groups = GroupStart + Guard1 + Guard2 + Gate;

    /// <summary>Steps before a save at the gate (the first guard seen): "Welcome.", "Guard: Halt!", "Guard: Who goes there?", "The gate.".</summary>
    private const int AtTheGate = 4;

    /// <summary>Steps before a save inside the first guard: "Welcome.", "Guard: Halt!".</summary>
    private const int InTheFirstGuard = 2;

    private static Result RestoreGroups(string edited, int steps = AtTheGate, ISaveMigrator? migrator = null) =>
        Check(Story(Groups), Story(edited), steps, _ => 0, migrator);

    [Fact]
    public void GroupMemberAddedBeforeTheOthers_EachMemberKeepsItsSeenState() =>
        AssertResumes(RestoreGroups(GroupStart + NewGuard + Guard1 + Guard2 + Gate), shows: "A new guard salutes.", hides: "Halt!");

    [Fact]
    public void GroupMemberAddedBetweenTheOthers_EachMemberKeepsItsSeenState() =>
        AssertResumes(RestoreGroups(GroupStart + Guard1 + NewGuard + Guard2 + Gate), shows: "A new guard salutes.", hides: "Halt!");

    [Fact]
    public void GroupMemberAddedAfterTheOthers_EachMemberKeepsItsSeenState() =>
        AssertResumes(RestoreGroups(GroupStart + Guard1 + Guard2 + NewGuard + Gate), shows: "A new guard salutes.", hides: "Halt!");

    [Fact]
    public void GroupMembersReordered_EachMemberKeepsItsSeenState() =>
        AssertResumes(RestoreGroups(GroupStart + Guard2 + Guard1 + Gate), shows: "You again.", hides: "Halt!");

    [Fact]
    public void GroupMemberAddedBefore_SaveInsideAMember_ResumesInThatMember() =>
        AssertResumes(RestoreGroups(GroupStart + NewGuard + Guard1 + Guard2 + Gate, InTheFirstGuard), shows: "Who goes there?");

    [Fact]
    public void GroupMemberBodyEdited_WhileTheSaveIsInsideIt_IsRefusedNamingTheMember() =>
        AssertRefused(RestoreGroups(Groups.Replace("Who goes there?", "Who are you?", StringComparison.Ordinal), InTheFirstGuard), "member", "node group 'Guard'");

    [Fact]
    public void GroupMemberBodyEdited_WhileTheSaveIsInAnother_ResumesThere() =>
        AssertResumes(RestoreGroups(Groups.Replace("You again.", "You, again.", StringComparison.Ordinal), InTheFirstGuard), shows: "Who goes there?");

    [Fact]
    public void SeenOnceGroupMemberEdited_SaveOutsideIt_IsRefusedNamingTheMember_AndTheMigratorCanForgetIt()
    {
        var edited = Groups.Replace("Who goes there?", "Who are you?", StringComparison.Ordinal);
        AssertRefused(RestoreGroups(edited), "once-only", "member", "node group 'Guard'");
        var migrated = RestoreGroups(edited, migrator: new Migrator(s => s.WithoutVariable(OnceVariable(s, "Guard#"))));
        Assert.Equal(Outcome.Migrated, migrated.Outcome);
    }

    [Fact]
    public void SeenGroupMemberRemoved_IsRefusedNamingTheMember() =>
        AssertRefused(RestoreGroups(GroupStart + Guard2 + Gate), "once-only", "member", "node group 'Guard'");

    [Fact]
    public void GroupMemberTaggedWithALineId_KeepsItsIdentityAcrossBodyEdits()
    {
        var tagged = Groups.Replace("Guard: Halt!", "Guard: Halt! #line:halt", StringComparison.Ordinal);
        var result = Check(Story(tagged), Story(tagged.Replace("Who goes there?", "Who are you?", StringComparison.Ordinal)), AtTheGate, _ => 0);
        AssertResumes(result, shows: "You again.", hides: "Halt!");
    }

    [Fact]
    public void IdenticalGroupMembers_AreToldApartByOrder_AndResumeAsAReplay()
    {
        var twins = GroupStart + Guard1 + Guard1 + Guard2 + Gate;
        AssertResumes(Check(Story(twins), Story(GroupStart + Guard1 + Guard1 + Guard1 + Guard2 + Gate), AtTheGate, _ => 0), shows: "Halt!");
        AssertResumes(Check(Story(twins), Story(GroupStart + Guard1 + Guard2 + Gate), AtTheGate, _ => 0), shows: "You again.");
        AssertResumes(Check(Story(twins), Story(GroupStart + Guard1 + Guard1 + Guard1 + Guard2 + Gate), InTheFirstGuard, _ => 0), shows: "Who goes there?");
    }

    private static string OnceVariable(SessionSnapshot snapshot, string prefix)
    {
        return snapshot.VariableNames.Single(n => n.StartsWith("$Yarn.Internal.Once." + prefix, StringComparison.Ordinal));
    }

    private sealed class Migrator(Func<SessionSnapshot, SessionSnapshot> migrate) : ISaveMigrator
    {
        public SessionSnapshot? Migrate(SessionSnapshot snapshot, Story story, string reason) => migrate(snapshot);
    }
}
