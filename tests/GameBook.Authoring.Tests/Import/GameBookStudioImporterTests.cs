using System.Text;
using System.Text.Json.Nodes;
using GameBook.Authoring.Import;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Authoring.Tests.Import;

public class GameBookStudioImporterTests
{
    private const string Small = """
        {
          "bookTitle": "Tiny",
          "author": "A",
          "lastEdited": "2024-01-01T00:00:00.000Z",
          "paragraphs": [
            { "id": 1, "title": "Gate", "content": "<p>You stand at the <b>gate</b>.</p><p>Note: it is late.</p>", "type": "nodo",
              "actions": [ { "text": "Go in", "N.Par.": "2" }, { "text": "", "N.Par.": "3" } ], "incomingConnections": [], "outgoingConnections": ["2","3"], "x": 1.5, "y": 2 },
            { "id": 2, "title": "Yard", "content": "A yard.\n-> not an option\n{$x} [b] #tag // no comment", "type": "finale", "actions": [], "tags": ["ending", "two words", "good"] },
            { "id": 3, "title": "Gate", "content": "<strong>Strong</strong> &amp; <u>under</u>", "type": "normale", "actions": [ { "text": "Back", "N.Par.": "1" } ] }
          ]
        }
        """;

    [Fact]
    public void Import_SmallProject_MakesOneNodePerParagraphWithSectionsOptionsAndEndings()
    {
        var result = GameBookStudioImporter.Import(Small);
        var compiled = ImportAssert.Compiles(result);
        var nodes = compiled.Story!.Outline!.Nodes;
        Assert.Equal(["Start", "Yard", "Gate"], nodes.Select(n => n.Title));
        Assert.Equal([1, 2, 3], nodes.Select(n => n.Section));
        Assert.True(nodes[1].IsEnding);
        Assert.Contains("-> Turn to 3\n    <<jump Gate>>", result.Yarn, StringComparison.Ordinal);
        Assert.Contains("You stand at the [b]gate[/b].\n", result.Yarn, StringComparison.Ordinal);
        Assert.Contains("Note\\: it is late.", result.Yarn, StringComparison.Ordinal);

        // Text that looks like Yarn is escaped and shown as written.
        var session = compiled.Story.CreateSession(new SessionOptions { StartNode = "Yard", Seed = 1 });
        var lines = new List<string>();
        for (var step = session.Next(); step.Kind == StepKind.Line; step = session.Next())
        {
            lines.Add(step.Line.Text);
        }

        Assert.Equal(["A yard.", "-> not an option", "{$x} [b] #tag // no comment"], lines);
        Assert.Contains(result.Diagnostics, d => d.Code == ImportCodes.EmptyActionText);
        Assert.Contains(result.Diagnostics, d => d.Code == ImportCodes.MarkupNotConverted && d.Message.Contains("<u>", StringComparison.Ordinal));
    }

    [Fact]
    public void Export_AfterImport_GivesBackEveryField()
    {
        var result = GameBookStudioImporter.Import(Small);
        var export = GameBookStudioExporter.Export([result.ToStorySource()]);
        Assert.False(export.HasErrors, string.Join("\n", export.Diagnostics));
        ImportAssert.SameJson(Small, export.Json!);
    }

    [Fact]
    public void Export_EditedOptionsAndLines_AreWrittenFromTheYarn()
    {
        var yarn = GameBookStudioImporter.Import(Small).Yarn!
            .Replace("-> Go in", "-> Walk in", StringComparison.Ordinal)
            .Replace("A yard.", "A [i]green[/i] yard.", StringComparison.Ordinal);
        var export = GameBookStudioExporter.Export([new StorySource("tiny.yarn", yarn)]);
        var json = JsonNode.Parse(export.Json!)!;
        var first = json["paragraphs"]![0]!;
        Assert.Equal("Walk in", (string?)first["actions"]![0]!["text"]);
        Assert.Equal("2", (string?)first["actions"]![0]!["N.Par."]);
        Assert.Equal("Turn to 3", (string?)first["actions"]![1]!["text"]);
        Assert.Equal(1.5, (double)first["x"]!);
        var second = json["paragraphs"]![1]!;
        Assert.StartsWith("<p>A <i>green</i> yard.</p>", (string?)second["content"], StringComparison.Ordinal);
        Assert.Equal("finale", (string?)second["type"]);
    }

