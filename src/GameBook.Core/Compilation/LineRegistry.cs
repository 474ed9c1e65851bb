using System.Collections.Immutable;
using GameBook.Compiled;
using GameBook.Syntax;
using GameBook.Text;

namespace GameBook.Compilation;

/// <summary>
/// Gives every line, option and line-group item its ID (from <c>#line:</c>, or a stable generated one),
/// parses its template, and checks line IDs for duplicates and shadow lines against their sources.
/// </summary>
internal sealed class LineRegistry(DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, (LineContent Content, SourceText Source)> _explicit = new(StringComparer.Ordinal);
    private readonly List<(LineContent Content, SourceText Source, string ShadowOf)> _shadows = [];

    // Templates are immutable, so lines with the same raw text share one (stories repeat lines a lot).
    private readonly Dictionary<(string Raw, int Substitutions), (LineTemplate Template, ImmutableArray<TemplateError> Errors)> _templates = [];

    public List<CompiledLine> Lines { get; } = [];

    public void Register(NodeSyntax node, string uniqueName)
    {
        var stem = Path.GetFileNameWithoutExtension(node.Source.Path);
        var counter = 0;
        Visit(node.Body, node.Source, $"line:{stem}-{uniqueName}-", ref counter);
    }

    public void CheckShadows()
    {
        foreach (var (content, source, shadowOf) in _shadows)
        {
            if (!_explicit.TryGetValue(shadowOf, out var original))
            {
                diagnostics.Error(DiagnosticCodes.InvalidShadowLine, source, content.Start, content.End,
                    $"This shadow line refers to '#line:{shadowOf}', which no line has: tag the original line with '#line:{shadowOf}' or fix the ID.");
                continue;
            }

            if (content.Substitutions.Count > 0)
            {
                diagnostics.Error(DiagnosticCodes.InvalidShadowLine, source, content.Start, content.End,
                    "A shadow line cannot contain inline expressions: remove the '{...}' parts (the original line's text is used).");
            }
            else if (original.Content.RawText != content.RawText)
            {
                diagnostics.Error(DiagnosticCodes.InvalidShadowLine, source, content.Start, content.End,
                    $"This shadow line's text differs from the line '#line:{shadowOf}' it shadows: make the text identical.");
            }
        }
    }

    private void Visit(IReadOnlyList<Statement> statements, SourceText source, string prefix, ref int counter)
    {
        for (var sIndex = 0; sIndex < statements.Count; sIndex++)
        {
            var s = statements[sIndex];
            switch (s)
            {
                case LineStatement l:
                    Add(l.Content, source, prefix, ref counter);
                    break;
                case OptionsStatement o:
                    for (var itemIndex = 0; itemIndex < o.Items.Count; itemIndex++)
                    {
                        var item = o.Items[itemIndex];
                        Add(item.Content, source, prefix, ref counter);
                        Visit(item.Body, source, prefix, ref counter);
                    }

                    break;
                case LineGroupStatement g:
                    for (var itemIndex = 0; itemIndex < g.Items.Count; itemIndex++)
                    {
                        var item = g.Items[itemIndex];
                        Add(item.Content, source, prefix, ref counter);
                        Visit(item.Body, source, prefix, ref counter);
                    }

                    break;
                case IfStatement i:
                    for (var clauseIndex = 0; clauseIndex < i.Clauses.Count; clauseIndex++)
                    {
                        var clause = i.Clauses[clauseIndex];
                        Visit(clause.Body, source, prefix, ref counter);
                    }

                    break;
                case OnceStatement once:
                    Visit(once.Body, source, prefix, ref counter);
                    if (once.ElseBody is not null)
                    {
                        Visit(once.ElseBody, source, prefix, ref counter);
                    }

                    break;
            }
        }
    }

    private void Add(LineContent content, SourceText source, string prefix, ref int counter)
    {
        var explicitId = content.LineId;
        string id;
        if (explicitId is not null)
        {
            id = "line:" + explicitId;
            if (!_explicit.TryAdd(explicitId, (content, source)))
            {
                var other = _explicit[explicitId];
                diagnostics.Error(DiagnosticCodes.DuplicateLineId, source, content.Start, content.End,
                    $"The line ID '#line:{explicitId}' is already used at {other.Source.Path}({other.Source.Range(other.Content.Start, other.Content.End).StartLine}): every line ID must be unique in the story, so change one.");
            }
        }
        else
        {
            // Formatted in place: one string per generated ID instead of two.
            Span<char> digits = stackalloc char[11];
            counter.TryFormat(digits, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            id = string.Concat(prefix.AsSpan(), digits[..written]);
        }

        counter++;
        if (content.ShadowId is { } shadow)
        {
            _shadows.Add((content, source, shadow));
        }

        var key = (content.RawText, content.Substitutions.Count);
        if (!_templates.TryGetValue(key, out var parsed))
        {
            parsed.Template = LineTemplate.Parse(content.RawText, content.Substitutions.Count, out parsed.Errors);
            _templates.Add(key, parsed);
        }

        var (template, errors) = parsed;
        foreach (var error in errors)
        {
            diagnostics.Warning(DiagnosticCodes.InvalidMarkup, source, content.Start, content.End,
                $"{error.Message} (at character {error.Offset + 1} of the line's text). The line is shown as written, without markup: fix the tag, or write \\[ and \\] for literal brackets.");
        }

        content.LineIndex = Lines.Count;
        Lines.Add(new CompiledLine
        {
            Id = id,
            Template = template,
            Tags = content.Hashtags.Count == 0 ? [] : [.. content.Hashtags],
            File = source.Path,
            Line = source.LineIndexOf(content.Start) + 1,
        });
    }
}
