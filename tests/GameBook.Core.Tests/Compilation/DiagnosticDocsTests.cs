using System.Reflection;
using System.Text.RegularExpressions;
using GameBook.Compilation;
using GameBook.Core.Tests.Conformance;

namespace GameBook.Core.Tests.Compilation;

/// <summary>Keeps docs/diagnostics.md honest: every compiler code (GB0xxx) is documented, and every example produces its code. The analysis codes (GB1xxx) are checked by GameBook.Authoring.Tests.</summary>
public partial class DiagnosticDocsTests
{
    private static string ReadDocs()
    {
        var root = ConformanceSuite.FindRepositoryRoot() ?? throw new InvalidOperationException("Run the tests from inside the repository.");
        return File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));
    }

    /// <summary>Codes no short example can produce; the docs say why instead.</summary>
    private static readonly string[] CodesWithoutExample = [DiagnosticCodes.InternalError, DiagnosticCodes.TooManyErrors, DiagnosticCodes.NotText];

    private static IEnumerable<string> Codes() =>
        typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!);

    [Fact]
    public void DiagnosticCodes_AreUniqueAndSequential()
    {
        var codes = Codes().ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, codes.Count).Select(i => $"GB{i:D4}"), codes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Docs_ListEveryCode()
    {
        var docs = ReadDocs();

        Assert.All(Codes(), code => Assert.Contains($"## {code} ", docs, StringComparison.Ordinal));
    }

    [Fact]
    public void Docs_EveryExample_ProducesItsCode()
    {
        var sections = Section().Matches(ReadDocs());
        Assert.NotEmpty(sections);
        foreach (Match section in sections)
        {
            var code = section.Groups["code"].Value;
            var body = section.Groups["body"].Value;
            var example = Example().Match(body);
            if (!example.Success)
            {
                Assert.Contains(code, CodesWithoutExample);
                Assert.Contains("No example:", body, StringComparison.Ordinal);
                continue;
            }

            var depth = DepthOption().Match(body);
            var options = new CompileOptions { MaxNestingDepth = depth.Success ? int.Parse(depth.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 128 };
            var text = example.Groups[1].Value;
            var result = StoryCompiler.Compile("example.yarn", text, options);

            Assert.True(result.Diagnostics.Any(d => d.Code == code), $"{code}: got {string.Join("; ", result.Diagnostics)}");
            Assert.All(result.Diagnostics, d => DiagnosticAssert.HasValidRange(d, text));
        }
    }

    [GeneratedRegex(@"^## (?<code>GB0\d{3}) \w+\n(?<body>.*?)(?=^#{1,2} |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex(@"```yarn\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Example();

    [GeneratedRegex(@"<!-- options: MaxNestingDepth=(\d+) -->")]
    private static partial Regex DepthOption();
}
