using GameBook.Authoring.Import;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Authoring.Tests.Import;

public class TweeImporterTests
{
    [Fact]
    public void Import_FourLinkForms_BecomeOptionsToTheNamedPassages()
    {
        const string twee = """
            :: StoryData
            {"ifid": "X", "format": "SugarCube", "start": "First one"}

            :: First one [intro start] {"position":"1,2"}
            Pick a door.
            [[A]]
            [[Door b|B]] and [[Door c->C c]] or [[D<-Door d]]

            :: A
            a
            :: B
            b
            :: C c
            c
            :: D
            d
            """;
        var result = TweeImporter.Import(twee);
        var story = ImportAssert.Compiles(result).Story!;
        var start = story.Outline!.Nodes[0];
        Assert.Equal("Start", start.Title);
        Assert.Equal(["intro", "start"], start.Tags.ToArray());
        Assert.Equal("{\"position\":\"1,2\"}", start.Header(TweeImporter.MetadataHeader));
        Assert.Equal("\"First one\"", start.Header(TweeImporter.NameHeader));
        Assert.Contains("{\"ifid\":\"X\"", start.Header(TweeImporter.StoryDataHeader), StringComparison.Ordinal);
        Assert.Equal("\"C c\"", story.Outline.Nodes.Single(n => n.Title == "C_c").Header(TweeImporter.NameHeader));

        var session = story.CreateSession(new SessionOptions { Seed = 1 });
        var steps = Collect(session, out var options);
        Assert.Equal(["Pick a door.", "Door b and Door c or Door d"], steps);
        Assert.Equal(["A", "Door b", "Door c", "Door d"], options);
        session.Choose(2);
        Assert.Equal(["c"], Collect(session, out _));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity != DiagnosticSeverity.Info);
    }

    [Fact]
    public void Import_SugarCubeSetAndIf_AreConverted()
    {
        const string twee = """
            :: Start
            <<set $gold to 5, $name = "Ash">>
            <<if $gold gt 3 and $name is "Ash">>
            Rich.
            [[Shop]]
            <<elseif $gold is 0>>
            Broke.
            <<else>>
            Some.
            <</if>>
            <<set $gold += 1>>

            :: Shop
            Gold: <<print $gold>>
            """;
        var result = TweeImporter.Import(twee);
        ImportAssert.Compiles(result);
        Assert.Contains("<<set $gold to 5>>", result.Yarn, StringComparison.Ordinal);
        Assert.Contains("<<set $name to \"Ash\">>", result.Yarn, StringComparison.Ordinal);
        Assert.Contains("<<if $gold > 3 and $name == \"Ash\">>", result.Yarn, StringComparison.Ordinal);
        Assert.Contains("<<elseif $gold == 0>>", result.Yarn, StringComparison.Ordinal);
        Assert.Contains("<<set $gold += 1>>", result.Yarn, StringComparison.Ordinal);
        Assert.Contains("-> Shop <<if ($gold > 3 and $name == \"Ash\")>>", result.Yarn, StringComparison.Ordinal);
        var kept = Assert.Single(result.Diagnostics, d => d.Code == ImportCodes.StoryFormatCode);
        Assert.Contains("<<print $gold>>", kept.Message, StringComparison.Ordinal);
        Assert.Equal(14, kept.Range.StartLine);
        Assert.Equal(7, kept.Range.StartColumn);
    }

    [Fact]
    public void Import_CodeWithoutAnExactEquivalent_IsKeptAsTextWithAWarning()
    {
        const string twee = """
            :: Start
            (set: $x to 1)(set: $x to "one")
            (set: _temp to 2)
            You see (if: $x)[a key] here.
            (if: $y contains "a")[Never.]
            [[Start]]
            """;
        var result = TweeImporter.Import(twee);
        var story = ImportAssert.Compiles(result).Story!;
        var warnings = result.Diagnostics.Where(d => d.Code == ImportCodes.StoryFormatCode).ToList();
        Assert.True(warnings.Count >= 5, string.Join("\n", warnings));
        Assert.All(warnings, w => Assert.InRange(w.Range.StartLine, 2, 5));
        var lines = Collect(story.CreateSession(new SessionOptions { Seed = 1 }), out _);
        Assert.Contains("(set: $x to 1)(set: $x to \"one\")", lines);
        Assert.Contains("You see (if: $x)[a key] here.", lines);
    }

    [Fact]
    public void Import_BrokenHeadersAndMissingStart_AreDiagnostics()
    {
        const string twee = """
            :: StoryData
            {not json

            :: [tagged no name
            text
            :: Dup
            one
            :: Dup {"bad": }
            two
            :: Style [stylesheet]
            body { color: red }
            """;
        var result = TweeImporter.Import(twee);
        ImportAssert.Compiles(result);
        var codes = result.Diagnostics.Select(d => d.Code).ToHashSet();
        Assert.Superset(new HashSet<string> { ImportCodes.InvalidStoryData, ImportCodes.InvalidPassageHeader, ImportCodes.Duplicate, ImportCodes.SpecialPassage, ImportCodes.StartPassageMissing }, codes);
        ImportAssert.ValidRanges(result, twee);
    }

    [SampleFact]
    public void Import_Sample_ConvertsHarloweAndPlaysToTheLamp()
    {
        var twee = SharedSamples.Read("lighthouse.twee");
        var result = TweeImporter.Import(twee, new TweeImportOptions { SourcePath = "lighthouse.twee" });
        var story = ImportAssert.Compiles(result).Story!;
        ImportAssert.ValidRanges(result, twee);
        Assert.Equal("\"The Lighthouse at Gull Point\"", story.Outline!.Nodes[0].Header(TweeImporter.TitleHeader));
        Assert.Contains("<<set $key to true>>", result.Yarn, StringComparison.Ordinal);
        Assert.Contains("<<if $key>>", result.Yarn, StringComparison.Ordinal);
        Assert.Contains(result.Diagnostics, d => d.Code == ImportCodes.BrokenTarget && d.Message.Contains("'Nowhere'", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Code == ImportCodes.Unlinked && d.Message.Contains("'Broken link'", StringComparison.Ordinal));
        var italic = Assert.Single(result.Diagnostics, d => d.Code == ImportCodes.StoryFormatCode);
        Assert.Equal(twee.Split('\n').ToList().FindIndex(l => l.Contains("//\"The light", StringComparison.Ordinal)) + 1, italic.Range.StartLine);

        // Shore -> Hut (takes the key) -> Rock: the door opens, and only Climb is offered.
        var session = story.CreateSession(new SessionOptions { Seed = 1 });
        Collect(session, out var options);
        session.Choose(options.IndexOf("Search the keeper's hut"));
        Collect(session, out options);
        session.Choose(options.IndexOf("Take the key and go to the rock"));
        var rock = Collect(session, out options, availableOnly: true);
        Assert.Contains("The door opens with the brass key. Climb", rock);
        Assert.Equal(["Climb"], options);
        session.Choose(0);
        Assert.Equal(["You light the great lamp. Far out, a ship turns away from the reef."], Collect(session, out _));
    }

    internal static List<string> Collect(StorySession session, out List<string> options, bool availableOnly = false)
    {
        var lines = new List<string>();
        options = [];
        for (var i = 0; i < 1000; i++)
        {
            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    lines.Add(step.Line.Text);
                    continue;
                case StepKind.Options:
                    foreach (var o in step.Options)
                    {
                        if (!availableOnly || o.IsAvailable)
                        {
                            options.Add(o.Line.Text);
                        }
                    }

                    return lines;
                case StepKind.Command:
                    continue;
                default:
                    return lines;
            }
        }

        return lines;
    }
}

