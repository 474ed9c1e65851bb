using System.Collections.Immutable;
using GameBook.Compiled;
using GameBook.Syntax;
using GameBook.Text;

namespace GameBook.Compilation;

/// <summary>
/// Gives every line, option and line-group item its ID (from <c>#line:</c>, or one generated from its node and
/// content: see docs/saves.md, "Identities"),
/// parses its template, and checks line IDs for duplicates and shadow lines against their sources.
/// </summary>
internal sealed class LineRegistry(DiagnosticBag diagnostics)
{
    private readonly Dictionary<string, (LineContent Content, SourceText Source)> _explicit = new(StringComparer.Ordinal);
    private readonly List<(LineContent Content, SourceText Source, string ShadowOf)> _shadows = [];
    private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _generatedInNode = new(StringComparer.Ordinal);

    // Templates are immutable, so lines with the same raw text share one (stories repeat lines a lot).
    private readonly Dictionary<(string Raw, int Substitutions), (LineTemplate Template, ImmutableArray<TemplateError> Errors)> _templates = [];

    public List<CompiledLine> Lines { get; } = [];

    /// <summary>
    /// Records the node's explicit <c>#line:</c> IDs before any ID is generated (call for every node first), so a
    /// generated ID never takes an ID an author wrote, wherever in the story that is.
    /// </summary>
    public void Reserve(NodeSyntax node)
    {
        var contents = new List<(LineContent Content, char Kind)>();
        Contents(node.Body, contents);
        foreach (var (content, _) in contents)
        {
            if (content.LineId is { } id)
            {
                _reserved.Add("line:" + id);
            }
        }
    }

    /// <param name="node">The node.</param>
    /// <param name="uniqueName">Its unique name, which generated IDs start with.</param>
    /// <param name="positionalName">The name saves of format versions 1 and 2 knew it by (a group member's <c>Title#2</c>), for <see cref="CompiledLine.LegacyId"/>.</param>
    public void Register(NodeSyntax node, string uniqueName, string positionalName)
    {
        var stem = Path.GetFileNameWithoutExtension(node.Source.Path);
        var contents = new List<(LineContent Content, char Kind)>();
        Contents(node.Body, contents);
        _generatedInNode.Clear();
        for (var i = 0; i < contents.Count; i++)
        {
            var (content, kind) = contents[i];
            Add(content, node.Source, uniqueName, kind, $"line:{stem}-{positionalName}-{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>
    /// The generated ID of a line without <c>#line:</c>: its node and a hash of its kind and text, so it survives lines
    /// added, removed or moved around it and a renamed file; identical texts in one node are told apart by their order.
    /// </summary>
    private string Generate(string uniqueName, char kind, string rawText)
    {
        var stem = "line:" + uniqueName + "-" + ContentHash(kind, rawText);
        var id = stem;
        for (var n = 2; _reserved.Contains(id) || !_generatedInNode.Add(id); n++)
        {
            id = stem + "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return id;
    }

    /// <summary>
    /// Eight hex digits of FNV-1a (32 bits) over a kind character and a text's UTF-16 code units: a stable,
    /// file-independent name for content. Collisions only cost a disambiguating suffix, so a fast hash is enough.
    /// Never change it: saves and string tables refer to the IDs it makes.
    /// </summary>
    internal static string ContentHash(char kind, string text)
    {
        var hash = 2166136261u;
        hash = (hash ^ kind) * 16777619u;
        foreach (var c in text)
        {
            hash = (hash ^ (c & 0xFFu)) * 16777619u;
            hash = (hash ^ ((uint)c >> 8)) * 16777619u;
        }

        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every line, option and line-group item of a body in source order, with its kind ('l', 'o', 'g').</summary>
    internal static void Contents(IReadOnlyList<Statement> statements, List<(LineContent Content, char Kind)> into)
    {
        for (var sIndex = 0; sIndex < statements.Count; sIndex++)
        {
            switch (statements[sIndex])
            {
                case LineStatement l:
                    into.Add((l.Content, 'l'));
                    break;
                case OptionsStatement o:
                    for (var itemIndex = 0; itemIndex < o.Items.Count; itemIndex++)
                    {
                        into.Add((o.Items[itemIndex].Content, 'o'));
                        Contents(o.Items[itemIndex].Body, into);
                    }

                    break;
                case LineGroupStatement g:
                    for (var itemIndex = 0; itemIndex < g.Items.Count; itemIndex++)
                    {
                        into.Add((g.Items[itemIndex].Content, 'g'));
                        Contents(g.Items[itemIndex].Body, into);
                    }

                    break;
                case IfStatement i:
                    for (var clauseIndex = 0; clauseIndex < i.Clauses.Count; clauseIndex++)
                    {
                        Contents(i.Clauses[clauseIndex].Body, into);
                    }

                    break;
                case OnceStatement once:
                    Contents(once.Body, into);
                    if (once.ElseBody is not null)
                    {
                        Contents(once.ElseBody, into);
                    }

                    break;
            }
        }
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

    private void Add(LineContent content, SourceText source, string uniqueName, char kind, string legacyId)
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
            id = Generate(uniqueName, kind, content.RawText);
        }

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
            LegacyId = explicitId is null ? legacyId : id,
            Template = template,
            Tags = content.Hashtags.Count == 0 ? [] : [.. content.Hashtags],
            File = source.Path,
            Line = source.LineIndexOf(content.Start) + 1,
        });
    }
}
