using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GameBook.Compilation;

namespace GameBook.Authoring.Import;

/// <summary>
/// The stable codes of import and GameBook Studio export diagnostics (<c>GB3xxx</c>, beside the compiler's
/// <c>GB0xxx</c> and the analysis's <c>GB1xxx</c>). A code never changes meaning once published; docs/authoring.md
/// lists each, and <see cref="Rules"/> holds each one's name and default severity. Thread-safe (constants and an
/// immutable table).
/// </summary>
public static class ImportCodes
{
    /// <summary>The input is not well-formed JSON (malformed, truncated, too deeply nested).</summary>
    public const string InvalidJson = "GB3001";

    /// <summary>The JSON is not a GameBook Studio project: the root is not an object, or <c>paragraphs</c> is missing or not an array.</summary>
    public const string InvalidProject = "GB3002";

    /// <summary>A field has the wrong type; it was converted when that is unambiguous, and ignored otherwise.</summary>
    public const string WrongType = "GB3003";

    /// <summary>A field the format requires is missing.</summary>
    public const string MissingField = "GB3004";

    /// <summary>Two paragraphs (or passages) have the same number (or name).</summary>
    public const string Duplicate = "GB3005";

    /// <summary>An action or link leads to a paragraph or passage that does not exist.</summary>
    public const string BrokenTarget = "GB3006";

    /// <summary>An action has no text; the option reads "Turn to N".</summary>
    public const string EmptyActionText = "GB3007";

    /// <summary>No action or link leads to a paragraph or passage, and it is not where the story starts.</summary>
    public const string Unlinked = "GB3008";

    /// <summary>Content markup with no Yarn equivalent (an HTML tag other than the simple ones) was left out of the lines.</summary>
    public const string MarkupNotConverted = "GB3009";

    /// <summary>More diagnostics than <c>MaxDiagnostics</c>; the rest were not reported.</summary>
    public const string TooManyDiagnostics = "GB3010";

    /// <summary>A paragraph's <c>type</c> is not <c>normale</c>, <c>nodo</c> or <c>finale</c>.</summary>
    public const string UnknownParagraphType = "GB3011";

    /// <summary>Text had to change to fit a Yarn line (a newline in an option's text, say); the original is kept for export.</summary>
    public const string TextAdjusted = "GB3012";

    /// <summary>A Twee passage header is malformed (unclosed tag list, metadata that is not a JSON object).</summary>
    public const string InvalidPassageHeader = "GB3020";

    /// <summary>The story's start passage is missing or names no passage; the first passage is the entry instead.</summary>
    public const string StartPassageMissing = "GB3021";

    /// <summary>Story-format code (Harlowe, SugarCube) with no exact Yarn equivalent, kept as text.</summary>
    public const string StoryFormatCode = "GB3022";

    /// <summary>A passage the story format treats specially (script, stylesheet) was not imported as a node.</summary>
    public const string SpecialPassage = "GB3023";

    /// <summary>The <c>StoryData</c> passage is not a JSON object.</summary>
    public const string InvalidStoryData = "GB3024";

    /// <summary>A Yarn statement the GameBook Studio format cannot hold was left out of the export.</summary>
    public const string NotExportable = "GB3040";

    /// <summary>A node without a <c>section:</c> number got a free paragraph number in the export.</summary>
    public const string NumberAssigned = "GB3041";

    /// <summary>A <c>gbs.*</c> header is not the JSON the exporter expects; it was ignored.</summary>
    public const string InvalidKeptField = "GB3042";

