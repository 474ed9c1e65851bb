namespace GameBook.Syntax;

internal sealed class HeaderSyntax(string key, string value, int start, int end, int valueStart)
{
    public string Key { get; } = key;

    public string Value { get; } = value;

    public int Start { get; } = start;

    public int End { get; } = end;

    public int ValueStart { get; } = valueStart;
}

/// <summary>A parsed node: its headers, parsed <c>when:</c> conditions and body.</summary>
internal sealed class NodeSyntax(SourceText source, string title, int titleStart, int titleEnd, int line, IReadOnlyList<HeaderSyntax> headers, IReadOnlyList<WhenClause> when, IReadOnlyList<Statement> body, int bodyStart = 0, int bodyEnd = 0)
{
    public SourceText Source { get; } = source;

    public string Title { get; } = title;

    public int TitleStart { get; } = titleStart;

    public int TitleEnd { get; } = titleEnd;

    /// <summary>1-based line of the title header.</summary>
    public int Line { get; } = line;

    public IReadOnlyList<HeaderSyntax> Headers { get; } = headers;

    public IReadOnlyList<WhenClause> When { get; } = when;

    public IReadOnlyList<Statement> Body { get; } = body;

    /// <summary>Offset of the body's first line (after <c>---</c>) in <see cref="Source"/>.</summary>
    public int BodyStart { get; } = bodyStart;

    /// <summary>Offset just past the body (the start of its <c>===</c> line, or the end of the file).</summary>
    public int BodyEnd { get; } = bodyEnd;

    public string? Header(string key)
    {
        foreach (var h in Headers)
        {
            if (h.Key == key)
            {
                return h.Value;
            }
        }

        return null;
    }
}

/// <summary>A <c>when:</c> header: <c>always</c>, <c>once</c>, <c>once if e</c> or an expression.</summary>
internal sealed class WhenClause(int start, int end, bool always, bool once, Expr? condition)
{
    public int Start { get; } = start;

    public int End { get; } = end;

    public bool Always { get; } = always;

    public bool Once { get; } = once;

    public Expr? Condition { get; } = condition;
}

internal sealed class FileSyntax(SourceText source, IReadOnlyList<NodeSyntax> nodes)
{
    public SourceText Source { get; } = source;

    public IReadOnlyList<NodeSyntax> Nodes { get; } = nodes;
}
