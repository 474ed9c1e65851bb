using System.Collections.Frozen;
using System.Collections.Immutable;
using GameBook.Library;
using GameBook.Text;
using GameBook.Values;

namespace GameBook.Compiled;

/// <summary>
/// The immutable output of the compiler and the input of the VM. Built once by the compiler, then shared
/// read-only by every session on every thread. Nothing in here may be mutated after construction.
/// </summary>
internal sealed class StoryProgram
{
    /// <summary>Every node, including node-group members and the synthetic dispatcher node of each group.</summary>
    public required ImmutableArray<CompiledNode> Nodes { get; init; }

    /// <summary>Node (or node group) name to the index of the node a jump to that name enters.</summary>
    public required FrozenDictionary<string, int> NodeIndexByName { get; init; }

    /// <summary>Lines and option texts, indexed by <see cref="OpCode.RunLine"/> / <see cref="OpCode.AddOption"/>.</summary>
    public required ImmutableArray<CompiledLine> Lines { get; init; }

    /// <summary>Command templates, indexed by <see cref="OpCode.RunCommand"/>.</summary>
    public required ImmutableArray<CompiledCommand> Commands { get; init; }

    /// <summary>Variable slots: declared, implicitly declared, smart, and internal (once flags).</summary>
    public required ImmutableArray<CompiledVariable> Variables { get; init; }

    /// <summary>Functions called by the story, indexed by <see cref="OpCode.CallFunction"/>.</summary>
    public required ImmutableArray<FunctionInfo> Functions { get; init; }

    /// <summary>Saliency content (line-group items and node-group members), indexed by <see cref="OpCode.AddCandidate"/>.</summary>
    public required ImmutableArray<SaliencyContent> SaliencyContent { get; init; }

    /// <summary>
    /// Visit-count slots that story code reads only through <c>visited()</c> (never <c>visited_count</c>), so whether the
    /// count is zero is all that can change what the story does.
    /// </summary>
    public ImmutableArray<int> VisitFlagSlots { get; init; } = [];

    /// <summary>The story's enums with their cases, so saves can record enum values by case name.</summary>
    public ImmutableArray<CompiledEnum> Enums { get; init; } = [];

    /// <summary>Number constants for <see cref="OpCode.PushNumber"/>.</summary>
    public required ImmutableArray<double> Numbers { get; init; }

    /// <summary>String constants for <see cref="OpCode.PushString"/>.</summary>
    public required ImmutableArray<string> Strings { get; init; }

    /// <summary>
    /// A stable fingerprint of the compiled story (hex SHA-256 over the sources in order), recorded in saves.
    /// </summary>
    public required string Fingerprint { get; init; }
}

/// <summary>One compiled node.</summary>
internal sealed class CompiledNode
{
    /// <summary>The title; members of a node group share it with the group's dispatcher node.</summary>
    public required string Name { get; init; }

    /// <summary>
    /// A unique name per node: the title for ordinary nodes; for node-group members <c>Title.subtitle</c>, else a
    /// content-based identity (<c>Title#1a2b3c4d</c> or <c>Title#line:id</c>; see NodeTable.MemberIdentity).
    /// </summary>
    public required string UniqueName { get; init; }

    /// <summary>An unsubtitled group member's place in its group (<c>Title#2</c>): its unique name before save format version 4, and still a name a jump or <c>visited()</c> may use. Null for other nodes.</summary>
    public string? PositionalName { get; init; }

    /// <summary>All headers in source order, except <c>title</c> (<c>tags</c>, <c>when</c>, <c>section</c>, any other key).</summary>
    public required ImmutableArray<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>Whitespace-separated words of the <c>tags:</c> header.</summary>
    public required ImmutableArray<string> Tags { get; init; }

    /// <summary>The <c>section:</c> header as a number, if present and valid.</summary>
    public int? Section { get; init; }

    /// <summary>The body. The compiler always ends it with <see cref="OpCode.Return"/>.</summary>
    public required ImmutableArray<Instruction> Instructions { get; init; }

    /// <summary>
    /// Which variable slot holds this node's visit count, or -1 when the compiler proved nothing reads it.
    /// Visit counts are stored as number variables so saves and host access treat them uniformly.
    /// </summary>
    public required int VisitCountSlot { get; init; }

    /// <summary>For a node group's dispatcher: the slot of the bool smart variable "has any content". Else -1.</summary>
    public int HasContentSlot { get; init; } = -1;

    /// <summary>File the node was declared in.</summary>
    public required string File { get; init; }

    /// <summary>1-based line of the node's <c>title:</c> header.</summary>
    public required int Line { get; init; }

    /// <summary>For each instruction, the 1-based source line it came from (same length as <see cref="Instructions"/>).</summary>
    public required ImmutableArray<int> SourceLines { get; init; }
}

