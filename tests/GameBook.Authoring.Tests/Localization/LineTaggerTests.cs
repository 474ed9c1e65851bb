using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using GameBook.Authoring.Localization;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Localization;

/// <summary>The line-ID tagger: adds IDs only where missing, unique across files, idempotent, every other byte kept.</summary>
public sealed partial class LineTaggerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gamebook-tagger-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Story = """
        // A file comment
        title: Start
        tags: intro
        ---
        <<declare $gold = 2>>
        Narrator: Hello there.
            Narrator: Indented line with {$gold} gold. // a comment for translators
        Already tagged. #line:keep01
        Tagged, with a condition <<if $gold > 1>> #line:keep02
        A line with a condition <<if $gold > 1>>
        A line with a hashtag #mood:happy
        Already tagged. #shadow:keep01
        A URL http:\/\/example.com and an escaped \# sign
        -> Option one
            Inside option.
        -> Option two <<if $gold > 5>> // why
        => Group item one
        => Group item two
        <<jump Start>>
        ===
        """;

    [GeneratedRegex(" #line:[0-9a-f]{8}")]
    private static partial Regex AddedTag();

    private static LineTagResult TagOne(string text, string path = "story.yarn", bool check = false) =>
        LineTagger.Tag([new StorySource(path, text)], new LineTagOptions { CheckOnly = check });

    [Fact]
    public void Tag_AddsIdsToUntaggedLinesOptionsAndGroupItems_Only()
    {
        var result = TagOne(Story);

        var tagged = result.Files[0].NewText!;
        Assert.Equal(10, result.AddedCount);
        Assert.Equal(2, result.TaggedLineCount);
        Assert.Empty(result.Diagnostics);
        Assert.Contains("Narrator: Hello there. #line:", tagged, StringComparison.Ordinal);
        Assert.Matches(@"gold\. #line:[0-9a-f]{8} // a comment for translators", tagged);
        Assert.Matches(@"<<if \$gold > 1>> #line:[0-9a-f]{8}\n", tagged);
        Assert.Matches(@"#mood:happy #line:[0-9a-f]{8}\n", tagged);
        Assert.Matches(@"-> Option two <<if \$gold > 5>> #line:[0-9a-f]{8} // why", tagged);
        Assert.Contains("Already tagged. #shadow:keep01\n", tagged, StringComparison.Ordinal);
        Assert.Contains("<<jump Start>>\n", tagged, StringComparison.Ordinal);
        Assert.Contains("tags: intro\n", tagged, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_KeepsEveryOtherByte()
    {
        var tagged = TagOne(Story).Files[0].NewText!;

        Assert.Equal(Story, AddedTag().Replace(tagged, string.Empty));
    }

    [Fact]
    public void Tag_TheTaggedStoryCompiles_AndEveryLineUsesItsTag()
    {
        var tagged = TagOne(Story).Files[0].NewText!;
        var compiled = StoryCompiler.Compile("story.yarn", tagged);

        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        // The shadow line keeps no ID of its own (the compiler generates one for it).
        // Generated IDs are line:{node}-{content hash}; the tagger's are line:{8 hex digits}.
        var ids = compiled.Story!.Lines.Select(l => l.Id).Where(id => !id.Contains('-', StringComparison.Ordinal)).ToList();
        Assert.Equal(compiled.Story.Lines.Count - 1, ids.Count);
        Assert.All(ids, id => Assert.Matches("^line:([0-9a-f]{8}|keep0[12])$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Tag_IsIdempotent_AndDeterministic()
    {
        var first = TagOne(Story).Files[0].NewText!;

        var second = TagOne(first);

        Assert.Equal(0, second.AddedCount);
        Assert.Null(second.Files[0].NewText);
        Assert.Equal(first, TagOne(Story).Files[0].NewText);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\n")]
    public void Tag_KeepsLineEndingsTabsAndTheByteOrderMark(string newline)
    {
        var text = "\uFEFF" + Story.Replace("\n", newline, StringComparison.Ordinal).Replace("    Narrator: Indented", "\tNarrator: Indented", StringComparison.Ordinal);

        var tagged = TagOne(text).Files[0].NewText!;

        Assert.Equal(text, AddedTag().Replace(tagged, string.Empty));
        Assert.StartsWith("\uFEFF", tagged, StringComparison.Ordinal);
        Assert.Matches(@"Hello there\. #line:[0-9a-f]{8}" + Regex.Escape(newline), tagged);
    }

    [Fact]
    public void Tag_IdsAreUniqueAcrossFiles_AndAvoidIdsTakenElsewhere()
    {
        const string a = "title: A\n---\nSame text.\nSame text.\n===\n";
        var alone = LineTagger.Tag([new StorySource("a.yarn", a)]);
        var firstId = alone.Files[0].Tags[0].Id["line:".Length..];

        // Another file already uses the ID the tagger would give a.yarn's first line: it picks another.
        var b = $"title: B\n---\nTaken. #line:{firstId}\n===\n";
        var both = LineTagger.Tag([new StorySource("a.yarn", a), new StorySource("b.yarn", b)]);

        var ids = both.Files[0].Tags.Select(t => t.Id).ToList();
        Assert.Equal(2, ids.Count);
        Assert.DoesNotContain("line:" + firstId, ids);
        Assert.Equal(2, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(both.Files[1].Tags);
    }

    [Fact]
    public void Tag_DuplicateExistingIds_AreReportedAndLeftAlone()
    {
        var result = LineTagger.Tag([new StorySource("a.yarn", "title: A\n---\nOne. #line:x1\n===\n"), new StorySource("b.yarn", "title: B\n---\nTwo. #line:x1\n===\n")]);

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(LocalizationCodes.DuplicateLineId, warning.Code);
        Assert.Equal("b.yarn", warning.File);
        Assert.Contains("a.yarn(3)", warning.Message, StringComparison.Ordinal);
        Assert.Equal(0, result.AddedCount);
    }

    [Fact]
    public void Tag_LineWithUnclosedExpression_IsReportedNotTagged()
    {
        var result = TagOne("title: A\n---\nBroken {$gold line.\nFine.\n===\n");

        Assert.Equal(LocalizationCodes.MalformedLine, Assert.Single(result.Diagnostics).Code);
        Assert.Equal(1, result.AddedCount);
        Assert.Contains("Broken {$gold line.\n", result.Files[0].NewText, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOnly_ReportsEachUntaggedLineAsAnErrorWithItsPosition_AndChangesNothing()
    {
        var result = TagOne(Story, check: true);

        Assert.True(result.HasErrors);
        Assert.Equal(10, result.Diagnostics.Count(d => d.Code == LocalizationCodes.UntaggedLine));
        Assert.All(result.Files, f => Assert.Null(f.NewText));
        var first = result.Diagnostics[0];
        Assert.Equal((6, 23), (first.Range.StartLine, first.Range.StartColumn));
        Assert.False(TagOne(TagOne(Story).Files[0].NewText!, check: true).HasErrors);
    }

    [Fact]
    public void TagFiles_ReplacesFilesInPlace_WithoutLeavingTemporaryFiles()
    {
        var path = Path.Combine(_folder, "story.yarn");
        var original = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Story.Replace("\n", "\r\n", StringComparison.Ordinal))).ToArray();
        File.WriteAllBytes(path, original);

        var result = LineTagger.TagFiles([path]);

        Assert.True(result.Files[0].Written);
        var written = File.ReadAllBytes(path);
        Assert.Equal(original, Encoding.UTF8.GetBytes(AddedTag().Replace(Encoding.UTF8.GetString(written), string.Empty)));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void TagFiles_CheckOnly_DoesNotTouchTheFile()
    {
        var path = Path.Combine(_folder, "story.yarn");
        File.WriteAllText(path, Story);
        var stamp = File.GetLastWriteTimeUtc(path);

        var result = LineTagger.TagFiles([path], new LineTagOptions { CheckOnly = true });

        Assert.True(result.HasErrors);
        Assert.False(result.Files[0].Written);
        Assert.Equal(Story, File.ReadAllText(path));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void TagFiles_NonUtf8AndMissingFiles_AreReportedAndLeftAlone_WhileOthersAreTagged()
    {
        var latin = Path.Combine(_folder, "latin.yarn");
        var bytes = Encoding.Latin1.GetBytes("title: A\n---\nCh\u00e2teau.\n===\n");
        File.WriteAllBytes(latin, bytes);
        var good = Path.Combine(_folder, "good.yarn");
        File.WriteAllText(good, "title: B\n---\nFine.\n===\n");

        var result = LineTagger.TagFiles([latin, Path.Combine(_folder, "missing.yarn"), good]);

        Assert.Equal(2, result.Diagnostics.Count(d => d.Code == LocalizationCodes.FileProblem));
        Assert.Contains(result.Diagnostics, d => d.File == latin && d.Message.Contains("not valid utf-8", StringComparison.Ordinal));
        Assert.Equal(bytes, File.ReadAllBytes(latin));
        Assert.True(result.Files[2].Written);
        Assert.Matches(@"Fine\. #line:[0-9a-f]{8}", File.ReadAllText(good));
    }

    [Fact]
    public void TagFiles_Utf16WithBom_KeepsItsEncoding()
    {
        var path = Path.Combine(_folder, "wide.yarn");
        var original = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("title: A\n---\nWide.\n===\n")).ToArray();
        File.WriteAllBytes(path, original);

        LineTagger.TagFiles([path]);

        var text = Encoding.Unicode.GetString(File.ReadAllBytes(path));
        Assert.Equal(original, Encoding.Unicode.GetBytes(AddedTag().Replace(text, string.Empty)));
    }

    [Fact]
    public void Tag_RandomStoryLikeText_NeverThrows_AndOnlyInsertsTags()
    {
        var pieces = Pick("title: A\n", "---\n", "===\n", "Text line\n", "-> opt\n", "=> item\n", "<<set $x to 1>>\n", "// c\n",
            "{$x}", "<<if true>>", "#line:ab", "#tag", "\\", "\"", "{", "<<", "\r\n", "\r", "   ", "\t", "\uFEFF", ":", "//");
        pieces.Array[0, 60].Sample(parts =>
        {
            var text = string.Concat(parts);
            var result = TagOne(text);
            var tagged = result.Files[0].NewText ?? text;
            Assert.Equal(text, AddedTag().Replace(tagged, string.Empty));
            Assert.Equal(0, TagOne(tagged).AddedCount);
        }, iter: 3000);
    }

    [BenchStoryFact]
    public void Tag_BenchStory_TagsEveryLine_AndTheResultCompilesWithOnlyExplicitIds()
    {
        var text = File.ReadAllText(BenchStory.Path!);

        var result = TagOne(text, "gamebook_2000.yarn");

        var compiled = StoryCompiler.Compile("gamebook_2000.yarn", result.Files[0].NewText!);
        Assert.False(compiled.HasErrors);
        Assert.Equal(compiled.Story!.Lines.Count, result.AddedCount);
        Assert.All(compiled.Story.Lines, l => Assert.Matches("^line:[0-9a-f]{8}$", l.Id));
        Assert.Equal(text, AddedTag().Replace(result.Files[0].NewText!, string.Empty));
    }

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);
}
