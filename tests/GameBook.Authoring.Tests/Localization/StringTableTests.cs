using CsCheck;
using System.Text;
using GameBook.Authoring.Localization;
using GameBook.Compilation;
using GameBook.Localization;
using GameBook.Runtime;

namespace GameBook.Authoring.Tests.Localization;

/// <summary>String-table export in reading order, the CSV round trip into Core, the per-locale translation report and the recording sheet.</summary>
public class StringTableTests
{
    private static readonly StorySource[] Sources =
    [
        new("b-intro.yarn", """
            title: Start
            ---
            <<declare $gold = 3>>
            Guard: Halt! Who goes there? #line:halt
            Hero: A friend, with {$gold} gold. #line:friend // the hero is nervous
            -> Bribe the guard #line:bribe
                Guard: That will do. #line:willdo
                <<jump Gate>>
            -> "Leave, then." #line:leave
                Narrator: You walk away, quoting "poems, songs". #line:walk
            ===
            title: Gate
            ---
            Guard: Welcome. #line:welcome
            ===
            """),
        new("a-later.yarn", """
            title: Later
            ---
            Narrator: Much later. #line:later
            Untagged narration.
            ===
            """),
    ];

    private static StringTableExport Export()
    {
        var export = StringTableExporter.Export(Sources, new StringTableExportOptions { BaseLocale = "en" });
        Assert.True(export.Succeeded, string.Join("\n", export.Diagnostics));
        return export;
    }

    [Fact]
    public void Export_ListsLinesAndOptionsInReadingOrder_WithSpeakerFileNodeLineCommentAndHash()
    {
        var export = Export();

        Assert.Equal(["line:halt", "line:friend", "line:bribe", "line:willdo", "line:leave", "line:walk", "line:welcome", "line:later"],
            export.Rows.Take(8).Select(r => r.Id));
        var friend = export.Rows[1];
        Assert.Equal(("Hero", "A friend, with {0} gold.", "b-intro.yarn", "Start", 5), (friend.Character, friend.Text, friend.File, friend.Node, friend.Line));
        Assert.Equal("the hero is nervous; {0} = $gold", friend.Comment);
        Assert.Equal(LineHash.Compute("Hero: A friend, with {0} gold."), friend.Hash);
        Assert.Equal(StoryLineKind.Option, export.Rows[2].Kind);
        Assert.Equal(string.Empty, export.Rows[2].Character);
        Assert.Equal(9, export.Rows.Length);
    }

    [Fact]
    public void Export_WarnsAboutLinesWithoutTags()
    {
        var warning = Assert.Single(Export().Diagnostics, d => d.Code == LocalizationCodes.UnstableLineId);

        Assert.Equal(("a-later.yarn", 4), (warning.File, warning.Range.StartLine));
    }

