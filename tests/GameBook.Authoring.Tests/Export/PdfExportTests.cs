using System.Diagnostics;
using GameBook.Authoring.Export.Print;

namespace GameBook.Authoring.Tests.Export;

/// <summary>Checks PDFs as a reader gets them: rendered by poppler (<c>pdftotext</c>, <c>pdftoppm</c>), skipped when those are absent.</summary>
public sealed class PdfExportTests
{
    [PopplerFact]
    public void ExportPdf_TowerStoryA5_HasATitlePageSectionsAndRunningNumbers()
    {
        var result = PrintExporter.ExportPdf(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { Title = "The Tower", Author = "A. Writer" });
        Assert.True(result.Success, result.Error);
        var dir = Directory.CreateTempSubdirectory("gamebook-pdf-");
        try
        {
            var pdf = Path.Combine(dir.FullName, "tower.pdf");
            File.WriteAllBytes(pdf, result.Bytes.ToArray());
            var info = Poppler.Run("pdfinfo", pdf);
            Assert.Contains("Title:           The Tower", info, StringComparison.Ordinal);
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(info, @"Page size:\s+4(19\.\d+|20) x 595(\.\d+)? pts"), info);
            var pages = Poppler.Pages(pdf);
            Assert.Equal(3, pages.Count);
            Assert.Contains("The Tower", pages[0], StringComparison.Ordinal);
            Assert.Contains("Begin at section 1.", pages[0], StringComparison.Ordinal);
            Assert.StartsWith("1–", pages[1].TrimStart(), StringComparison.Ordinal); // running section numbers
            var headOfLast = pages[2].TrimStart();
            Assert.Matches(@"^\d+(–\d+)?\s", headOfLast);
            Assert.EndsWith("8", headOfLast[..headOfLast.IndexOfAny([' ', '\n'])], StringComparison.Ordinal);
            var body = Poppler.Flat(pages[1] + " " + pages[2]);
            Assert.Contains("You stand at the foot of the old tower.", body, StringComparison.Ordinal);
            Assert.Contains("Knock on the door: turn to 2.", body, StringComparison.Ordinal);
            Assert.Contains("If you have the lantern, turn to 3; otherwise turn to 5.", body, StringComparison.Ordinal);
            Assert.Contains("roll two dice: 7 or more, turn to 6; otherwise turn to 5.", body, StringComparison.Ordinal);
            Assert.Contains("The End", body, StringComparison.Ordinal);

            Poppler.Run("pdftoppm", "-r", "60", "-png", pdf, Path.Combine(dir.FullName, "page"));
            var images = Directory.GetFiles(dir.FullName, "page*.png").Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(3, images.Length);
            Assert.All(images, i => Assert.True(new FileInfo(i).Length > 1000));
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("GAMEBOOK_KEEP_TEST_PDF") is null)
            {
                dir.Delete(recursive: true);
            }
        }
    }

    [PopplerFact]
    public void ExportPdf_LetterWithPageBreaks_PutsEachSectionOnItsOwnPage()
    {
        var result = PrintExporter.ExportPdf(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { PageSize = PrintPageSize.Letter, PageBreakBetweenSections = true });
        Assert.True(result.Success, result.Error);
        var pdf = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(pdf, result.Bytes.ToArray());
            var info = Poppler.Run("pdfinfo", pdf);
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(info, @"Page size:\s+612 x 792 pts"), info);
            var pages = Poppler.Pages(pdf);
            Assert.Equal(1 + 8, pages.Count);
            for (var section = 1; section <= 8; section++)
            {
                Assert.StartsWith(section.ToString(System.Globalization.CultureInfo.InvariantCulture), pages[section].TrimStart(), StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(pdf);
        }
    }

    [PopplerFact]
    public void ExportPdf_LongSectionsAndHugeWords_FlowOntoMorePagesWithContinuingHeaders()
    {
        var words = string.Join(' ', Enumerable.Range(0, 400).Select(i => "word" + i));
        var huge = new string('x', 3000);
        var story = ExportFixtures.Compile($"title: Start\n---\n{words}\n{huge}\n-> On\n    <<jump Next>>\n===\ntitle: Next\ntags: ending\n---\nDone.\n===\n");
        var result = PrintExporter.ExportPdf(story);
        Assert.True(result.Success, result.Error);
        var pdf = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(pdf, result.Bytes.ToArray());
            var pages = Poppler.Pages(pdf);
            Assert.True(pages.Count >= 4, $"{pages.Count} pages");
            Assert.StartsWith("1", pages[2].TrimStart(), StringComparison.Ordinal); // section 1 continues: its number heads the page
            var text = string.Concat(pages);
            Assert.Contains("word0 word1 word2", Poppler.Flat(text), StringComparison.Ordinal);
            Assert.Contains("word399", text, StringComparison.Ordinal);
            Assert.Equal(3000, text.Count(c => c == 'x'));
        }
        finally
        {
            File.Delete(pdf);
        }
    }

    [Fact]
    public void ExportPdf_MissingFontFile_IsAClearErrorNotAnException()
    {
        var result = PrintExporter.ExportPdf(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { FontFile = "/no/such/font.ttf" });
        Assert.False(result.Success);
        Assert.Contains("/no/such/font.ttf", result.Error, StringComparison.Ordinal);
        Assert.Contains("PrintOptions.FontFile", result.Error, StringComparison.Ordinal);
        Assert.True(result.Bytes.IsEmpty);
    }

    [Fact]
    public void ExportPdf_FontFileThatIsNotAFont_IsAClearError()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "this is not a font, just some text that is long enough");
            var result = PrintExporter.ExportPdf(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { FontFile = file });
            Assert.False(result.Success);
            Assert.Contains("not a TrueType or OpenType font", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}

/// <summary>A fact skipped, saying why, when poppler-utils (<c>pdftotext</c>, <c>pdftoppm</c>, <c>pdfinfo</c>) is not installed.</summary>
public sealed class PopplerFactAttribute : FactAttribute
{
    public PopplerFactAttribute()
    {
        if (!Poppler.Available)
        {
            Skip = "poppler-utils (pdftotext, pdftoppm, pdfinfo) is not installed: apt-get install poppler-utils (.ci/run installs it).";
        }
    }
}

internal static class Poppler
{
    public static bool Available { get; } = new[] { "pdftotext", "pdftoppm", "pdfinfo" }.All(OnPath);

    /// <summary>The text of each page (pdftotext -layout splits pages with form feeds).</summary>
    public static List<string> Pages(string pdf)
    {
        var text = Run("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-");
        var pages = text.Split('\f').ToList();
        if (pages.Count > 0 && pages[^1].Trim().Length == 0)
        {
            pages.RemoveAt(pages.Count - 1);
        }

        return pages;
    }

    /// <summary>Text with every run of whitespace (line ends included) as one space, so wrapped sentences can be matched.</summary>
    public static string Flat(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    public static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {stderr.Result}");
        return output;
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool)));
}
