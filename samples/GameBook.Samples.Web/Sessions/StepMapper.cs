using System.Runtime.CompilerServices;
using GameBook.Runtime;

namespace GameBook.Samples.Web.Sessions;

/// <summary>Turns engine steps into <see cref="StepDto"/>s, and finds the node a session is in. Thread-safe.</summary>
internal static class StepMapper
{
    private static readonly ConditionalWeakTable<Story, Dictionary<string, StoryNodeInfo>> NodesByStory = [];
    private static readonly IReadOnlyDictionary<string, string> NoProperties = new Dictionary<string, string>();

    /// <summary>The unique name of the innermost node on the session's call stack; null when it has left every node.</summary>
    public static string? CurrentNode(StorySession session)
    {
        var stack = session.Save().CallStack;
        return stack.Count == 0 ? null : stack[^1];
    }

    /// <summary>The innermost node of a snapshot's call stack, or null.</summary>
    public static string? CurrentNode(SessionSnapshot snapshot)
    {
        var stack = snapshot.CallStack;
        return stack.Count == 0 ? null : stack[^1];
    }

    /// <summary>True when <paramref name="uniqueName"/> is a node tagged <c>ending</c> or <c>death</c>.</summary>
    public static bool IsEnding(Story story, string? uniqueName) =>
        uniqueName is not null && Nodes(story).TryGetValue(uniqueName, out var node) && node.IsEnding;

    /// <summary>The step as sent; for the end, <paramref name="node"/> is the node the session ended in.</summary>
    public static StepDto ToDto(Story story, in StoryStep step, string? node) => step.Kind switch
    {
        StepKind.Line => new StepDto("line", node, Line: ToDto(step.Line)),
        StepKind.Options => new StepDto("options", node, Options: ToDto(step.Options)),
        StepKind.Command => new StepDto("command", node, Command: new CommandDto(step.Command.Text, step.Command.Name, [.. step.Command.Arguments])),
        StepKind.Error => new StepDto("error", node, Error: new StepErrorDto(step.Error?.Kind.ToString() ?? "Unknown", step.Error?.Message ?? "The session stopped with an error.")),
        _ => new StepDto("end", node, Ending: IsEnding(story, node)),
    };

    private static LineDto ToDto(in StoryLine line)
    {
        var attributes = line.Attributes;
        var dtos = attributes is null || attributes.Count == 0 ? [] : new AttributeDto[attributes.Count];
        for (var i = 0; i < dtos.Length; i++)
        {
            var a = attributes![i];
            dtos[i] = new AttributeDto(a.Name, a.Position, a.Length, a.Properties ?? NoProperties);
        }

        return new LineDto(line.Id, line.Text, line.CharacterName, line.Tags.IsDefault ? [] : line.Tags, dtos);
    }

    private static OptionDto[] ToDto(OptionSet options)
    {
        var dtos = new OptionDto[options.Count];
        for (var i = 0; i < dtos.Length; i++)
        {
            var option = options[i];
            var tags = option.Line.Tags;
            dtos[i] = new OptionDto(option.Index, option.Text, option.IsAvailable, tags.IsDefault ? [] : tags);
        }

        return dtos;
    }

    private static Dictionary<string, StoryNodeInfo> Nodes(Story story) =>
        NodesByStory.GetValue(story, static s =>
        {
            var map = new Dictionary<string, StoryNodeInfo>(StringComparer.Ordinal);
            foreach (var node in s.Nodes)
            {
                map[node.UniqueName] = node;
            }

            return map;
        });
}
