using GameBook.Authoring.Localization;
using GameBook.Compilation;
using GameBook.Localization;
using GameBook.Runtime;

namespace GameBook.Docs.Tests.Snippets;

internal static class LocalizationSnippets
{
    public static int Tagging(string text)
    {
        #region doc: docs/localization.md
        var files = Directory.GetFiles("stories", "*.yarn");
        var result = LineTagger.TagFiles(files);                        // tags in place
        foreach (var d in result.Diagnostics) Console.WriteLine(d);      // unreadable files, duplicate IDs, ...
        Console.WriteLine($"{result.AddedCount} IDs added");

        // In CI: report, write nothing, fail on any untagged line.
        var check = LineTagger.TagFiles(files, new LineTagOptions { CheckOnly = true });
        if (check.HasErrors) { foreach (var d in check.Diagnostics) Console.Error.WriteLine(d); return 1; }

        // Editors: the same on text in memory; LineTagFile.NewText holds each changed file.
        var inMemory = LineTagger.Tag([new StorySource("book.yarn", text)]);
        #endregion
        return 0;
    }

    public static void Export(IReadOnlyList<StorySource> sources)
    {
        #region doc: docs/localization.md
        var export = StringTableExporter.Export(sources, new StringTableExportOptions { BaseLocale = "en" });
        if (!export.Succeeded) { /* export.Diagnostics holds the compiler's errors */ }
        using (var file = File.Create("book.en.csv")) export.WriteCsv(file);   // UTF-8 with a byte order mark
        #endregion
    }

    public static void Read()
    {
        #region doc: docs/localization.md
        var read = StringTableCsv.Read(File.ReadAllBytes("book.fr.csv"));   // or Read(stream) / Parse(text)
        foreach (var d in read.Diagnostics) Console.WriteLine(d);            // row 12, column C (line 14): error: ...
        StringTable? french = read.Table;                                    // null when there were errors
        #endregion
    }

    public static void Check(StringTableExport export, StringTable french, StringTable polish)
    {
        #region doc: docs/localization.md
        var reports = TranslationChecker.CheckAll(export, [french, polish]);
        foreach (var r in reports)
        {
            Console.WriteLine(r);   // fr: 12987/13122 translated, 135 missing, 4 stale, 0 invalid
            foreach (var issue in r.Of(TranslationIssueKind.Stale)) Console.WriteLine($"{issue.File}({issue.Line}): {issue.Message}");
        }
        #endregion
    }

    public static void Runtime(Story story, StringTable frenchTable, StringTable polishTable)
    {
        #region doc: docs/localization.md
        var french = StoryLocalization.Create(story, frenchTable);   // once per story and locale; share it
        var session = story.CreateSession(new SessionOptions { Localization = french });
        // ... later, when the player changes the language:
        session.Localization = StoryLocalization.Create(story, polishTable);   // from the next line on
        session.Localization = null;                                             // back to the base text
        #endregion
    }

    public static void RecordingSheets(StringTableExport export)
    {
        #region doc: docs/localization.md
        var sheet = RecordingSheet.Create(export);
        File.WriteAllText("recording.csv", sheet.ToCsv());
        #endregion
    }
}