    [Fact]
    public void Export_OfAStoryThatDoesNotCompile_ReturnsTheErrors()
    {
        var export = StringTableExporter.Export([new StorySource("bad.yarn", "title: Start\n---\n<<jump Nowhere>>\n===\n")]);

        Assert.False(export.Succeeded);
        Assert.Empty(export.Rows);
        Assert.Contains(export.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Csv_HasTheColumns_AndQuotesWhatNeedsQuoting()
    {
        var csv = Export().ToCsv();

        Assert.StartsWith("language,id,text,character,kind,file,node,line,comment,hash\r\n", csv, StringComparison.Ordinal);
        Assert.Contains("en,line:leave,\"\"\"Leave, then.\"\"\",,option,b-intro.yarn,Start,9,,", csv, StringComparison.Ordinal);
        Assert.Contains("\"You walk away, quoting \"\"poems, songs\"\".\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_ReadBackByCore_AsATranslation_RendersExactlyTheBaseText()
    {
        var export = Export();
        using var file = new MemoryStream();
        export.WriteCsv(file);
        Assert.Equal(Encoding.UTF8.GetPreamble(), file.ToArray()[..3]);

        var read = StringTableCsv.Read(file.ToArray(), new StringTableCsvOptions());
        Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics));
        Assert.Equal("en", read.Table!.Locale);
        var localized = StoryLocalization.Create(export.Story!, read.Table);
        Assert.Equal(export.Story!.Lines.Count, localized.TranslatedLineCount);

        var report = TranslationChecker.Check(export, read.Table);
        Assert.Empty(report.Issues);
        AssertSameTranscript(export.Story, localized);
    }

    // Plays the story twice (first option every time), base and localized: every line and option must match.
    private static void AssertSameTranscript(Story story, StoryLocalization localized)
    {
        var plain = story.CreateSession(new SessionOptions { Seed = 7 });
        var translated = story.CreateSession(new SessionOptions { Seed = 7, Localization = localized });
        for (var step = 0; step < 10_000; step++)
        {
            var a = plain.Next();
            var b = translated.Next();
            Assert.Equal(a.Kind, b.Kind);
            switch (a.Kind)
            {
                case StepKind.Line:
                    Assert.Equal(a.Line.Text, b.Line.Text);
                    Assert.Equal(a.Line.CharacterName, b.Line.CharacterName);
                    break;
                case StepKind.Options:
                    Assert.Equal(a.Options.Select(o => o.Text), b.Options.Select(o => o.Text));
                    var choice = a.Options.FirstOrDefault(o => o.IsAvailable);
                    var index = choice.Line.Id is null ? StorySession.NoOption : choice.Index;
                    plain.Choose(index);
                    translated.Choose(index);
                    break;
                case StepKind.Command:
                    break;
                default:
                    return;
            }
        }
    }

    [Fact]
    public void Check_ReportsMissingStaleInvalidUnknownAndDroppedSubstitutions_PerLocale()
    {
        var export = Export();
        var friend = export.Rows.Single(r => r.Id == "line:friend");
        var french = StringTable.Create("fr",
        [
            new("line:halt", "Halte ! Qui va là ?", "Garde", export.Rows[0].Hash),
            new("line:friend", "Un ami.", "Héros", friend.Hash),
            new("line:bribe", "Soudoyer le garde", null, "00000000"),
            new("line:willdo", "Ça [b]ira.", "Garde"),
            new("line:gone", "Supprimée."),
        ]);
        var german = StringTable.Create("de", [new("line:halt", "Halt!", "Wache", export.Rows[0].Hash)]);

        var reports = TranslationChecker.CheckAll(export, [french, german]);

        var fr = reports[0];
        Assert.Equal("fr", fr.Locale);
        Assert.Equal(3, fr.TranslatedCount);
        Assert.Equal(["line:bribe"], fr.Of(TranslationIssueKind.Stale).Select(i => i.Id));
        Assert.Equal(["line:willdo"], fr.Of(TranslationIssueKind.Invalid).Select(i => i.Id));
        Assert.Equal(["line:friend"], fr.Of(TranslationIssueKind.MissingSubstitution).Select(i => i.Id));
        Assert.Equal(["line:gone"], fr.Of(TranslationIssueKind.Unknown).Select(i => i.Id));
        Assert.Equal(5, fr.Of(TranslationIssueKind.Missing).Length);
        var stale = fr.Of(TranslationIssueKind.Stale)[0];
        Assert.Equal(("b-intro.yarn", 6), (stale.File, stale.Line));
        Assert.Contains(export.Rows[2].Hash, stale.Message, StringComparison.Ordinal);

        Assert.Equal(8, reports[1].Of(TranslationIssueKind.Missing).Length);
        Assert.Equal(1.0 / 9, reports[1].Coverage, 6);
    }

    [Fact]
    public void Check_AfterTheBaseTextChanges_FindsTheTranslationStale()
    {
        var before = Export();
        var table = StringTable.Create("fr", before.Rows.Select(r => new StringTableEntry(r.Id, r.Text, r.Character, r.Hash)));
        var edited = Sources.Select(s => new StorySource(s.Path, s.Text.Replace("Welcome.", "Welcome, traveller.", StringComparison.Ordinal))).ToArray();

        var after = StringTableExporter.Export(edited);
        var report = TranslationChecker.Check(after, table);

        Assert.Equal(["line:welcome"], report.Of(TranslationIssueKind.Stale).Select(i => i.Id));
    }

    [Fact]
    public void RecordingSheet_HasOneRowPerSpokenLine_ByCharacterThenReadingOrder_WithThePreviousLineAsContext()
    {
        var sheet = RecordingSheet.Create(Export());

        Assert.Equal(["Guard", "Hero", "Narrator"], sheet.Characters.ToArray());
        Assert.Equal(["line:halt", "line:willdo", "line:welcome", "line:friend", "line:walk", "line:later"], sheet.Rows.Select(r => r.Id));
        var willdo = sheet.Rows[1];
        Assert.Equal(("That will do.", "Bribe the guard", "b-intro.yarn", "Start", 7), (willdo.Text, willdo.Context, willdo.File, willdo.Node, willdo.Line));
        Assert.Equal(string.Empty, sheet.Rows[0].Context);
        Assert.Equal(string.Empty, sheet.Rows[2].Context);
        Assert.Equal("Guard: Halt! Who goes there?", sheet.Rows[3].Context);

        var csv = sheet.ToCsv();
        Assert.StartsWith("character,id,text,context,file,node,line\r\nGuard,line:halt,Halt! Who goes there?,,b-intro.yarn,Start,4\r\n", csv, StringComparison.Ordinal);
    }

    [BenchStoryFact]
    public void BenchStory_ExportsEveryLine_AndItsCsvRoundTripsThroughCore()
    {
        var text = File.ReadAllText(BenchStory.Path!);
        var tagged = LineTagger.Tag([new StorySource("gamebook_2000.yarn", text)]).Files[0].NewText!;

        var export = StringTableExporter.Export([new StorySource("gamebook_2000.yarn", tagged)]);

        Assert.True(export.Succeeded);
        Assert.Equal(export.Story!.Lines.Count, export.Rows.Length);
        Assert.DoesNotContain(export.Diagnostics, d => d.Code == LocalizationCodes.UnstableLineId);
        var read = StringTableCsv.Parse(export.ToCsv());
        Assert.True(read.Succeeded);
        Assert.Empty(TranslationChecker.Check(export, read.Table!).Issues);
        Assert.Equal(export.Rows.Count(r => r.Kind == StoryLineKind.Line && r.Character.Length > 0), RecordingSheet.Create(export).Rows.Length);
    }
}

/// <summary>What the exporter's CSV writer writes, Core's CSV reader reads back exactly, whatever the fields hold.</summary>
public class CsvRoundTripTests
{
    [Fact]
    public void RandomFieldsWithQuotesSeparatorsAndLineBreaks_RoundTrip()
    {
        const string alphabet = "a,\"\r\n ;\té";
        var field = Gen.Int[0, alphabet.Length - 1].Array[0, 20];
        Gen.Select(field, field).Sample((textIndexes, characterIndexes) =>
        {
            var text = new string([.. textIndexes.Select(i => alphabet[i])]);
            var character = new string([.. characterIndexes.Select(i => alphabet[i])]);
            var writer = new StringWriter();
            CsvWriter.WriteRecord(writer, ["language", "id", "text", "character"]);
            CsvWriter.WriteRecord(writer, ["fr", "line:a", text, character]);

            var read = StringTableCsv.Parse(writer.ToString());

            Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics));
            Assert.True(read.Table!.TryGetEntry("line:a", out var entry));
            Assert.Equal(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'), entry.Text);
            Assert.Equal(character.Trim(), entry.Character);
        }, iter: 3000);
    }
}

/// <summary>The CSV writer neutralises formula cells (CSV injection) and our reader gives back the exact texts; the export of a compiled story matches the compiling export.</summary>
public class StringTableCsvSafetyTests
{
    [Fact]
    public void Export_GuardsCellsThatStartAFormula_AndReadingItBackGivesTheTexts()
    {
        var source = new StorySource("f.yarn", """
            title: Start
            ---
            =HYPERLINK("http://evil.example", "click") #line:f1
            +33 is a phone number. #line:f2
            @everyone listen. #line:f3
            - Yes, she said. #line:f4
            '= stays text. #line:f5
            Plain line. #line:f6
            -> =cmd|' /C calc'!A0 #line:f7
                <<stop>>
            ===
            """);
        var export = StringTableExporter.Export([source]);
        Assert.True(export.Succeeded, string.Join("\n", export.Diagnostics));
        var csv = export.ToCsv();
        foreach (var record in csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var text = record.Split(',')[2].TrimStart('"');
            Assert.False(text.Length > 0 && text[0] is '=' or '+' or '-' or '@', $"an unguarded formula cell: {record}");
        }

        Assert.Contains(",'+33 is a phone number.,", csv, StringComparison.Ordinal);
        Assert.Contains(",''= stays text.,", csv, StringComparison.Ordinal);
        Assert.Contains(",Plain line.,", csv, StringComparison.Ordinal);

        var read = StringTableCsv.Parse(csv);
        Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics));
        foreach (var row in export.Rows)
        {
            Assert.True(read.Table!.TryGetEntry(row.Id, out var entry), row.Id);
            Assert.Equal(row.Text, entry.Text);
        }
    }

    [Fact]
    public void RandomLineTexts_RoundTripThroughTheCsv_ExactlyAndNeverAsFormulas()
    {
        var start = Gen.OneOf(Gen.Const("="), Gen.Const("+"), Gen.Const("-"), Gen.Const("@"), Gen.Const("'"), Gen.Const("''="), Gen.Const("'@"), Gen.Const(""));
        var body = Gen.Char["a-zA-Z0-9 ,;\"'=+-@!?.()|éü"].Array[1, 30].Select(c => new string(c).Trim());
        var lines = Gen.Select(start, body).Select((a, b) => a + b).Where(t => t.Length > 0 && !t.StartsWith("->", StringComparison.Ordinal) && !t.StartsWith("=>", StringComparison.Ordinal)
            && !t.StartsWith("===", StringComparison.Ordinal) && !t.StartsWith("---", StringComparison.Ordinal) && !t.Contains("//", StringComparison.Ordinal)).Array[1, 12];
        lines.Sample(texts =>
        {
            var yarn = new StringBuilder("title: Start\n---\n");
            for (var i = 0; i < texts.Length; i++)
            {
                yarn.Append(texts[i]).Append(" #line:r").Append(i).Append('\n');
            }

            yarn.Append("===\n");
            var export = StringTableExporter.Export([new StorySource("r.yarn", yarn.ToString())]);
            if (!export.Succeeded)
            {
                return; // a text the language reads otherwise (the generator does not know every rule); nothing to round-trip
            }

            var csv = export.ToCsv();
            var read = StringTableCsv.Parse(csv);
            Assert.True(read.Succeeded, string.Join("\n", read.Diagnostics) + "\n" + csv);
            foreach (var row in export.Rows)
            {
                Assert.True(read.Table!.TryGetEntry(row.Id, out var entry), row.Id);
                Assert.Equal(row.Text, entry.Text);
                var cell = StringTableCsv.GuardFormula(row.Text);
                Assert.False(cell[0] is '=' or '+' or '-' or '@');
            }
        }, iter: 300);
    }

    [Fact]
    public void ExportOfACompiledStory_GivesTheSameRowsAsTheCompilingExport()
    {
        var sources = new[]
        {
            new StorySource("a.yarn", "title: Start\n---\n<<declare $n = 2>>\nGuard: You owe {$n} coins. #line:owe // the guard\nUntagged.\n-> Pay #line:pay\n    <<jump B>>\n===\n"),
            new StorySource("b.yarn", "title: B\n---\nThanks. #line:thanks\n===\n"),
        };
        var compiling = StringTableExporter.Export(sources);
        var story = StoryCompiler.Compile(sources).Story!;
        var compiled = StringTableExporter.ExportCompiled(story, sources);
        Assert.Equal(compiling.Rows.Select(r => r.ToString()), compiled.Rows.Select(r => r.ToString()));
        Assert.Equal(compiling.ToCsv(), compiled.ToCsv());
        Assert.Equal(compiling.Diagnostics.Where(d => d.Code == LocalizationCodes.UnstableLineId).Select(d => d.ToString()),
            compiled.Diagnostics.Select(d => d.ToString()));
        Assert.Same(story, compiled.Story);
    }
}
