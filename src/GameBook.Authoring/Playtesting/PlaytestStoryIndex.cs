using System.Runtime.CompilerServices;
using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>
/// Per story, built once and shared by every playthrough: line IDs to <see cref="Story.Lines"/> indexes, and the
/// tracked variables. Immutable once built, so safe to read from any thread.
/// </summary>
internal sealed class PlaytestStoryIndex
{
    private static readonly ConditionalWeakTable<Story, PlaytestStoryIndex> Cache = [];

    // Sessions hand out the very string instances Story.Lines holds, so an identity lookup (no string hashing) finds
    // them; the ordinal table is the fallback for any ID built elsewhere.
    private readonly Dictionary<string, int> _byReference;
    private readonly Dictionary<string, int> _byOrdinal;

    private PlaytestStoryIndex(Story story)
    {
        Story = story;
        var lines = story.Lines;
        _byReference = new Dictionary<string, int>(lines.Count, ReferenceEqualityComparer.Instance);
        _byOrdinal = new Dictionary<string, int>(lines.Count, StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            _byReference.TryAdd(lines[i].Id, i);
            _byOrdinal.TryAdd(lines[i].Id, i);
        }

        NodeCount = story.Nodes.Count;
        LineCount = lines.Count;
    }

    public Story Story { get; }

    public int NodeCount { get; }

    public int LineCount { get; }

    public static PlaytestStoryIndex For(Story story) => Cache.GetValue(story, static s => new PlaytestStoryIndex(s));

    /// <summary>The <see cref="Story.Lines"/> index of line <paramref name="id"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int LineIndex(string id)
    {
        if (_byReference.TryGetValue(id, out var index))
        {
            return index;
        }

        return id is not null && _byOrdinal.TryGetValue(id, out index) ? index : -1;
    }

    /// <summary>The variables to track: the named ones (checked), or every number and bool variable.</summary>
    /// <exception cref="ArgumentException">A named variable does not exist or is smart.</exception>
    public IReadOnlyList<StoryVariableInfo> TrackedVariables(IReadOnlyList<string>? names)
    {
        var variables = Story.Variables;
        if (names is null)
        {
            return [.. variables
                .Where(v => !v.IsSmart && v.Type.Kind is Values.ValueKind.Number or Values.ValueKind.Bool)
                .OrderBy(v => v.Name, StringComparer.Ordinal)];
        }

        var list = new List<StoryVariableInfo>();
        foreach (var name in names)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(names));
            var full = name.StartsWith('$') ? name : "$" + name;
            var variable = variables.FirstOrDefault(v => v.Name == full)
                ?? throw new ArgumentException($"The story has no variable named '{full}' to track.", nameof(names));
            if (variable.IsSmart)
            {
                throw new ArgumentException($"{full} is a smart variable; track the variables it is computed from.", nameof(names));
            }

            if (!list.Contains(variable))
            {
                list.Add(variable);
            }
        }

        return [.. list.OrderBy(v => v.Name, StringComparer.Ordinal)];
    }
}
