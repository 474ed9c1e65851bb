namespace GameBook.Samples.Tests;

/// <summary>gamebook lines add, check, export, import and recording-sheet on small fixture stories.</summary>
public class LinesCommandTests
{
    private const string Untagged = "title: Start\r\n---\r\n// the keeper speaks\r\nOrla: Keep the light, child. #line:orla1\r\nThe wind rises.\r\n-> Climb\r\n    Orla: Careful on the stair.\r\n===\r\n";

    /// <summary>Writes the bytes as given (the fixture's Write normalizes line endings; these tests keep CRLF).</summary>
    private static string WriteExactly(StoryFixture fixture, string text)
    {
        var path = Path.Combine(fixture.Directory, "tower.yarn");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Check_ListsUntaggedLines_WritesNothing_AndFails()
    {
        using var fixture = new StoryFixture();
        var path = WriteExactly(fixture, Untagged);

        var (exit, output, _) = Tool.Run("", "lines", "check", path);

        Assert.Equal(1, exit);
        Assert.Contains("3 line(s) without an ID, 1 with one.", output, StringComparison.Ordinal);
        Assert.Contains("tower.yarn(5,", output, StringComparison.Ordinal); // The wind rises.
        Assert.Equal(Untagged, File.ReadAllText(path));
    }

    [Fact]
    public void Add_TagsInPlace_KeepsEveryOtherByte_AndIsIdempotent()
    {
        using var fixture = new StoryFixture();
        var path = WriteExactly(fixture, Untagged);

        var (exit, output, _) = Tool.Run("", "lines", "add", path);

        Assert.Equal(0, exit);
        Assert.Contains("3 ID(s) added, 1 line(s) already had one.", output, StringComparison.Ordinal);
        var tagged = File.ReadAllText(path);
        Assert.Contains("#line:orla1\r\n", tagged, StringComparison.Ordinal);
        Assert.Contains("// the keeper speaks\r\n", tagged, StringComparison.Ordinal);
        Assert.Equal(Untagged.Split("\r\n").Length, tagged.Split("\r\n").Length);
        Assert.Equal(0, Tool.Run("", "lines", "check", path).Exit);

        var again = Tool.Run("", "lines", "add", path);
        Assert.Equal(0, again.Exit);
        Assert.Equal(tagged, File.ReadAllText(path));
    }

    [Fact]
    public void Export_ThenImport_ReportsTheTranslationsGaps()
    {
        using var fixture = new StoryFixture();
        var path = WriteExactly(fixture, Untagged);
        Assert.Equal(0, Tool.Run("", "lines", "add", path).Exit);
        var csv = Path.Combine(fixture.Directory, "en.csv");

        var export = Tool.Run("", "lines", "export", path, "-o", csv);

        Assert.Equal(0, export.Exit);
        var rows = File.ReadAllLines(csv);
        Assert.StartsWith("language,id,text,character", rows[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(5, rows.Length); // header, three lines, one option
        Assert.Contains(rows, r => r.Contains("line:orla1", StringComparison.Ordinal) && r.Contains("Keep the light, child.", StringComparison.Ordinal));

        // A French table with one line translated; the others are missing.
        var french = Path.Combine(fixture.Directory, "fr.csv");
        var orla = rows.Single(r => r.Contains("line:orla1", StringComparison.Ordinal)).Split(',');
        File.WriteAllText(french, $"language,id,text,hash\nfr,line:orla1,\"Garde la lumière, enfant.\",{orla[^1]}\n");
        var import = Tool.Run("", "lines", "import", path, "--csv", french);

        Assert.Equal(0, import.Exit);
        Assert.Contains("fr: 1/4 translated, 3 missing, 0 stale", import.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_MalformedCsv_ReportsRowAndColumn_AndFails()
    {
        using var fixture = new StoryFixture();
        var path = WriteExactly(fixture, Untagged);
        var broken = Path.Combine(fixture.Directory, "broken.csv");
        File.WriteAllText(broken, "language,id,text\nfr,line:orla1,\"never closed\n");

        var (exit, output, error) = Tool.Run("", "lines", "import", path, "--csv", broken);

        Assert.Equal(1, exit);
        Assert.Contains("broken.csv(", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordingSheet_ListsSpokenLinesByCharacter()
    {
        using var fixture = new StoryFixture();
        var path = WriteExactly(fixture, Untagged);

        var (exit, output, _) = Tool.Run("", "lines", "recording-sheet", path);

        Assert.Equal(0, exit);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("character,id,text,context", rows[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Equal(3, rows.Length); // header and Orla's two lines; narration is not spoken
        Assert.All(rows.Skip(1), r => Assert.StartsWith("Orla,", r, StringComparison.Ordinal));
    }

    [Fact]
    public void MissingFiles_AreUsageErrors_WithoutAStackTrace()
    {
        var (exit, output, error) = Tool.Run("", "lines", "add", "/no/such/story.yarn");

        Assert.Equal(2, exit);
        Assert.Contains("/no/such/story.yarn", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.Equal(2, Tool.Run("", "lines", "import", "/no/such/story.yarn", "--csv", "x.csv").Exit);
    }
}
