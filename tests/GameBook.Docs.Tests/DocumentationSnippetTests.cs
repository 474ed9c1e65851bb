using System.Text.RegularExpressions;

namespace GameBook.Docs.Tests;

/// <summary>
/// Holds the documentation to the compiler: every <c>```csharp</c> block of <c>docs/*.md</c> and <c>src/*/README.md</c>
/// must be, line for line (indentation aside), the body of a <c>#region doc: path</c> in <c>Snippets/*.cs</c>, which this
/// project compiles against the real packages. A block's leading <c>using</c> directives must be among its file's.
/// </summary>
public partial class DocumentationSnippetTests
{
    private static readonly string Root = FindRepositoryRoot();

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var path in DocumentPaths())
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryCSharpBlock_IsCompiledAsASnippet(string document)
    {
        var regions = Regions().Where(r => r.Document == document).ToList();
        var blocks = CSharpBlocks(File.ReadAllText(Path.Combine(Root, document)));
        var unmatched = new List<string>();
        foreach (var (line, code) in blocks)
        {
            var (usings, body) = SplitUsings(code);
            var region = regions.FirstOrDefault(r => r.Body == body);
            if (region is null)
            {
                unmatched.Add($"{document}({line}): no Snippets/*.cs region `#region doc: {document}` has this block's text:\n{body}");
                continue;
            }

            regions.Remove(region);
            foreach (var directive in usings)
            {
                if (!region.FileUsings.Contains(directive))
                {
                    unmatched.Add($"{document}({line}): the block says `{directive}` but {region.File} does not.");
                }
            }
        }

        foreach (var stale in regions)
        {
            unmatched.Add($"{stale.File}: the region for {document} matches no block of the document any more:\n{stale.Body}");
        }

        Assert.True(unmatched.Count == 0, string.Join("\n\n", unmatched));
    }

    [Fact]
    public void EveryDocumentWithCSharp_IsChecked()
    {
        var documents = DocumentPaths().ToList();
        Assert.Contains("docs/workers.md", documents);
        Assert.Contains("src/GameBook.Workers/README.md", documents);
        Assert.All(Regions(), r => Assert.Contains(r.Document, documents));
    }

    private static IEnumerable<string> DocumentPaths()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "docs"), "*.md")
            .Concat(Directory.GetDirectories(Path.Combine(Root, "src")).Select(d => Path.Combine(d, "README.md")).Where(File.Exists));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            if (CSharpBlocks(File.ReadAllText(file)).Count > 0)
            {
                yield return Path.GetRelativePath(Root, file).Replace('\\', '/');
            }
        }
    }

    private static List<(int Line, string Code)> CSharpBlocks(string markdown)
    {
        var text = markdown.ReplaceLineEndings("\n");
        var blocks = new List<(int, string)>();
        foreach (Match m in CSharpBlock().Matches(text))
        {
            var line = text.AsSpan(0, m.Index).Count('\n') + 1;
            blocks.Add((line, Normalize(m.Groups["code"].Value)));
        }

        return blocks;
    }

    private sealed record Region(string Document, string File, string Body, HashSet<string> FileUsings);

    private static List<Region> Regions()
    {
        var regions = new List<Region>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "tests", "GameBook.Docs.Tests", "Snippets"), "*.cs"))
        {
            var text = File.ReadAllText(file).ReplaceLineEndings("\n");
            var usings = UsingDirective().Matches(text).Select(m => m.Value.Trim()).ToHashSet(StringComparer.Ordinal);
            foreach (Match m in SnippetRegion().Matches(text))
            {
                regions.Add(new Region(m.Groups["doc"].Value.Trim(), Path.GetFileName(file), Normalize(m.Groups["code"].Value), usings));
            }
        }

        return regions;
    }

    private static (List<string> Usings, string Body) SplitUsings(string code)
    {
        var lines = code.Split('\n').ToList();
        var usings = new List<string>();
        while (lines.Count > 0 && (lines[0].StartsWith("using ", StringComparison.Ordinal) && lines[0].EndsWith(';') && !lines[0].Contains('(') || lines[0].Length == 0))
        {
            if (lines[0].Length > 0)
            {
                usings.Add(lines[0]);
            }

            lines.RemoveAt(0);
        }

        return (usings, string.Join('\n', lines));
    }

    // Removes the common indentation and surrounding blank lines, and trailing spaces on each line.
    private static string Normalize(string code)
    {
        var lines = code.Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0)
        {
            lines.RemoveAt(0);
        }

        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l));
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the tests from inside the repository (GameBookStudio.sln not found above the test binaries).");
    }

    [GeneratedRegex(@"^[ \t]*```(?:csharp|cs|c#)[ \t]*\n(?<code>.*?)^[ \t]*```", RegexOptions.Singleline | RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^[ \t]*#region doc:(?<doc>[^\n]*)\n(?<code>.*?)^[ \t]*#endregion", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex SnippetRegion();

    [GeneratedRegex(@"^using [A-Za-z0-9_.]+;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();
}
