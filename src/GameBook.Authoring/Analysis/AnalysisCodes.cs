using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GameBook.Compilation;

namespace GameBook.Authoring.Analysis;

/// <summary>
/// The stable codes of static-analysis warnings (<c>GB1xxx</c>, beside the compiler's <c>GB0xxx</c>). A code
/// never changes meaning once published; docs/diagnostics.md lists each with an example, and
/// <see cref="Rules"/> holds each one's name, default severity and message. Thread-safe (constants and an
/// immutable table).
/// </summary>
public static class AnalysisCodes
{
    /// <summary>A node cannot be reached from the entry nodes (<c>Start</c> and any the host names).</summary>
    public const string UnreachableNode = "GB1001";

    /// <summary>Flow can reach the end of a node (or a <c>&lt;&lt;return&gt;&gt;</c> with no detour to return to) without an option, jump or <c>&lt;&lt;stop&gt;&gt;</c>, in a node not tagged as an ending.</summary>
    public const string DeadEnd = "GB1002";

    /// <summary>A variable is declared but never read or set.</summary>
    public const string UnusedVariable = "GB1003";

    /// <summary>A variable is set but its value is never read.</summary>
    public const string UnreadVariable = "GB1004";

    /// <summary>An option's (or line-group item's) condition can never be true, given constants and the declared types.</summary>
    public const string OptionNeverAvailable = "GB1005";

    /// <summary>A jump or detour leads to a node with no content.</summary>
    public const string JumpToEmptyNode = "GB1006";

    /// <summary>A node has no <c>section:</c> number in a book where most nodes have one.</summary>
    public const string MissingSectionNumber = "GB1007";

    /// <summary>A <c>section:</c> number is below 1 (printed sections are numbered from 1).</summary>
    public const string InvalidSectionNumber = "GB1008";

    /// <summary>An <c>analysis:</c> header is not understood (wrong syntax or an unknown code).</summary>
    public const string InvalidAnalysisHeader = "GB1009";

    /// <summary>Every analysis rule, in code order.</summary>
    public static ImmutableArray<AnalysisRule> Rules { get; } =
    [
        new(UnreachableNode, nameof(UnreachableNode), DiagnosticSeverity.Warning,
            "Node '{0}' can never be reached: {1}. Link to it with <<jump {0}>> or an option from a reachable node, name it in AnalysisOptions.AdditionalEntryNodes if the host starts there, or remove it."),
        new(DeadEnd, nameof(DeadEnd), DiagnosticSeverity.Warning,
            "Flow can end here in node '{0}' {1}, with no option, jump or <<stop>> to follow, and '{0}' is not tagged as an ending: continue with options or a <<jump>>, end on purpose with <<stop>>, or add 'tags: ending' to the node."),
        new(UnusedVariable, nameof(UnusedVariable), DiagnosticSeverity.Warning,
            "{0} is declared but never read or set: use it in a condition, a line ({{{0}}}) or a command, or remove the declaration."),
        new(UnreadVariable, nameof(UnreadVariable), DiagnosticSeverity.Warning,
            "{0} is set {1} time(s) (first at line {2}) but its value is never read, so it changes nothing: read it in a condition, line or command, or remove it and its <<set>>s. If the host reads it, list it in AnalysisOptions.HostVariables."),
        new(OptionNeverAvailable, nameof(OptionNeverAvailable), DiagnosticSeverity.Warning,
            "This {0}'s condition can never be true (it is false for every value its constants and the declared types of its variables allow), so {1}: fix the condition or remove the {0}."),
        new(JumpToEmptyNode, nameof(JumpToEmptyNode), DiagnosticSeverity.Warning,
            "This {0} leads to node '{1}', which has no content, so {2}: write the body of '{1}' or point the {0} at another node."),
        new(MissingSectionNumber, nameof(MissingSectionNumber), DiagnosticSeverity.Warning,
            "Node '{0}' has no 'section:' number, but {1} of the book's {2} nodes (not counting nodes only entered by detour) have one: add 'section: {3}' (a free number) to its headers."),
        new(InvalidSectionNumber, nameof(InvalidSectionNumber), DiagnosticSeverity.Warning,
            "'section: {0}' is below 1, and printed sections are numbered from 1: use a free number such as 'section: {1}'."),
        new(InvalidAnalysisHeader, nameof(InvalidAnalysisHeader), DiagnosticSeverity.Warning,
            "'analysis: {0}' is not understood: {1}. Write 'analysis: off GB1002 GB1005' to switch checks off for this node, 'analysis: story off GB1003' for the whole story, or 'analysis: off' for every check of this node."),
    ];

    private static readonly FrozenDictionary<string, AnalysisRule> ByCode =
        Rules.ToFrozenDictionary(r => r.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The rule with <paramref name="code"/> (case-insensitive), or null when there is none.</summary>
    public static AnalysisRule? Find(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return ByCode.GetValueOrDefault(code);
    }
}

/// <summary>
/// One analysis check: its code, name, default severity and message format (Roslyn's diagnostic descriptors
/// are the model). Immutable and thread-safe.
/// </summary>
public sealed class AnalysisRule
{
    private readonly CompositeFormat _format;

    internal AnalysisRule(string code, string name, DiagnosticSeverity defaultSeverity, string messageFormat)
    {
        Code = code;
        Name = name;
        DefaultSeverity = defaultSeverity;
        MessageFormat = messageFormat;
        _format = CompositeFormat.Parse(messageFormat);
    }

    /// <summary>The stable code, such as <c>GB1002</c>.</summary>
    public string Code { get; }

    /// <summary>The constant's name in <see cref="AnalysisCodes"/>, such as <c>DeadEnd</c>.</summary>
    public string Name { get; }

    /// <summary>The severity its diagnostics get.</summary>
    public DiagnosticSeverity DefaultSeverity { get; }

    /// <summary>The message, with <c>{0}</c>-style holes filled per finding.</summary>
    public string MessageFormat { get; }

    internal string Format(params object?[] args) => string.Format(CultureInfo.InvariantCulture, _format, args);

    /// <inheritdoc/>
    public override string ToString() => $"{Code} {Name}";
}
