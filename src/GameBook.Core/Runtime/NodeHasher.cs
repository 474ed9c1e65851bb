using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GameBook.Compiled;

namespace GameBook.Runtime;

/// <summary>
/// Hashes a node's content: its instructions with every referenced line, string, number, variable, function,
/// command and node resolved to what it means, so a save can tell whether a node is unchanged in an edited story
/// even when the indexes it uses moved.
/// </summary>
internal static class NodeHasher
{
    /// <summary>
    /// The node's hash. <paramref name="legacy"/> uses the names format-version-2 saves knew nodes, lines and once flags by;
    /// <paramref name="positional"/> (format version 3) names node-group members by position, everything else as today.
    /// </summary>
    public static string Compute(StoryProgram program, int nodeIndex, bool legacy = false, PositionalNames? positional = null)
    {
        var node = program.Nodes[nodeIndex];
        var text = new StringBuilder();
        string? Rename(string? name) => positional is null || name is null ? name : positional.ToPositional(name);
        string? NodeName(CompiledNode? n) => legacy ? n?.PositionalName ?? n?.UniqueName : Rename(n?.UniqueName);
        text.Append(NodeName(node)).Append('\n');
        foreach (var ins in node.Instructions)
        {
            text.Append((int)ins.Op).Append(' ');
            switch (ins.Op)
            {
                case OpCode.PushNumber:
                    text.Append(Get(program.Numbers, ins.A).ToString("R", CultureInfo.InvariantCulture));
                    break;
                case OpCode.PushString:
                    AppendQuoted(text, Get(program.Strings, ins.A));
                    break;
                case OpCode.LoadVariable or OpCode.StoreVariable:
                    var variable = Get(program.Variables, ins.A);
                    text.Append(legacy ? variable?.LegacyName ?? variable?.Name : Rename(variable?.Name)).Append(':').Append(variable?.Type.Name);
                    break;
                case OpCode.CallFunction:
                    text.Append(Get(program.Functions, ins.A)?.Name).Append('/').Append(ins.B);
                    break;
                case OpCode.RunLine or OpCode.AddOption:
                    var line = Get(program.Lines, ins.A);
                    text.Append(legacy ? line?.LegacyId ?? line?.Id : Rename(line?.Id)).Append(' ');
                    AppendQuoted(text, line?.Template.RawText);
                    text.Append(' ').AppendJoin(',', line?.Tags ?? []).Append(' ').Append(ins.B).Append(' ').Append(ins.C);
                    break;
                case OpCode.RunCommand:
                    var command = Get(program.Commands, ins.A);
                    foreach (var part in command?.Parts ?? [])
                    {
                        if (part.Literal is null)
                        {
                            text.Append('{').Append(part.Substitution).Append('}');
                        }
                        else
                        {
                            AppendQuoted(text, part.Literal);
                        }
                    }

                    text.Append(' ').Append(ins.B);
                    break;
                case OpCode.JumpToNode or OpCode.DetourToNode or OpCode.EnterNodeInPlace:
                    text.Append(NodeName(Get(program.Nodes, ins.A)));
                    break;
                case OpCode.AddCandidate:
                    var content = Get(program.SaliencyContent, ins.A);
                    text.Append(legacy ? content?.LegacyId ?? content?.Id : Rename(content?.Id)).Append(' ').Append(ins.B).Append(' ').Append(ins.C);
                    break;
                default:
                    text.Append(ins.A).Append(' ').Append(ins.B).Append(' ').Append(ins.C);
                    break;
            }

            text.Append('\n');
        }

        AppendSlot(text, program, node.VisitCountSlot, legacy, positional);
        AppendSlot(text, program, node.HasContentSlot, legacy, positional);
        return Hash(text);
    }

    /// <summary>
    /// What the whole compiled story does, independent of file names and order: every node's hash (by unique name), every
    /// variable's name, type and initial value and every enum's cases. Two stories with the same content hash behave the same.
    /// </summary>
    /// <param name="story">The story.</param>
    /// <param name="positional">Name node-group members by position, as format-version-3 saves did.</param>
    public static string ComputeContent(Story story, PositionalNames? positional = null)
    {
        var program = story.Program;
        var nodes = new List<string>(program.Nodes.Length);
        for (var i = 0; i < program.Nodes.Length; i++)
        {
            nodes.Add(positional is null ? story.NodeHash(i) : Compute(program, i, positional: positional));
        }

        nodes.Sort(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var h in nodes)
        {
            text.Append(h).Append('\n');
        }

        foreach (var v in program.Variables)
        {
            text.Append(positional is null ? v.Name : positional.ToPositional(v.Name)).Append(':').Append(v.Type.Name).Append('=').Append(v.InitialValue.Kind).Append(' ');
            AppendQuoted(text, v.InitialValue.Kind == Values.ValueKind.None ? "" : v.InitialValue.ToString());
            if (v.IsSmart)
            {
                text.Append(" smart");
                foreach (var ins in v.SmartCode)
                {
                    text.Append(' ').Append((int)ins.Op).Append(',').Append(ins.A).Append(',').Append(ins.B).Append(',').Append(ins.C);
                }
            }

            text.Append('\n');
        }

        foreach (var e in program.Enums)
        {
            text.Append("enum ").Append(e.Name);
            for (var i = 0; i < e.CaseNames.Length; i++)
            {
                text.Append(' ').Append(e.CaseNames[i]).Append('=');
                AppendQuoted(text, e.RawValues[i].ToString());
            }

            text.Append('\n');
        }

        return Hash(text);
    }

    private static string Hash(StringBuilder text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static void AppendSlot(StringBuilder text, StoryProgram program, int slot, bool legacy, PositionalNames? positional)
    {
        var variable = slot >= 0 ? Get(program.Variables, slot) : null;
        var name = legacy ? variable?.LegacyName ?? variable?.Name : variable?.Name is { } n && positional is not null ? positional.ToPositional(n) : variable?.Name;
        text.Append(slot >= 0 ? name : "-").Append('\n');
    }

    private static void AppendQuoted(StringBuilder text, string? value) =>
        text.Append(value?.Length ?? -1).Append(':').Append(value);

    private static T? Get<T>(System.Collections.Immutable.ImmutableArray<T> items, int index) =>
        (uint)index < (uint)items.Length ? items[index] : default;
}
