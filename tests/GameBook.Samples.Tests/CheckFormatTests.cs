using System.Text.Json;
using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

public class CheckFormatTests
{
    private const string TwoErrors = "title: Start\n---\n<<set $x to >>\nHello {$y}\n===\n";

    [Fact]
    public void Check_Text_ShowsTheSourceLineWithCaretsUnderTheRange()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("bad.yarn", TwoErrors);

        var (exit, output, _) = Tool.Run("", "check", path);

        Assert.Equal(1, exit);
        var lines = output.Split('\n');
        Assert.StartsWith(path + "(3,13): error GB0009: ", lines[0], StringComparison.Ordinal);
        Assert.Equal(" 3 | <<set $x to >>", lines[1]);
        Assert.Equal("   |             ^", lines[2]);
        Assert.StartsWith(path + "(4,8): error GB0018: ", lines[3], StringComparison.Ordinal);
        Assert.Equal(" 4 | Hello {$y}", lines[4]);
        Assert.Equal("   |        ^^", lines[5]);
        Assert.Equal("2 errors, 0 warnings.", lines[6]);
    }

    [Fact]
    public void Check_Text_KeepsTabsSoCaretsLineUp()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("tab.yarn", "title: Start\n---\n\t<<set $x to >>\n===\n");

        var (_, output, _) = Tool.Run("", "check", path);

        Assert.Contains(" 3 | \t<<set $x to >>\n   | \t            ^\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Msbuild_PrintsTheWholeRangeOnOneLine()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("bad.yarn", TwoErrors);

        var (exit, output, _) = Tool.Run("", "check", "--format", "msbuild", path);

        Assert.Equal(1, exit);
        Assert.Matches(@"^" + System.Text.RegularExpressions.Regex.Escape(path) + @"\(4,8,4,10\): error GB0018: .+\n$", output.Split('\n')[1] + "\n");
        Assert.Equal(2, Capture.Lines(output).Length);
    }

    [Fact]
    public void Check_Json_HoldsCountsAndEachDiagnosticWithItsRange()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("bad.yarn", TwoErrors);

        var (exit, output, _) = Tool.Run("", "check", "--format", "json", path);

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal(2, root.GetProperty("errors").GetInt32());
        Assert.Equal(0, root.GetProperty("warnings").GetInt32());
        var second = root.GetProperty("diagnostics")[1];
        Assert.Equal(path, second.GetProperty("file").GetString());
        Assert.Equal("GB0018", second.GetProperty("code").GetString());
        Assert.Equal("error", second.GetProperty("severity").GetString());
        Assert.Equal((4, 8, 4, 10), (second.GetProperty("line").GetInt32(), second.GetProperty("column").GetInt32(), second.GetProperty("endLine").GetInt32(), second.GetProperty("endColumn").GetInt32()));
    }

    [Fact]
    public void Check_Sarif_HasTheShapeSarif210Requires()
    {
        using var fixture = new StoryFixture();
        var bad = fixture.Write("bad.yarn", TwoErrors);
        var path = fixture.Write("warn.yarn", "title: Start\n---\nHi.\n<<stop>>\n===\ntitle: Lost\n---\nNobody comes here.\n===\n");

        var errors = Tool.Run("", "check", "--format", "sarif", bad);
        var (exit, output, _) = Tool.Run("", "check", "--format", "sarif", "--warnings", path);

        Assert.Equal(1, errors.Exit);
        Assert.Equal(0, exit);
        using (var errorLog = JsonDocument.Parse(errors.Output))
        {
            var levels = errorLog.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("level").GetString()).ToList();
            Assert.Equal(["error", "error"], levels);
        }

        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.EndsWith("sarif-schema-2.1.0.json", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("gamebook", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "GB0009");
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "GB1001");
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString())));
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        foreach (var result in results)
        {
            var ruleId = result.GetProperty("ruleId").GetString();
            Assert.Equal(ruleId, rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "error", "warning", "note" });
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            var uri = location.GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            Assert.True(Uri.TryCreate(uri, UriKind.RelativeOrAbsolute, out _), uri);
            var region = location.GetProperty("region");
            Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
            Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
            Assert.True(region.GetProperty("endLine").GetInt32() >= region.GetProperty("startLine").GetInt32());
            Assert.True(region.GetProperty("endColumn").GetInt32() >= 1);
        }

        var warning = results.Single(r => r.GetProperty("ruleId").GetString() == "GB1001");
        Assert.Equal("warning", warning.GetProperty("level").GetString());
        Assert.Equal(new Uri(path).AbsoluteUri, warning.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Fact]
    public void Check_Sarif_RelativePaths_AreUrisUnderSrcRoot()
    {
        using var fixture = new StoryFixture();
        fixture.Write("my story.yarn", TwoErrors);
        var diagnostics = GameBook.Compilation.StoryCompiler.Compile([new GameBook.Compilation.StorySource("stories/my story.yarn", TwoErrors)]).Diagnostics;
        using var output = new StringWriter();

        DiagnosticSarif.Write(diagnostics, output, fixture.Directory);

        using var json = JsonDocument.Parse(output.ToString());
        var run = json.RootElement.GetProperty("runs")[0];
        var artifact = run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Equal("stories/my%20story.yarn", artifact.GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", artifact.GetProperty("uriBaseId").GetString());
        Assert.EndsWith("/", run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Warnings_AddsAnalysisWarningsWithoutFailing()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("ok.yarn", "title: Start\n---\nHi.\n<<stop>>\n===\ntitle: Lost\n---\nNobody comes here.\n===\n");

        var plain = Tool.Run("", "check", path);
        var analyzed = Tool.Run("", "check", "--warnings", path);

        Assert.Equal(0, plain.Exit);
        Assert.DoesNotContain("GB1001", plain.Output, StringComparison.Ordinal);
        Assert.Equal(0, analyzed.Exit);
        Assert.Contains(": warning GB1001: Node 'Lost'", analyzed.Output, StringComparison.Ordinal);
        Assert.Contains("0 errors, ", analyzed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnknownFormat_IsAUsageError()
    {
        using var fixture = new StoryFixture();
        var path = fixture.Write("ok.yarn", "title: Start\n---\nHi.\n===\n");

        var (exit, output, error) = Tool.Run("", "check", "--format", "xml", path);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains("gamebook check --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RandomText_AlwaysGivesValidSarifAndNoStackTrace()
    {
        using var fixture = new StoryFixture();
        var random = new Random(12345);
        const string alphabet = "title: Start\n---===<<>>{}$#->\"\\ abc123=\t";
        for (var i = 0; i < 60; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 200)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var path = fixture.Write($"fuzz{i}.yarn", text);

            var sarif = Tool.Run("", "check", "--format", "sarif", "-w", path);
            var human = Tool.Run("", "check", "-w", path);

            Assert.True(sarif.Exit is 0 or 1, $"exit {sarif.Exit}: {sarif.Error}");
            using var _ = JsonDocument.Parse(sarif.Output);
            Assert.DoesNotContain("   at ", human.Error, StringComparison.Ordinal);
            Assert.Equal("", human.Error);
        }
    }
}