/// <summary>Harlowe and SugarCube bare variables print through Yarn's inline expressions; go-to macros become jumps.</summary>
public class TweeVariablesAndGotoTests
{
    [Fact]
    public void BareVariables_PrintTheirValue_WhenTheyHaveAType_AndAreKeptOtherwise()
    {
        const string twee = """
            :: Start
            (set: $gold to 5)(set: $name to "Ash")
            $name has $gold coins, worth $$gold.
            Not a variable: $ 5 and 3$.
            $hero's sword and $name.length stay.
            $unset is kept.
            [[Next]]

            :: Next
            Still $gold.
            """;
        var result = TweeImporter.Import(twee);
        var story = ImportAssert.Compiles(result).Story!;
        Assert.Contains("{$name} has {$gold} coins, worth ${$gold}.", result.Yarn!, StringComparison.Ordinal);
        var session = story.CreateSession(new SessionOptions { Seed = 1 });
        Assert.Equal("Ash has 5 coins, worth $5.", session.Next().Line.Text);
        Assert.Equal("Not a variable: $ 5 and 3$.", session.Next().Line.Text);
        Assert.Equal("$hero's sword and $name.length stay.", session.Next().Line.Text);
        Assert.Equal("$unset is kept.", session.Next().Line.Text);

        var kept = result.Diagnostics.Where(d => d.Code == ImportCodes.StoryFormatCode).Select(d => (d.Range.StartLine, d.Range.StartColumn, d.Message)).ToList();
        Assert.Equal(3, kept.Count);
        Assert.Equal((6, 1), (kept[2].StartLine, kept[2].StartColumn));
        Assert.Contains("no single Yarn type", kept[2].Message, StringComparison.Ordinal);
        Assert.Equal((5, 1), (kept[0].StartLine, kept[0].StartColumn));
        Assert.Contains("property", kept[0].Message, StringComparison.Ordinal);
        Assert.Equal((5, 19), (kept[1].StartLine, kept[1].StartColumn));
        Assert.Contains("property", kept[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GotoMacros_BecomeJumps_LeavingThePassageAtOnce()
    {
        const string twee = """
            :: Start
            You fall.
            (goto: "Pit")
            Never shown. [[Door]]

            :: Pit
            <<goto [[Bottom]]>>

            :: Bottom
            <<goto 'Door'>>

            :: Door
            The end. (go-to: $somewhere) (goto: "Nowhere")
            """;
        var result = TweeImporter.Import(twee);
        var story = ImportAssert.Compiles(result).Story!;
        Assert.Contains("You fall.\n<<jump Pit>>\n", result.Yarn!.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        var session = story.CreateSession(new SessionOptions { Seed = 1 });
        Assert.Equal("You fall.", session.Next().Line.Text);
        var next = session.Next();
        Assert.Equal(StepKind.Line, next.Kind);
        Assert.StartsWith("The end.", next.Line.Text, StringComparison.Ordinal);
        Assert.Equal("Door", session.CurrentNode?.Name);

        var kept = result.Diagnostics.Where(d => d.Code == ImportCodes.StoryFormatCode).Select(d => d.Message).ToList();
        Assert.Contains(kept, m => m.Contains("(go-to: $somewhere)", StringComparison.Ordinal));
        Assert.Contains(kept, m => m.Contains("Nowhere", StringComparison.Ordinal) && m.Contains("no passage has that name", StringComparison.Ordinal));
    }
}