    [Fact]
    public void Export_PlainYarnStory_NumbersNodesAndReportsWhatItCannotHold()
    {
        const string yarn = """
            title: Start
            ---
            <<set $gold to 5>>
            Hello.
            -> Left <<if $gold > 2>>
                <<jump Left>>
            ===
            title: Left
            tags: ending
            ---
            The end.
            ===
            """;
        var export = GameBookStudioExporter.Export([new StorySource("plain.yarn", yarn)], new GameBookStudioExportOptions { TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero)) });
        var json = JsonNode.Parse(export.Json!)!;
        Assert.Equal("plain", (string?)json["bookTitle"]);
        Assert.Equal("2026-12-01T10:00:00.000Z", (string?)json["lastEdited"]);
        Assert.Equal([1, 2], json["paragraphs"]!.AsArray().Select(p => (int)p!["id"]!));
        Assert.Equal("finale", (string?)json["paragraphs"]![1]!["type"]);
        Assert.Equal([1], json["paragraphs"]![1]!["incomingConnections"]!.AsArray().Select(x => (int)x!));
        Assert.Contains(export.Diagnostics, d => d.Code == ImportCodes.NotExportable && d.Range.StartLine == 3);
        Assert.Contains(export.Diagnostics, d => d.Code == ImportCodes.NotExportable && d.Message.Contains("condition", StringComparison.Ordinal));
        Assert.Equal(2, export.Diagnostics.Count(d => d.Code == ImportCodes.NumberAssigned));
    }

    [Fact]
    public void Import_BadFields_AreDiagnosticsWithPathAndPosition_AndTheYarnStillCompiles()
    {
        const string json = """
            {"bookTitle": "Bad", "paragraphs": [
              {"id": 1, "title": "One", "content": 5, "type": "nodo", "actions": [{"text": "a", "N.Par.": 2}, {"text": "b", "N.Par.": "99"}, 7]},
              {"id": 1, "title": 3, "content": "dup", "type": "weird", "actions": "none"},
              {"id": "x", "content": "no id", "actions": []},
              "not a paragraph",
              {"id": 2, "title": "Two", "content": "two", "type": "finale", "actions": [], "tags": "oops"}
            ]}
            """;
        var result = GameBookStudioImporter.Import(json, new GameBookStudioImportOptions { SourcePath = "bad.json" });
        ImportAssert.Compiles(result);
        ImportAssert.ValidRanges(result, json);
        var codes = result.Diagnostics.Select(d => d.Code).ToHashSet();
        Assert.Superset(new HashSet<string> { ImportCodes.WrongType, ImportCodes.Duplicate, ImportCodes.BrokenTarget, ImportCodes.MissingField, ImportCodes.UnknownParagraphType }, codes);
        var broken = Assert.Single(result.Diagnostics, d => d.Code == ImportCodes.BrokenTarget);
        Assert.Contains("paragraph 1", broken.Message, StringComparison.Ordinal);
        Assert.Contains("$.paragraphs[0].actions[1]", broken.Message, StringComparison.Ordinal);
        Assert.Equal(2, broken.Range.StartLine);
        Assert.Equal("bad.json", broken.File);
        var duplicate = Assert.Single(result.Diagnostics, d => d.Code == ImportCodes.Duplicate);
        Assert.Equal(3, duplicate.Range.StartLine);

        // The export keeps what it could not interpret, and the duplicate's number.
        var export = GameBookStudioExporter.Export([result.ToStorySource()]);
        var back = JsonNode.Parse(export.Json!)!["paragraphs"]!.AsArray();
        Assert.Equal(5, (int)back[0]!["content"]!);
        Assert.Equal(1, (int)back[1]!["id"]!);
        Assert.Equal("none", (string?)back[1]!["actions"]);
        Assert.Equal("weird", (string?)back[1]!["type"]);
        Assert.Equal("oops", (string?)back[3]!["tags"]);
    }

    [Theory]
    [InlineData("", ImportCodes.InvalidJson)]
    [InlineData("   ", ImportCodes.InvalidJson)]
    [InlineData("[1,2]", ImportCodes.InvalidProject)]
    [InlineData("{\"bookTitle\": \"x\"}", ImportCodes.InvalidProject)]
    [InlineData("{\"paragraphs\": {}}", ImportCodes.InvalidProject)]
    [InlineData("{\"paragraphs\": [ {\"id\": 1,", ImportCodes.InvalidJson)]
    [InlineData("{\"paragraphs\": []} trailing", ImportCodes.InvalidJson)]
    [InlineData("{\"paragraphs\": [], // comment\n}", ImportCodes.InvalidJson)]
    [InlineData("{\"paragraphs\": [{\"id\": 1, \"title\": \"\\ud800\"}]}", ImportCodes.InvalidJson)]
    public void Import_UnreadableInput_IsOneErrorAndNoYarn(string json, string code)
    {
        var result = GameBookStudioImporter.Import(json);
        Assert.Null(result.Yarn);
        Assert.True(result.HasErrors);
        Assert.Contains(result.Diagnostics, d => d.Code == code && d.Severity == DiagnosticSeverity.Error);
        ImportAssert.ValidRanges(result, json);
    }

    [Fact]
    public void Import_TruncatedJson_PointsAtTheEnd()
    {
        var json = "{\n  \"paragraphs\": [\n    {\"id\": 1, \"content\": \"abc";
        var d = Assert.Single(GameBookStudioImporter.Import(json).Diagnostics);
        Assert.Equal(ImportCodes.InvalidJson, d.Code);
        Assert.Equal(3, d.Range.StartLine);
    }

    [Fact]
    public void Import_DeeplyNestedMapSettings_IsAnErrorNotACrash()
    {
        var json = "{\"paragraphs\": [], \"mapSettings\": " + new string('[', 5000) + new string(']', 5000) + "}";
        var result = GameBookStudioImporter.Import(json);
        Assert.Null(result.Yarn);
        Assert.Contains(result.Diagnostics, d => d.Code == ImportCodes.InvalidJson);
    }

    [Fact]
    public void Import_NoParagraphs_KeepsTheBookForExport()
    {
        const string json = """{"bookTitle": "Empty", "author": "Nobody", "paragraphs": [], "mapSettings": {"zoom": 2}}""";
        var result = GameBookStudioImporter.Import(json);
        ImportAssert.Compiles(result);
        ImportAssert.SameJson(json, GameBookStudioExporter.Export([result.ToStorySource()]).Json!);
    }

    [Fact]
    public void Import_CyclesAndSelfLinks_AreOrdinaryOptions()
    {
        const string json = """{"bookTitle": "Loop", "paragraphs": [{"id": 1, "title": "A", "content": "a", "type": "nodo", "actions": [{"text": "again", "N.Par.": "1"}, {"text": "on", "N.Par.": "2"}]}, {"id": 2, "title": "B", "content": "b", "type": "normale", "actions": [{"text": "back", "N.Par.": "1"}]}]}""";
        var result = GameBookStudioImporter.Import(json);
        ImportAssert.Compiles(result);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity != DiagnosticSeverity.Info);
        ImportAssert.SameJson(json, GameBookStudioExporter.Export([result.ToStorySource()]).Json!);
    }

    [Fact]
    public void Import_HundredThousandParagraphsWithDuplicates_ReportsAndCapsDiagnostics()
    {
        var b = new StringBuilder("{\"bookTitle\": \"Big\", \"paragraphs\": [");
        for (var i = 1; i <= 100_000; i++)
        {
            var id = i % 10 == 0 ? i - 1 : i; // every tenth number repeats the one before
            b.Append(i == 1 ? "" : ",").Append("{\"id\":").Append(id).Append(",\"title\":\"P").Append(i).Append("\",\"content\":\"Text ").Append(i)
             .Append("\",\"type\":\"normale\",\"actions\":[{\"text\":\"Next\",\"N.Par.\":\"").Append(i + 1).Append("\"}]}");
        }

        b.Append("]}");
        var result = GameBookStudioImporter.Import(b.ToString(), new GameBookStudioImportOptions { MaxDiagnostics = 50 });
        Assert.NotNull(result.Yarn);
        Assert.Equal(100_000, CountOccurrences(result.Yarn!, "\ntitle: ") + (result.Yarn!.StartsWith("title: ", StringComparison.Ordinal) ? 1 : 0));
        Assert.Equal(51, result.Diagnostics.Length);
        Assert.Equal(ImportCodes.TooManyDiagnostics, result.Diagnostics[^1].Code);
        Assert.Contains(result.Diagnostics, d => d.Code == ImportCodes.Duplicate);
    }

    [Fact]
    public void Import_FiftyMegabyteContent_IsImportedAndExportedWhole()
    {
        var big = new string('x', 50 * 1024 * 1024);
        var json = "{\"bookTitle\": \"Huge\", \"paragraphs\": [{\"id\": 1, \"title\": \"Big\", \"content\": \"" + big + "\", \"type\": \"finale\", \"actions\": []}]}";
        var result = GameBookStudioImporter.Import(json);
        Assert.NotNull(result.Yarn);
        Assert.Contains(big, result.Yarn, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void WriteTo_ReplacesTheFileWhole_AndLeavesNoTemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("gbimport");
        try
        {
            var target = Path.Combine(folder.FullName, "book.yarn");
            File.WriteAllText(target, "old");
            var result = GameBookStudioImporter.Import(Small);
            result.WriteTo(target);
            Assert.Equal(result.Yarn, File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(folder.FullName));
            Assert.Throws<InvalidOperationException>(() => GameBookStudioImporter.Import("nope").WriteTo(target));
            Assert.Equal(result.Yarn, File.ReadAllText(target));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Import_Utf8BytesWithBom_AreRead()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Small)).ToArray();
        Assert.False(GameBookStudioImporter.Import(bytes).HasErrors);
        Assert.Contains(GameBookStudioImporter.Import([0xC3, 0x28]).Diagnostics, d => d.Code == ImportCodes.InvalidJson);
    }

    [SampleFact]
    public void Import_Sample_CompilesAndReportsItsFlaws()
    {
        var json = SharedSamples.Read("original-gamebook-studio.json");
        var result = GameBookStudioImporter.Import(json, new GameBookStudioImportOptions { SourcePath = "original-gamebook-studio.json" });
        var story = ImportAssert.Compiles(result).Story!;
        ImportAssert.ValidRanges(result, json);
        Assert.Equal("original-gamebook-studio.yarn", result.YarnPath);
        Assert.Equal(8, story.Outline!.Nodes.Length);
        Assert.Equal("Start", story.Outline.Nodes[0].Title);
        Assert.Equal([7, 5], story.Outline.Nodes.Where(n => n.IsEnding).Select(n => n.Section!.Value).OrderDescending());
        var broken = Assert.Single(result.Diagnostics, d => d.Code == ImportCodes.BrokenTarget);
        Assert.Contains("paragraph 6", broken.Message, StringComparison.Ordinal);
        Assert.Contains("'12'", broken.Message, StringComparison.Ordinal);
        Assert.Equal(json.Split('\n').ToList().FindIndex(l => l.Contains("\"12\"", StringComparison.Ordinal) && l.Contains("N.Par.", StringComparison.Ordinal)) + 1, broken.Range.StartLine);
        Assert.Contains(result.Diagnostics, d => d.Code == ImportCodes.EmptyActionText && d.Message.Contains("paragraph 6", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Code == ImportCodes.Unlinked && d.Message.Contains("paragraph 8", StringComparison.Ordinal));

        // The analysis agrees: paragraph 8 is unreachable.
        var report = Authoring.Analysis.StoryAnalyzer.Analyze([result.ToStorySource()]);
        Assert.Contains(report.Diagnostics, d => d.Code == Authoring.Analysis.AnalysisCodes.UnreachableNode && d.Message.Contains("Forgotten_camp", StringComparison.Ordinal));
    }

    [SampleFact]
    public void RoundTrip_Sample_KeepsEveryField()
    {
        var json = SharedSamples.Read("original-gamebook-studio.json");
        var result = GameBookStudioImporter.Import(json);
        var export = GameBookStudioExporter.Export([result.ToStorySource()]);
        Assert.DoesNotContain(export.Diagnostics, d => d.Severity != DiagnosticSeverity.Info);
        ImportAssert.SameJson(json, export.Json!);

        // Twice round is stable too, byte for byte.
        var again = GameBookStudioExporter.Export([GameBookStudioImporter.Import(export.Json!).ToStorySource()]);
        Assert.Equal(export.Json, again.Json);
    }

    private static int CountOccurrences(string s, string what)
    {
        var n = 0;
        for (var i = s.IndexOf(what, StringComparison.Ordinal); i >= 0; i = s.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
