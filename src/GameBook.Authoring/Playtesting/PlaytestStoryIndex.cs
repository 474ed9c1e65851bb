using System.Runtime.CompilerServices;
using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>
/// Per story, built once and shared by every playthrough: table sizes, line indexes, and the tracked variables. Immutable once built, so safe to read from any thread.
/// </summary>
internal sealed class PlaytestStoryIndex
{
    private static readonly ConditionalWeakTable<Story, PlaytestStoryIndex> Cache = [];

    private PlaytestStoryIndex(Story story)
    {
        Story = story;
        NodeCount = story.Nodes.Count;
        LineCount = story.Lines.Count;
        _ = story.LineIndexOf(default); // builds the story's slot table before the workers race to
    }

    public Story Story { get; }

    public int NodeCount { get; }

    public int LineCount { get; }

    public static PlaytestStoryIndex For(Story story) => Cache.GetValue(story, static s => new PlaytestStoryIndex(s));

    /// <summary>The <see cref="Story.Lines"/> index of a line or option the story's sessions produced, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int LineIndex(in StoryLine line) => Story.LineIndexOf(line);

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
