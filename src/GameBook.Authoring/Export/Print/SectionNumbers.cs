using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// Which printed section number each node has. Saved as a small text file (<see cref="ToMapText"/>) beside the
/// story and handed back through <see cref="PrintOptions.PreviousNumbers"/>, it makes a re-run after edits keep every
/// number already assigned, so a printed proof and the new export agree. Immutable and thread-safe.
/// </summary>
public sealed class SectionNumbers
{
    /// <summary>The first line of a number-map file.</summary>
    public const string MapHeader = "# GameBook section numbers v1: <section><TAB><node>";

    private readonly FrozenDictionary<string, int> _byNode;
    private readonly FrozenDictionary<int, string> _byNumber;

    internal SectionNumbers(IReadOnlyDictionary<string, int> byNode)
    {
        _byNode = byNode.ToFrozenDictionary(StringComparer.Ordinal);
        _byNumber = byNode.ToFrozenDictionary(p => p.Value, p => p.Key);
        Entries = [.. byNode.OrderBy(p => p.Value).Select(p => new KeyValuePair<int, string>(p.Value, p.Key))];
    }

    /// <summary>No numbers.</summary>
    public static SectionNumbers Empty { get; } = new(new Dictionary<string, int>());

    /// <summary>Every (section number, node unique name) pair, by number.</summary>
    public ImmutableArray<KeyValuePair<int, string>> Entries { get; }

    /// <summary>How many nodes have a number.</summary>
    public int Count => Entries.Length;

    /// <summary>The section number of the node with this unique name, or null.</summary>
    public int? NumberOf(string uniqueName)
    {
        ArgumentNullException.ThrowIfNull(uniqueName);
        return _byNode.TryGetValue(uniqueName, out var n) ? n : null;
    }

    /// <summary>The unique name of the node printed as section <paramref name="number"/>, or null.</summary>
    public string? NodeAt(int number) => _byNumber.TryGetValue(number, out var name) ? name : null;

    /// <summary>The number-map file: <see cref="MapHeader"/>, then one <c>number&lt;TAB&gt;node</c> line per section, by number, <c>\n</c> line ends.</summary>
    public string ToMapText()
    {
        var sb = new StringBuilder(MapHeader.Length + 2 + (Entries.Length * 16)).Append(MapHeader).Append('\n');
        foreach (var (number, node) in Entries)
        {
            sb.Append(number.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(node).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Reads a number-map file. Never throws for bad content: blank lines and <c>#</c> comments are skipped, and a
    /// line that is malformed, gives a number below 1, or repeats a node or number already read is skipped and
    /// described in <paramref name="problems"/> (with its 1-based line number).
    /// </summary>
    /// <param name="text">The file's text.</param>
    /// <param name="problems">One message per skipped line.</param>
    /// <returns>The numbers that were read.</returns>
    public static SectionNumbers Parse(string text, out ImmutableArray<string> problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        var byNode = new Dictionary<string, int>(StringComparer.Ordinal);
        var numbers = new HashSet<int>();
        var issues = ImmutableArray.CreateBuilder<string>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0 || !int.TryParse(line.AsSpan(0, tab).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                issues.Add($"line {lineNumber}: expected '<section number><TAB><node name>', found '{Clip(line)}'; the line is ignored.");
                continue;
            }

            var node = line[(tab + 1)..].Trim();
            if (number < 1 || node.Length == 0)
            {
                issues.Add($"line {lineNumber}: {(number < 1 ? $"section {number} is below 1" : "the node name is empty")}; the line is ignored.");
            }
            else if (byNode.TryGetValue(node, out var first))
            {
                issues.Add($"line {lineNumber}: node '{Clip(node)}' is listed twice; the first number ({first}) is kept.");
            }
            else if (!numbers.Add(number))
            {
                issues.Add($"line {lineNumber}: section {number} is listed twice; the first node is kept.");
            }
            else
            {
                byNode[node] = number;
            }
        }

        problems = issues.ToImmutable();
        return new SectionNumbers(byNode);
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