/// <summary>A line or option text.</summary>
internal sealed class CompiledLine
{
    /// <summary>
    /// The line ID: the <c>#line:</c> tag's value including the <c>line:</c> prefix, or a generated
    /// <c>line:Node-hash</c> (node and content; see docs/saves.md).
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The ID format-version-2 saves knew this line by (<c>line:File-Node-N</c>, by position; explicit IDs are unchanged).</summary>
    public string? LegacyId { get; init; }

    /// <summary>The text template (markup and placeholders already parsed).</summary>
    public required LineTemplate Template { get; init; }

    /// <summary>Number of <c>{expr}</c> substitutions the VM pops for this line.</summary>
    public int SubstitutionCount => Template.SubstitutionCount;

    /// <summary>Hashtags without the leading <c>#</c> (including <c>line:...</c> and <c>shadow:...</c>).</summary>
    public required ImmutableArray<string> Tags { get; init; }

    /// <summary>The source line number (1-based) and file, for errors.</summary>
    public required string File { get; init; }

    /// <summary>1-based source line.</summary>
    public required int Line { get; init; }
}

/// <summary>A command template: literal text with <c>{N}</c> holes for substitutions.</summary>
internal sealed class CompiledCommand
{
    /// <summary>Alternating parts: literal text, and substitution indexes; see <see cref="CommandPart"/>.</summary>
    public required ImmutableArray<CommandPart> Parts { get; init; }

    /// <summary>Number of substitutions the VM pops.</summary>
    public required int SubstitutionCount { get; init; }

    /// <summary>The registered command this invokes (null: unknown to the library, handed to the host).</summary>
    public CommandInfo? Registered { get; init; }

    /// <summary>1-based source line, for errors.</summary>
    public required int Line { get; init; }
}

/// <summary>A literal run of command text, or (when <see cref="Literal"/> is null) substitution <see cref="Substitution"/>.</summary>
internal readonly record struct CommandPart(string? Literal, int Substitution);

/// <summary>A variable slot.</summary>
internal sealed class CompiledVariable
{
    /// <summary>Name including <c>$</c>. Internal variables start with <c>$Yarn.Internal.</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Static type.</summary>
    public required StoryType Type { get; init; }

    /// <summary>Initial value (ignored for smart variables).</summary>
    public required StoryValue InitialValue { get; init; }

    /// <summary>For a smart variable: the expression code, ending with its value on the stack. Else default.</summary>
    public ImmutableArray<Instruction> SmartCode { get; init; }

    /// <summary>The name format-version-2 saves knew this slot by, when it differs (positional once-block and once-line flags).</summary>
    public string? LegacyName { get; init; }

    /// <summary>True for a smart variable (computed on read, not writable).</summary>
    public bool IsSmart => !SmartCode.IsDefault;

    /// <summary>True for compiler-generated slots (once flags, visit counts, group content flags): hidden from hosts.</summary>
    public bool IsInternal => Name.StartsWith("$Yarn.Internal.", StringComparison.Ordinal);

    /// <summary>True for a once-flag (of a line, option, once block or node-group member): written only by code, read only by code.</summary>
    public bool IsOnceFlag => Name.StartsWith("$Yarn.Internal.Once.", StringComparison.Ordinal);
}

/// <summary>An enum: its cases in declaration order with their raw values (what variables of the enum hold).</summary>
internal sealed class CompiledEnum
{
    /// <summary>The enum's name (its <see cref="StoryType.Name"/>).</summary>
    public required string Name { get; init; }

    /// <summary>Case names, in declaration order.</summary>
    public required ImmutableArray<string> CaseNames { get; init; }

    /// <summary>Each case's raw value (same order as <see cref="CaseNames"/>).</summary>
    public required ImmutableArray<StoryValue> RawValues { get; init; }

    /// <summary>The name of the case whose raw value is <paramref name="raw"/>, or null.</summary>
    public string? CaseOf(StoryValue raw)
    {
        for (var i = 0; i < RawValues.Length; i++)
        {
            if (RawValues[i].Equals(raw))
            {
                return CaseNames[i];
            }
        }

        return null;
    }

    /// <summary>The raw value of case <paramref name="name"/>; false when the enum has no such case.</summary>
    public bool TryGetRaw(string name, out StoryValue raw)
    {
        var i = CaseNames.IndexOf(name);
        raw = i >= 0 ? RawValues[i] : default;
        return i >= 0;
    }
}

/// <summary>A saliency candidate's identity, used for "least recently seen" view counts.</summary>
internal sealed class SaliencyContent
{
    /// <summary>A stable ID (the line ID of a line-group item, or the unique node name of a group member).</summary>
    public required string Id { get; init; }

    /// <summary>The ID format-version-2 saves knew it by (a line-group item's positional line ID), when it differs.</summary>
    public string? LegacyId { get; init; }

    /// <summary>Whether <see cref="OpCode.AddCandidate"/> pops a condition for it.</summary>
    public required bool HasCondition { get; init; }

    /// <summary>The line group or node group it belongs to; a group's contents are consecutive.</summary>
    public int Group { get; init; }
}
