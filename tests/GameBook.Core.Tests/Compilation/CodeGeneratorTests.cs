using GameBook.Compilation;
using GameBook.Compiled;
using GameBook.Library;

namespace GameBook.Core.Tests.Compilation;

public class CodeGeneratorTests
{
    private static StoryProgram Program(string text, CompileOptions? options = null)
    {
        var result = StoryCompiler.Compile("story.yarn", text, options);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!.Program;
    }

    private static StoryProgram Body(string body) => Program("title: Start\n---\n" + body + "\n===\n");

    private static OpCode[] Ops(CompiledNode node) => [.. node.Instructions.Select(i => i.Op)];

    [Fact]
    public void Generate_GiveWithoutCount_PushesOne()
    {
        var program = Body("<<give \"lamp\">>\n<<take \"gold coin\" 5>>");

        var code = program.Nodes[0].Instructions;
        Assert.Equal([OpCode.PushString, OpCode.PushNumber, OpCode.GiveItem, OpCode.PushString, OpCode.PushNumber, OpCode.TakeItem, OpCode.Return], Ops(program.Nodes[0]));
        Assert.Equal(1.0, program.Numbers[code[1].A]);
        Assert.Equal(5.0, program.Numbers[code[4].A]);
        Assert.Equal("gold coin", program.Strings[code[3].A]);
    }

    [Fact]
    public void Generate_GamebookFunctions_CallTheIntrinsics()
    {
        var program = Body("<<if has(\"lamp\") and count(\"gold\") > roll(\"2d6+1\")>>\nx\n<<endif>>");

        Assert.Equal(["has", "count", "roll"], program.Functions.Select(f => f.Name));
        Assert.All(program.Functions, f => Assert.Null(f.Implementation));
    }

    [Fact]
    public void Generate_SectionAndTags_AreNodeMetadata()
    {
        var program = Program("title: Start\nsection: 42\ntags: ending  grim\n---\nThe end.\n===\n");

        var node = program.Nodes.Single();
        Assert.Equal(42, node.Section);
        Assert.Equal(["ending", "grim"], node.Tags.ToArray());
        Assert.Equal([new KeyValuePair<string, string>("section", "42"), new("tags", "ending  grim")], node.Headers.ToArray());
    }

    [Fact]
    public void Generate_EveryNode_EndsWithReturnAndHasASourceLinePerInstruction()
    {
        var program = Program("title: Start\n---\nA\n<<jump B>>\n===\ntitle: B\n---\n-> x\n    y\n===\ntitle: G\nwhen: always\n---\ng\n===\n");

        Assert.All(program.Nodes, n =>
        {
            Assert.Equal(OpCode.Return, n.Instructions[^1].Op);
            Assert.Equal(n.Instructions.Length, n.SourceLines.Length);
        });
        Assert.Equal([3, 4, 4], program.Nodes[0].SourceLines.Take(3));
    }

    [Fact]
    public void Generate_LineIds_ComeFromTagsOrAreStable()
    {
        var program = Body("Tagged #line:abc\nPlain\n-> Option");

        // Generated IDs are the node and a hash of kind and text: these exact values must never change (saves and string tables use them).
        Assert.Equal(["line:abc", "line:Start-22a1b531", "line:Start-917476d5"], program.Lines.Select(l => l.Id));
        Assert.Equal(["line:abc", "line:story-Start-1", "line:story-Start-2"], program.Lines.Select(l => l.LegacyId));
        Assert.Equal(["line:abc"], program.Lines[0].Tags.ToArray());
    }

    [Fact]
    public void Generate_InlineExpressions_PushSubstitutionsBeforeRunLine()
    {
        var program = Body("<<declare $g = 2>>\nYou have {$g} gold and {$g + 1} more.");

        var run = program.Nodes[0].Instructions.Single(i => i.Op == OpCode.RunLine);
        Assert.Equal(2, run.B);
        Assert.Equal(2, program.Lines[run.A].SubstitutionCount);
    }

    [Fact]
    public void Generate_OptionWithCondition_SetsTheFlagAndDestination()
    {
        var program = Body("-> A <<if false>>\n    in A\n-> B");

        var code = program.Nodes[0].Instructions;
        var adds = code.Where(i => i.Op == OpCode.AddOption).ToList();
        Assert.Equal((int)OptionFlags.HasCondition, adds[0].B);
        Assert.Equal(0, adds[1].B);
        Assert.Equal(OpCode.RunLine, code[adds[0].C].Op);
        Assert.Contains(code, i => i.Op == OpCode.ShowOptions);
    }

    [Fact]
    public void Generate_OnceOnALine_UsesAnInternalFlag()
    {
        var program = Body("Only once <<once>> #line:o1");

        var flag = program.Variables.Single(v => v.Name == "$Yarn.Internal.Once.line:o1");
        Assert.True(flag.IsInternal);
        Assert.Contains(program.Nodes[0].Instructions, i => i.Op == OpCode.StoreVariable);
    }

