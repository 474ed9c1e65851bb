using System.Text.Json;
using CsCheck;

namespace GameBook.Samples.Tests;

/// <summary>graph, export and import on small fixture stories and the ../shared sample files.</summary>
public class ExportCommandsTests
{
    private const string Fork = """
        title: Start
        ---
        A fork in the road.
        -> Left
            <<jump Treasure>>
        -> Right
            <<jump Pit>>
        ===
        title: Treasure
        tags: ending
        ---
        You find the gold.
        ===
        title: Pit
        tags: death
        ---
        You fall.
        ===
        """;

    private const string Broken = """
        title: Start
        ---
        <<jump Nowhere>>
        ===
        """;

    [Fact]
    public void Graph_writes_dot_and_mermaid_to_standard_output()
    {
        using var fixture = new StoryFixture();
        var story = fixture.Write("fork.yarn", Fork);

        var dot = Tool.Run("", "graph", story, "--format", "dot");
        var mermaid = Tool.Run("", "graph", story, "--format", "mermaid");

        Assert.Equal((0, ""), (dot.Exit, dot.Error));
        Assert.StartsWith("digraph", dot.Output, StringComparison.Ordinal);
        Assert.Contains("Treasure", dot.Output, StringComparison.Ordinal);
        Assert.Equal((0, ""), (mermaid.Exit, mermaid.Error));
        Assert.StartsWith("flowchart TD\n", mermaid.Output, StringComparison.Ordinal);
        Assert.Contains("-->|\"Left\"|", mermaid.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_with_output_writes_the_file_atomically_and_prints_nothing()
    {
        using var fixture = new StoryFixture();
        var story = fixture.Write("fork.yarn", Fork);
        var target = fixture.Write("fork.dot", "old contents");

        var (exit, output, error) = Tool.Run("", "graph", story, "--format", "dot", "-o", target);

        Assert.Equal((0, "", ""), (exit, output, error));
        Assert.StartsWith("digraph", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.Equal(["fork.dot", "fork.yarn"], Directory.GetFiles(fixture.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("graph", "--format", "png")]
    [InlineData("export", "--format", "docx")]
    public void A_bad_format_is_a_usage_error_naming_the_choices(string command, string option, string value)
    {
        using var fixture = new StoryFixture();
        var story = fixture.Write("fork.yarn", Fork);

        var (exit, output, error) = Tool.Run("", command, story, option, value);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"'{value}' is not a value --format knows: use ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("graph", "dot")]
    [InlineData("export", "markdown")]
    public void A_missing_file_is_a_usage_error_and_a_story_with_errors_is_exit_1(string command, string format)
    {
        using var fixture = new StoryFixture();
        var broken = fixture.Write("broken.yarn", Broken);

        var missing = Tool.Run("", command, Path.Combine(fixture.Directory, "absent.yarn"), "--format", format);
        var errors = Tool.Run("", command, broken, "--format", format);

        Assert.Equal(2, missing.Exit);
        Assert.Contains("absent.yarn': the file does not exist.", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, errors.Exit);
        Assert.Equal("", errors.Output);
        Assert.Contains("broken.yarn(3,", errors.Error, StringComparison.Ordinal);
        Assert.Contains("Nowhere", errors.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_markdown_numbers_sections_and_html_is_one_page()
    {
        using var fixture = new StoryFixture();
        var story = fixture.Write("fork.yarn", Fork);

        var markdown = Tool.Run("", "export", story, "--format", "markdown");
        var html = Tool.Run("", "export", story, "--format", "html");

        Assert.Equal((0, ""), (markdown.Exit, markdown.Error));
        Assert.Contains("## 1\n\nA fork in the road.", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("- *Left*: turn to [2](#s2).", markdown.Output, StringComparison.Ordinal);
        Assert.Equal((0, ""), (html.Exit, html.Error));
        Assert.Contains("<html", html.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("You find the gold.", html.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_json_is_the_story_document()
    {
        using var fixture = new StoryFixture();
        var story = fixture.Write("fork.yarn", Fork);

        var (exit, output, error) = Tool.Run("", "export", story, "--format", "json");

        Assert.Equal((0, ""), (exit, error));
        using var document = JsonDocument.Parse(output);
        Assert.Equal("gamebook-story", document.RootElement.GetProperty("format").GetString());
        Assert.Equal(["Start", "Treasure", "Pit"], document.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("title").GetString()));
    }

    [Fact]
    public void Export_shuffle_is_reproducible_and_the_numbers_file_keeps_numbers_after_an_edit()
    {
        using var fixture = new StoryFixture();
        var nodes = string.Concat(Enumerable.Range(1, 12).Select(i => $"title: Room{i}\n---\nRoom {i}.\n-> On\n    <<jump Room{(i % 12) + 1}>>\n===\n"));
        var story = fixture.Write("rooms.yarn", "title: Start\n---\n-> Go\n    <<jump Room1>>\n===\n" + nodes);
        var map = Path.Combine(fixture.Directory, "rooms.numbers");

        var first = Tool.Run("", "export", story, "--format", "markdown", "--shuffle", "2026", "--numbers", map);
        var again = Tool.Run("", "export", story, "--format", "markdown", "--shuffle", "2026");
        var numbers = File.ReadAllText(map);
        fixture.Write("rooms.yarn", "title: Start\n---\n-> Go\n    <<jump Room1>>\n-> Other\n    <<jump Extra>>\n===\ntitle: Extra\n---\nNew.\n===\n" + nodes);
        var edited = Tool.Run("", "export", story, "--format", "markdown", "--shuffle", "99", "--numbers", map);

        Assert.Equal((0, ""), (first.Exit, first.Error));
        Assert.Equal(first.Output, again.Output);
        Assert.StartsWith("# GameBook section numbers v1", numbers, StringComparison.Ordinal);
        Assert.Contains("1\tStart\n", numbers, StringComparison.Ordinal);
        Assert.NotEqual(Enumerable.Range(1, 12).Select(i => $"Room{i}"), Capture.Lines(numbers).Skip(2).Select(l => l.Split('\t')[1]));
        Assert.Equal(0, edited.Exit);
        var after = File.ReadAllText(map);
        foreach (var line in Capture.Lines(numbers).Skip(1))
        {
            Assert.Contains(line + "\n", after, StringComparison.Ordinal);
        }

        Assert.Contains("\tExtra\n", after, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_reports_malformed_number_map_lines_and_still_exports()
    {
        using var fixture = new StoryFixture();
        var story = fixture.Write("fork.yarn", Fork);
        var map = fixture.Write("fork.numbers", "# GameBook section numbers v1\nnot a line\n3\tTreasure\n");

        var (exit, output, error) = Tool.Run("", "export", story, "--format", "markdown", "--numbers", map);

        Assert.Equal(0, exit);
        Assert.Contains($"{map}: warning: line 2: expected", error, StringComparison.Ordinal);
        Assert.Contains("## 3\n\nYou find the gold.", output, StringComparison.Ordinal);
        Assert.Contains("3\tTreasure\n", File.ReadAllText(map), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_pdf_needs_an_output_file_and_json_refuses_numbering_options()
    {
        using var fixture = new StoryFixture();
        var story = fixture.Write("fork.yarn", Fork);

        var pdf = Tool.Run("", "export", story, "--format", "pdf");
        var json = Tool.Run("", "export", story, "--format", "json", "--shuffle", "3");

        Assert.Equal((2, ""), (pdf.Exit, pdf.Output));
        Assert.Contains("give a file with -o", pdf.Error, StringComparison.Ordinal);
        Assert.Equal((2, ""), (json.Exit, json.Output));
        Assert.Contains("--shuffle and --numbers", json.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_pdf_writes_a_pdf_or_says_which_font_is_missing()
    {
        using var fixture = new StoryFixture();
        var story = fixture.Write("fork.yarn", Fork);
        var target = Path.Combine(fixture.Directory, "fork.pdf");

        var (exit, output, error) = Tool.Run("", "export", story, "--format", "pdf", "-o", target);

        Assert.Equal("", output);
        if (exit == 0)
        {
            Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(target), 0, 5));
        }
        else
        {
            // No serif font on this machine: the exporter's error, one line, and no file.
            Assert.Equal(2, exit);
            Assert.StartsWith("error: ", error, StringComparison.Ordinal);
            Assert.False(File.Exists(target));
        }
    }

    [Fact]
    public void Export_to_a_missing_folder_is_a_usage_error()
    {
        using var fixture = new StoryFixture();
        var story = fixture.Write("fork.yarn", Fork);

        var (exit, _, error) = Tool.Run("", "export", story, "--format", "html", "-o", Path.Combine(fixture.Directory, "no", "book.html"));

        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [SharedSamplesFact]
    public void Import_twee_prints_yarn_that_compiles_and_warnings_positioned_in_the_input()
    {
        using var fixture = new StoryFixture();
        var twee = SharedSamples.File("lighthouse.twee");
        var target = Path.Combine(fixture.Directory, "lighthouse.yarn");

        var printed = Tool.Run("", "import", twee, "--from", "twee");
        var written = Tool.Run("", "import", twee, "--from", "twee", "-o", target);
        var check = Tool.Run("", "check", target);

        Assert.Equal(0, printed.Exit);
        Assert.Contains("title: Start", printed.Output, StringComparison.Ordinal);
        Assert.Matches(@"lighthouse\.twee\(\d+,\d+\): warning GB3\d\d\d: ", printed.Error);
        Assert.Equal((0, ""), (written.Exit, written.Output));
        Assert.Equal(printed.Output, File.ReadAllText(target).ReplaceLineEndings("\n"));
        Assert.Equal(0, check.Exit);
    }

    [SharedSamplesFact]
    public void Import_gamebook_studio_writes_yarn_that_compiles()
    {
        using var fixture = new StoryFixture();
        var target = Path.Combine(fixture.Directory, "salt.yarn");

        var (exit, output, error) = Tool.Run("", "import", SharedSamples.File("original-gamebook-studio.json"), "--from", "gamebook-studio", "-o", target);
        var check = Tool.Run("", "check", target);

        Assert.Equal((0, ""), (exit, output));
        Assert.Matches(@"original-gamebook-studio\.json\(\d+,\d+\): warning GB3006: ", error);
        Assert.Equal(0, check.Exit);
    }

    [Fact]
    public void Import_of_malformed_json_is_exit_1_with_the_position_and_writes_nothing()
    {
        using var fixture = new StoryFixture();
        var bad = fixture.Write("bad.json", "{\"paragraphs\": [\n");
        var target = Path.Combine(fixture.Directory, "bad.yarn");

        var (exit, output, error) = Tool.Run("", "import", bad, "--from", "gamebook-studio", "-o", target);

        Assert.Equal((1, ""), (exit, output));
        Assert.Contains($"{bad}(2,1): error GB3001: ", error, StringComparison.Ordinal);
        Assert.EndsWith("1 error, 0 warnings. Nothing was written.\n", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Import_bad_arguments_are_usage_errors()
    {
        using var fixture = new StoryFixture();
        var twee = fixture.Write("s.twee", ":: Start\nHello.\n");

        var badFrom = Tool.Run("", "import", twee, "--from", "ink");
        var noFrom = Tool.Run("", "import", twee);
        var missing = Tool.Run("", "import", Path.Combine(fixture.Directory, "absent.twee"), "--from", "twee");
        var directory = Tool.Run("", "import", fixture.Directory, "--from", "twee");

        Assert.Equal(2, badFrom.Exit);
        Assert.Contains("'ink' is not a value --from knows: use gamebook-studio or twee.", badFrom.Error, StringComparison.Ordinal);
        Assert.Equal(2, noFrom.Exit);
        Assert.Contains("--from", noFrom.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("absent.twee': the file does not exist.", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, directory.Exit);
        Assert.Contains("it is a directory, not a file", directory.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_of_random_input_never_crashes_and_exits_0_or_1()
    {
        using var fixture = new StoryFixture();
        Gen.Select(Gen.String[Gen.Char[" \n:[]{}<>|\"$-=abc1\u00e9\uFEFF"], 0, 200], Gen.Bool).Sample((text, twee) =>
        {
            // CsCheck runs iterations on several threads at once: each needs its own file.
            var path = Path.Combine(fixture.Directory, $"random-{Guid.NewGuid():N}.in");
            File.WriteAllText(path, text);
            var (exit, _, error) = Tool.Run("", "import", path, "--from", twee ? "twee" : "gamebook-studio");
            return (exit == 0 || exit == 1) && !error.Contains("   at ", StringComparison.Ordinal);
        }, iter: 300);
    }
}

/// <summary>Finds ../shared/samples beside the repository root (the folder with GameBookStudio.sln).</summary>
internal static class SharedSamples
{
    private static readonly Lazy<string?> LazyDirectory = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                var samples = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "samples"));
                return System.IO.File.Exists(Path.Combine(samples, "lighthouse.twee")) && System.IO.File.Exists(Path.Combine(samples, "original-gamebook-studio.json")) ? samples : null;
            }
        }

        return null;
    });

    public static string? SkipReason => LazyDirectory.Value is null
        ? "The import samples are absent: ../shared/samples (lighthouse.twee, original-gamebook-studio.json) beside the repository root (../shared) is absent."
        : null;

    public static string File(string name) => Path.Combine(LazyDirectory.Value ?? throw new InvalidOperationException(SkipReason), name);
}

/// <summary>A fact skipped (with the reason) when ../shared/samples is absent.</summary>
public sealed class SharedSamplesFactAttribute : FactAttribute
{
    public SharedSamplesFactAttribute()
    {
        Skip = SharedSamples.SkipReason;
    }
}
