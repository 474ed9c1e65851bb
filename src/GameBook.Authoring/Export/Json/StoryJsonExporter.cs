using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GameBook.Compilation;
using GameBook.Outline;
using GameBook.Runtime;
using GameBook.Values;

namespace GameBook.Authoring.Export.Json;

/// <summary>
/// Writes a whole story as versioned JSON for editors and tools in other languages: variables with types and initial
/// values, and every node with its headers and its statements as a tree (lines with their IDs and text, options,
/// conditions and expressions as trees, commands, jumps). The format is documented in <c>docs/authoring.md</c> and
/// described by <c>docs/story-json.schema.json</c>; <see cref="FormatVersion"/> changes when a reader would have
/// to. Output is deterministic. Never throws for odd story content. Thread-safe: exports share no state.
/// </summary>
public static class StoryJsonExporter
{
    /// <summary>The value of the document's <c>format</c> property.</summary>
    public const string FormatName = "gamebook-story";

    /// <summary>The value of the document's <c>formatVersion</c> property.</summary>
    public const int FormatVersion = 1;

    /// <summary>The story as a JSON document (UTF-8 text).</summary>
    /// <param name="story">A story compiled with <see cref="CompileOptions.IncludeOutline"/> set.</param>
    /// <param name="options">Indentation and ranges; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentException">The story has no outline.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static string Export(Story story, StoryJsonOptions? options = null, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        Write(story, buffer, options, cancellationToken);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the story's JSON document as UTF-8 to <paramref name="destination"/>.</summary>
    /// <param name="story">A story compiled with <see cref="CompileOptions.IncludeOutline"/> set.</param>
    /// <param name="destination">Receives the UTF-8 bytes.</param>
    /// <param name="options">Indentation and ranges; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <exception cref="ArgumentException">The story has no outline.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static void Write(Story story, IBufferWriter<byte> destination, StoryJsonOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var context = ExportContext.Create(story, nameof(story));
        options ??= new StoryJsonOptions();
        using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions
        {
            Indented = options.Indented,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true, // the writer below is structured by construction; this also lifts the depth limit for deep trees
        });
        new Run(context, writer, options.IncludeRanges, cancellationToken).Document();
        writer.Flush();
    }

    /// <summary>One export: writes the document. Not thread-safe.</summary>
    private sealed class Run(ExportContext context, Utf8JsonWriter w, bool ranges, CancellationToken cancellationToken)
    {
        public void Document()
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("formatVersion", FormatVersion);
            w.WriteString("fingerprint", context.Story.Fingerprint);
            var initial = new Dictionary<string, StoryVariableInfo>(StringComparer.Ordinal);
            foreach (var v in context.Story.Variables)
            {
                initial.TryAdd(v.Name, v);
            }

            w.WriteStartArray("variables");
            foreach (var v in context.Outline.Variables)
            {
                w.WriteStartObject();
                w.WriteString("name", v.Name);
                Type("type", v.Type);
                w.WriteBoolean("declared", v.IsDeclared);
                w.WriteBoolean("smart", v.IsSmart);
                if (initial.TryGetValue(v.Name, out var info) && !v.IsSmart)
                {
                    w.WritePropertyName("initialValue");
                    Value(info.InitialValue);
                }

                w.WriteString("file", v.File);
                w.WriteString("node", v.Node);
                Range(v.Range);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("nodes");
            foreach (var node in context.Outline.Nodes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Node(node);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        private void Node(OutlineNode node)
        {
            w.WriteStartObject();
            w.WriteString("title", node.Title);
            w.WriteString("uniqueName", node.UniqueName);
            w.WriteString("file", node.File);
            Range(node.TitleRange);
            if (node.Section is { } section)
            {
                w.WriteNumber("section", section);
            }
            else
            {
                w.WriteNull("section");
            }

            w.WriteBoolean("ending", node.IsEnding);
            w.WriteBoolean("groupMember", node.IsGroupMember);
            w.WriteStartArray("tags");
            foreach (var tag in node.Tags)
            {
                w.WriteStringValue(tag);
            }

            w.WriteEndArray();
            w.WriteStartArray("headers");
            foreach (var h in node.Headers)
            {
                w.WriteStartObject();
                w.WriteString("key", h.Key);
                w.WriteString("value", h.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (!node.When.IsEmpty)
            {
                w.WriteStartArray("when");
                foreach (var c in node.When)
                {
                    Condition(c);
                }

                w.WriteEndArray();
            }

            Body("body", node.Body);
            w.WriteEndObject();
        }

        private void Body(string name, ImmutableArray<OutlineElement> body)
        {
            w.WriteStartArray(name);
            foreach (var e in body)
            {
                Statement(e);
            }

            w.WriteEndArray();
        }

        private void Statement(OutlineElement e)
        {
            w.WriteStartObject();
            switch (e)
            {
                case OutlineLine line:
                    w.WriteString("kind", "line");
                    Line(line.LineId, line.Substitutions, line.Condition, line.IsOnce);
                    break;
                case OutlineOptions options:
                    w.WriteString("kind", "options");
                    Choices("options", options.Options);
                    break;
                case OutlineLineGroup group:
                    w.WriteString("kind", "lineGroup");
                    Choices("items", group.Items);
                    break;
                case OutlineIf conditional:
                    w.WriteString("kind", "if");
                    w.WriteStartArray("clauses");
                    foreach (var clause in conditional.Clauses)
                    {
                        w.WriteStartObject();
                        w.WritePropertyName("condition");
                        if (clause.Condition is { } c)
                        {
                            Condition(c);
                        }
                        else
                        {
                            w.WriteNullValue();
                        }

                        Body("body", clause.Body);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    break;
                case OutlineOnce once:
                    w.WriteString("kind", "once");
                    if (once.Condition is { } oc)
                    {
                        w.WritePropertyName("condition");
                        Condition(oc);
                    }

                    Body("body", once.Body);
                    if (once.HasElse)
                    {
                        Body("else", once.ElseBody);
                    }

                    break;
                case OutlineJump jump:
                    w.WriteString("kind", jump.IsDetour ? "detour" : "jump");
                    if (jump.Target is { } target)
                    {
                        w.WriteString("target", target);
                    }
                    else
                    {
                        w.WriteNull("target");
                    }

                    break;
                case OutlineReturn:
                    w.WriteString("kind", "return");
                    break;
                case OutlineStop:
                    w.WriteString("kind", "stop");
                    break;
                case OutlineCommand command:
                    w.WriteString("kind", "command");
                    w.WriteString("name", command.Name);
                    w.WriteString("text", command.Text);
                    w.WriteStartArray("arguments");
                    foreach (var a in command.Arguments)
                    {
                        Expression(a);
                    }

                    w.WriteEndArray();
                    break;
                case OutlineSet set:
                    w.WriteString("kind", "set");
                    w.WriteString("variable", set.Variable);
                    if (set.CompoundOperator == OutlineOperator.None)
                    {
                        w.WriteNull("operator");
                    }
                    else
                    {
                        w.WriteString("operator", OutlineExpression.Symbol(set.CompoundOperator));
                    }

                    w.WritePropertyName("value");
                    Expression(set.Value);
                    break;
                case OutlineDeclaration declaration:
                    w.WriteString("kind", "declare");
                    w.WriteString("variable", declaration.Variable);
                    break;
                default:
                    w.WriteString("kind", "unknown");
                    break;
            }

            Range(e.Range);
            w.WriteEndObject();
        }

        private void Choices(string name, ImmutableArray<OutlineChoice> choices)
        {
            w.WriteStartArray(name);
            foreach (var choice in choices)
            {
                w.WriteStartObject();
                Line(choice.LineId, choice.Substitutions, choice.Condition, choice.IsOnce);
                Range(choice.Range);
                Body("body", choice.Body);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        private void Line(string id, ImmutableArray<OutlineExpression> substitutions, OutlineCondition? condition, bool once)
        {
            w.WriteString("id", id);
            w.WriteString("text", context.RawText(id));
            if (!substitutions.IsDefaultOrEmpty)
            {
                w.WriteStartArray("substitutions");
                foreach (var s in substitutions)
                {
                    Expression(s);
                }

                w.WriteEndArray();
            }

            if (condition is not null)
            {
                w.WritePropertyName("condition");
                Condition(condition);
            }

            if (once)
            {
                w.WriteBoolean("once", true);
            }
        }

        private void Condition(OutlineCondition c)
        {
            w.WriteStartObject();
            w.WriteString("proven", c.Value switch
            {
                ConditionValue.AlwaysTrue => "alwaysTrue",
                ConditionValue.AlwaysFalse => "alwaysFalse",
                _ => "unknown",
            });
            if (c.Expression is { } e)
            {
                w.WriteString("yarn", e.ToString());
                w.WritePropertyName("expression");
                Expression(e);
            }

            Range(c.Range);
            w.WriteEndObject();
        }

        private void Expression(OutlineExpression e)
        {
            w.WriteStartObject();
            switch (e.Kind)
            {
                case OutlineExpressionKind.Literal:
                    w.WriteString("kind", "literal");
                    w.WritePropertyName("value");
                    Value(e.Value);
                    break;
                case OutlineExpressionKind.Variable:
                    w.WriteString("kind", "variable");
                    w.WriteString("name", e.Name);
                    break;
                case OutlineExpressionKind.EnumCase:
                    w.WriteString("kind", "enumCase");
                    w.WriteString("name", e.Name);
                    w.WritePropertyName("value");
                    Value(e.Value);
                    break;
                case OutlineExpressionKind.Unary:
                    w.WriteString("kind", "unary");
                    w.WriteString("operator", e.Operator == OutlineOperator.Not ? "not" : "-");
                    w.WritePropertyName("operand");
                    Expression(e.Operands[0]);
                    break;
                case OutlineExpressionKind.Binary:
                    w.WriteString("kind", "binary");
                    w.WriteString("operator", OutlineExpression.Symbol(e.Operator));
                    w.WritePropertyName("left");
                    Expression(e.Operands[0]);
                    w.WritePropertyName("right");
                    Expression(e.Operands[1]);
                    break;
                case OutlineExpressionKind.Call:
                    w.WriteString("kind", "call");
                    w.WriteString("function", e.Name);
                    w.WriteStartArray("arguments");
                    foreach (var a in e.Operands)
                    {
                        Expression(a);
                    }

                    w.WriteEndArray();
                    break;
                default:
                    w.WriteString("kind", "invalid");
                    break;
            }

            Range(e.Range);
            w.WriteEndObject();
        }

        private void Value(StoryValue v)
        {
            switch (v.Kind)
            {
                case ValueKind.Number when double.IsFinite(v.AsNumber):
                    w.WriteNumberValue(v.AsNumber);
                    break;
                case ValueKind.Number:
                    w.WriteStringValue(double.IsNaN(v.AsNumber) ? "NaN" : v.AsNumber > 0 ? "Infinity" : "-Infinity");
                    break;
                case ValueKind.String:
                    w.WriteStringValue(v.AsString);
                    break;
                case ValueKind.Bool:
                    w.WriteBooleanValue(v.AsBool);
                    break;
                default:
                    w.WriteNullValue();
                    break;
            }
        }

        private void Type(string name, StoryType type)
        {
            w.WriteStartObject(name);
            w.WriteString("name", type.Name);
            w.WriteString("kind", type.Kind switch
            {
                ValueKind.Number => "number",
                ValueKind.String => "string",
                ValueKind.Bool => "bool",
                _ => "any",
            });
            w.WriteBoolean("enum", type.IsEnum);
            w.WriteEndObject();
        }

        private void Range(SourceRange r)
        {
            if (!ranges)
            {
                return;
            }

            w.WriteStartArray("range");
            w.WriteNumberValue(r.StartLine);
            w.WriteNumberValue(r.StartColumn);
            w.WriteNumberValue(r.EndLine);
            w.WriteNumberValue(r.EndColumn);
            w.WriteEndArray();
        }
    }
}