    /// <summary>Every import and export rule, in code order.</summary>
    public static ImmutableArray<ImportRule> Rules { get; } =
    [
        new(InvalidJson, nameof(InvalidJson), DiagnosticSeverity.Error),
        new(InvalidProject, nameof(InvalidProject), DiagnosticSeverity.Error),
        new(WrongType, nameof(WrongType), DiagnosticSeverity.Warning),
        new(MissingField, nameof(MissingField), DiagnosticSeverity.Warning),
        new(Duplicate, nameof(Duplicate), DiagnosticSeverity.Warning),
        new(BrokenTarget, nameof(BrokenTarget), DiagnosticSeverity.Warning),
        new(EmptyActionText, nameof(EmptyActionText), DiagnosticSeverity.Info),
        new(Unlinked, nameof(Unlinked), DiagnosticSeverity.Warning),
        new(MarkupNotConverted, nameof(MarkupNotConverted), DiagnosticSeverity.Warning),
        new(TooManyDiagnostics, nameof(TooManyDiagnostics), DiagnosticSeverity.Warning),
        new(UnknownParagraphType, nameof(UnknownParagraphType), DiagnosticSeverity.Warning),
        new(TextAdjusted, nameof(TextAdjusted), DiagnosticSeverity.Info),
        new(InvalidPassageHeader, nameof(InvalidPassageHeader), DiagnosticSeverity.Warning),
        new(StartPassageMissing, nameof(StartPassageMissing), DiagnosticSeverity.Warning),
        new(StoryFormatCode, nameof(StoryFormatCode), DiagnosticSeverity.Warning),
        new(SpecialPassage, nameof(SpecialPassage), DiagnosticSeverity.Warning),
        new(InvalidStoryData, nameof(InvalidStoryData), DiagnosticSeverity.Warning),
        new(NotExportable, nameof(NotExportable), DiagnosticSeverity.Warning),
        new(NumberAssigned, nameof(NumberAssigned), DiagnosticSeverity.Info),
        new(InvalidKeptField, nameof(InvalidKeptField), DiagnosticSeverity.Warning),
    ];

    private static readonly FrozenDictionary<string, ImportRule> ByCode =
        Rules.ToFrozenDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The rule with <paramref name="code"/> (case-insensitive), or null when there is none.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="code"/> is null.</exception>
    public static ImportRule? Find(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return ByCode.GetValueOrDefault(code);
    }

    internal static DiagnosticSeverity SeverityOf(string code) => ByCode[code].DefaultSeverity;
}

/// <summary>One import or export diagnostic kind: its code, name and default severity. Immutable and thread-safe.</summary>
public sealed class ImportRule
{
    internal ImportRule(string code, string name, DiagnosticSeverity defaultSeverity)
    {
        Code = code;
        Name = name;
        DefaultSeverity = defaultSeverity;
    }

    /// <summary>The stable code, such as <c>GB3006</c>.</summary>
    public string Code { get; }

    /// <summary>The constant's name in <see cref="ImportCodes"/>, such as <c>BrokenTarget</c>.</summary>
    public string Name { get; }

    /// <summary>The severity its diagnostics get.</summary>
    public DiagnosticSeverity DefaultSeverity { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Code} {Name}");
}

/// <summary>Collects diagnostics up to a cap, then one <see cref="ImportCodes.TooManyDiagnostics"/>.</summary>
internal sealed class DiagnosticList(string file, int max)
{
    private readonly List<Diagnostic> _items = [];
    private int _dropped;

    public string File { get; } = file;

    public bool HasErrors { get; private set; }

    public void Add(string code, SourceRange range, string message)
    {
        var severity = ImportCodes.SeverityOf(code);
        HasErrors |= severity == DiagnosticSeverity.Error;
        if (_items.Count >= max && severity != DiagnosticSeverity.Error)
        {
            _dropped++;
            return;
        }

        _items.Add(new Diagnostic(code, severity, File, range, message));
    }

    public ImmutableArray<Diagnostic> ToImmutable()
    {
        // In input order (a stable sort: diagnostics at one position keep the order they were found in).
        var sorted = _items.OrderBy(d => d.Range.StartLine).ThenBy(d => d.Range.StartColumn).ToList();
        if (_dropped == 0)
        {
            return [.. sorted];
        }

        var all = new List<Diagnostic>(sorted)
        {
            new(ImportCodes.TooManyDiagnostics, DiagnosticSeverity.Warning, File, new SourceRange(1, 1, 1, 1),
                string.Create(CultureInfo.InvariantCulture, $"{_dropped} more diagnostic(s) were not reported (the limit is {max}): fix the ones above and import again, or raise MaxDiagnostics.")),
        };
        return [.. all];
    }
}

/// <summary>Formats messages with invariant culture.</summary>
internal static class Msg
{
    public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public static string Quote(string s, int max = 60)
    {
        var b = new StringBuilder(Math.Min(s.Length, max) + 2).Append('\'');
        foreach (var c in s.Length > max ? s.AsSpan(0, max) : s.AsSpan())
        {
            b.Append(char.IsControl(c) ? ' ' : c);
        }

        return (s.Length > max ? b.Append("...'") : b.Append('\'')).ToString();
    }
}
