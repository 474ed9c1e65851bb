using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using GameBook.Outline;
using GameBook.Runtime;

namespace GameBook.Authoring.Export;

/// <summary>
/// What every export reads from a story: its outline, line texts by ID, and nodes by title. Built once per export
/// call; not shared, so not thread-safe (nor needs to be).
/// </summary>
internal sealed class ExportContext
{
    private readonly Dictionary<string, StoryLineInfo> _lines;

    private ExportContext(Story story, StoryOutline outline)
    {
        Story = story;
        Outline = outline;
        _lines = new Dictionary<string, StoryLineInfo>(story.Lines.Count, StringComparer.Ordinal);
        foreach (var line in story.Lines)
        {
            _lines.TryAdd(line.Id, line);
        }

        ByTitle = new Dictionary<string, OutlineNode>(outline.Nodes.Length, StringComparer.Ordinal);
        ByUniqueName = new Dictionary<string, OutlineNode>(outline.Nodes.Length, StringComparer.Ordinal);
        foreach (var node in outline.Nodes)
        {
            ByTitle.TryAdd(node.Title, node);
            ByUniqueName.TryAdd(node.UniqueName, node);
        }
    }

    public Story Story { get; }

    public StoryOutline Outline { get; }

    /// <summary>The first node with each title (a node group's first member stands for the group).</summary>
    public Dictionary<string, OutlineNode> ByTitle { get; }

    public Dictionary<string, OutlineNode> ByUniqueName { get; }

    public static ExportContext Create(Story story, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(story, parameterName);
        if (story.Outline is null)
        {
            throw new ArgumentException(
                "The story has no outline to export: compile it with new CompileOptions { IncludeOutline = true }.", parameterName);
        }

        return new ExportContext(story, story.Outline);
    }

    /// <summary>The raw text of a line as written (markup and <c>{N}</c> holes included), or empty when unknown.</summary>
    public string RawText(string lineId) => _lines.TryGetValue(lineId, out var line) ? line.Text : "";

    /// <summary>The line's text with each <c>{N}</c> hole replaced by <paramref name="hole"/>'s rendering of substitution N.</summary>
    public string Text(string lineId, ImmutableArray<OutlineExpression> substitutions, Func<OutlineExpression, string> hole) =>
        Substitute(RawText(lineId), substitutions, hole);

    /// <summary><paramref name="raw"/> with each <c>{N}</c> hole replaced by <paramref name="hole"/>'s rendering of substitution N.</summary>
    public static string Substitute(string raw, ImmutableArray<OutlineExpression> substitutions, Func<OutlineExpression, string> hole)
    {
        if (raw.IndexOf('{', StringComparison.Ordinal) < 0 || substitutions.IsDefaultOrEmpty)
        {
            return raw;
        }

        var sb = new StringBuilder(raw.Length + 16);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '{')
            {
                var close = raw.IndexOf('}', i + 1);
                if (close > i + 1 && int.TryParse(raw.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    && n < substitutions.Length)
                {
                    sb.Append(hole(substitutions[n]));
                    i = close;
                    continue;
                }
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Yarn-like rendering of a hole: <c>{$gold}</c>.</summary>
    public static string YarnHole(OutlineExpression e) => "{" + e + "}";
}