    [Fact]
    public void Generate_LineGroup_AddsCandidatesWithComplexity()
    {
        var program = Body("<<declare $a = true>>\n<<declare $n = 1>>\n=> Plain\n=> One <<if $a>>\n=> Two <<if $a && $n > 0>>\n=> Once <<once if $n > 0>>");

        var adds = program.Nodes[0].Instructions.Where(i => i.Op == OpCode.AddCandidate).ToList();
        Assert.Equal([0, 0, 2, 2], adds.Select(a => a.B));
        Assert.Equal([false, true, true, true], adds.Select(a => program.SaliencyContent[a.A].HasCondition));
        Assert.Equal(program.Lines[1].Id, program.SaliencyContent[adds[1].A].Id);
        Assert.Contains(program.Nodes[0].Instructions, i => i.Op == OpCode.SelectCandidate);
    }

    [Fact]
    public void Generate_NodeGroup_CompilesADispatcherNamedByTheTitle()
    {
        var program = Program("title: Start\n---\n<<jump G>>\n===\ntitle: G\nwhen: once\n---\nfirst\n===\ntitle: G\nsubtitle: later\nwhen: $x\n---\nsecond\n===\n");

        var dispatcher = program.Nodes[program.NodeIndexByName["G"]];
        Assert.Equal("G", dispatcher.UniqueName);
        Assert.True(dispatcher.HasContentSlot >= 0);
        Assert.True(program.Variables[dispatcher.HasContentSlot].IsSmart);
        var members = program.Nodes.Where(n => n.Name == "G" && n != dispatcher).ToList();
        Assert.Matches("^G#[0-9a-f]{8}$", members[0].UniqueName); // content-based: see NodeTable.MemberIdentity
        Assert.Equal("G.later", members[1].UniqueName);
        Assert.Equal(["G#1", null], members.Select(n => n.PositionalName));
        Assert.Equal(program.NodeIndexByName[members[0].UniqueName], program.NodeIndexByName["G#1"]);
        Assert.Equal(2, dispatcher.Instructions.Count(i => i.Op == OpCode.EnterNodeInPlace));
        Assert.Equal([1, 0], dispatcher.Instructions.Where(i => i.Op == OpCode.AddCandidate).Select(i => i.B));
        Assert.Equal(program.NodeIndexByName["G.later"], program.Nodes.ToList().FindIndex(n => n.UniqueName == "G.later"));
    }

    [Fact]
    public void Generate_VisitSlots_OnlyForNodesWhoseVisitsAreRead()
    {
        var program = Program("title: Start\n---\n{visited(\"B\")}\n===\ntitle: B\n---\nb\n===\ntitle: C\n---\nc\n===\n");

        Assert.Equal(-1, program.Nodes[0].VisitCountSlot);
        Assert.Equal("$Yarn.Internal.Visits.B", program.Variables[program.Nodes[1].VisitCountSlot].Name);
        Assert.Equal(-1, program.Nodes[2].VisitCountSlot);
    }

    [Fact]
    public void Generate_DynamicVisitReadOrTrackAll_TracksEveryNode()
    {
        const string text = "title: Start\n---\n<<declare $n = \"B\">>\n{visited_count($n)}\n===\ntitle: B\n---\nb\n===\ntitle: C\ntracking: never\n---\nc\n===\n";
        var dynamic = Program(text);
        var all = Program("title: Start\n---\nx\n===\n", new CompileOptions { TrackAllVisits = true });

        Assert.Equal([true, true, false], dynamic.Nodes.Select(n => n.VisitCountSlot >= 0));
        Assert.True(all.Nodes[0].VisitCountSlot >= 0);
    }

    [Fact]
    public void Generate_JumpsAndDetours_UseNodeIndexesOrDynamicOps()
    {
        var program = Program("title: Start\n---\n<<detour B>>\n<<jump {\"B\"}>>\n===\ntitle: B\n---\n<<return>>\n<<stop>>\n===\n");

        Assert.Equal([OpCode.DetourToNode, OpCode.PushString, OpCode.JumpToNodeDynamic, OpCode.Return], Ops(program.Nodes[0]));
        Assert.Equal(1, program.Nodes[0].Instructions[0].A);
        Assert.Equal([OpCode.Return, OpCode.Stop, OpCode.Return], Ops(program.Nodes[1]));
    }

    [Fact]
    public void Generate_HostCommand_KeepsLiteralPartsAndRegistration()
    {
        var library = new FunctionLibrary().AddCommand("shake", []);
        var program = Program("title: Start\n---\n<<declare $n = 1>>\n<<shake camera {$n} times>>\n===\n", new CompileOptions { Library = library });

        var command = program.Commands.Single();
        Assert.Equal(1, command.SubstitutionCount);
        Assert.Equal(["shake camera ", null, " times"], command.Parts.Select(p => p.Literal));
        Assert.Equal("shake", command.Registered?.Name);
    }
}
