using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using GameBook.Hosting;
using GameBook.Runtime;
using SessionOptions = GameBook.Runtime.SessionOptions;

namespace GameBook.Samples.Web.Operations;

/// <summary>
/// The graph the dashboard draws for a story: its nodes and, for each option, the node a player reaches by
/// choosing it (and each node's jumps and detours made without a choice). GameBook.Core does not publish a
/// node's destinations, so they are found by running the engine: from Start, and then from the first few states
/// in which it arrived in each node, every available option is chosen on a copy of the session (save and
/// restore) and followed until the session is in another node (the first node where the story shows something:
/// a node that only jumps on is passed through, and gets its own edge when it is probed). Nodes it never arrives
/// in are entered directly with the initial state. Options unavailable in every state the probe met, and
/// branches decided by dice it did not roll, have no edge; the dashboard says so. Built once per compiled story
/// version and cached. Thread-safe.
/// </summary>
internal sealed class StoryGraphBuilder(IServiceProvider services)
{
    private const int MaxStepsPerPath = 400;
    private const int MaxNestedOptionSets = 4;
    private const int MaxStepsPerStory = 200_000;
    private const int StatesPerNode = 4;

    private readonly ConditionalWeakTable<Story, StoryGraph> _cache = [];

    /// <summary>The graph of the catalog's story <paramref name="name"/>, or null when the catalog has no such story.</summary>
    /// <param name="name">The story's name.</param>
    /// <returns>The graph.</returns>
    public StoryGraph? Get(string name)
    {
        if (services.GetService<IStoryCatalog>() is not { } catalog || !catalog.TryGetStory(name, out var story))
        {
            return null;
        }

        return _cache.GetValue(story, s => Build(name, s));
    }

    /// <summary>Probes every node of <paramref name="story"/>.</summary>
    internal static StoryGraph Build(string name, Story story)
    {
        var probe = new Probe(story);
        var nodes = new List<StoryGraphNode>(story.Nodes.Count);
        foreach (var node in story.Nodes)
        {
            nodes.Add(new StoryGraphNode(node.UniqueName, node.Name, node.Section, [.. node.Tags], node.IsEnding));
        }

        probe.Explore();
        return new StoryGraph(name, story.Fingerprint, nodes, probe.Edges, probe.Exhausted);
    }

    /// <summary>Runs the engine from each node and records where it goes. Single-threaded; one per build.</summary>
    private sealed class Probe(Story story)
    {
        private static readonly SessionOptions ProbeOptions = new() { Seed = 1, MeterFactory = UnobservedMeterFactory.Instance, MaxInstructionsPerStep = 20_000 };

        private readonly HashSet<(string From, string To, string? SetKey, string? Text)> _seen = [];
        private readonly Dictionary<string, int> _arrivals = new(StringComparer.Ordinal);
        private readonly Queue<(string Node, SessionSnapshot State)> _queue = new();
        private int _steps;

        public List<StoryGraphEdge> Edges { get; } = [];

        public bool Exhausted => _steps >= MaxStepsPerStory;

        /// <summary>
        /// Plays from Start with the story's own opening, then from the states in which the probe first arrived in
        /// each node (a few per node), so options that depend on what happened before (an item given, gold earned)
        /// are open as they are for players; nodes never arrived at are entered directly with the initial state.
        /// </summary>
        public void Explore()
        {
            if (story.ContainsNode("Start"))
            {
                try
                {
                    using var start = story.CreateSession(ProbeOptions);
                    _arrivals["Start"] = 1;
                    Follow(start, "Start", option: null, depth: 0);
                }
                catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
                {
                    // The opening needs something the probe does not have (e.g. a host function): enter nodes directly.
                }
            }

            while (_queue.Count > 0 && !Exhausted)
            {
                var (node, state) = _queue.Dequeue();
                var restored = story.Restore(state, ProbeOptions);
                if (restored.Success && restored.Session is { } session)
                {
                    using (session)
                    {
                        Follow(session, node, option: null, depth: 0);
                    }
                }
            }

            foreach (var node in story.Nodes)
            {
                if (Exhausted)
                {
                    break;
                }

                if (!_arrivals.ContainsKey(node.UniqueName))
                {
                    FromNode(node.UniqueName);
                }
            }
        }

        private void FromNode(string node)
        {
            try
            {
                using var session = story.CreateSession(ProbeOptions);
                session.JumpTo(node);
                Follow(session, node, option: null, depth: 0);
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException)
            {
                // A node the engine cannot enter on its own (e.g. it needs a host function): no edges from it.
            }
        }

        /// <summary>Runs <paramref name="session"/> (inside <paramref name="node"/>) until it leaves the node, ends or offers options.</summary>
        private void Follow(StorySession session, string node, (string SetKey, int Index, string Text)? option, int depth)
        {
            for (var i = 0; i < MaxStepsPerPath && !Exhausted; i++)
            {
                var step = session.Next();
                _steps++;
                var current = CurrentNode(session);
                if (current is not null && current != node)
                {
                    Add(node, current, option);
                    var arrivals = _arrivals.GetValueOrDefault(current);
                    if (arrivals < StatesPerNode)
                    {
                        _arrivals[current] = arrivals + 1;
                        _queue.Enqueue((current, session.Save()));
                    }

                    return;
                }

                switch (step.Kind)
                {
                    case StepKind.Line:
                    case StepKind.Command:
                        continue;
                    case StepKind.Options when depth < MaxNestedOptionSets:
                        Branch(session, node, step.Options, depth);
                        return;
                    default:
                        return; // the end, an error, or options nested too deep
                }
            }
        }

        /// <summary>Chooses each available option on its own copy of the session and follows it.</summary>
        private void Branch(StorySession session, string node, OptionSet options, int depth)
        {
            if (options.Count == 0)
            {
                return;
            }

            var setKey = options[0].Line.Id;
            var snapshot = session.Save();
            foreach (var candidate in options)
            {
                if (!candidate.IsAvailable || Exhausted)
                {
                    continue;
                }

                var restored = story.Restore(snapshot, ProbeOptions);
                if (!restored.Success || restored.Session is not { } copy)
                {
                    continue;
                }

                using (copy)
                {
                    copy.Choose(candidate.Index);
                    Follow(copy, node, (setKey, candidate.Index, candidate.Text), depth + 1);
                }
            }
        }

        private void Add(string from, string to, (string SetKey, int Index, string Text)? option)
        {
            if (_seen.Add((from, to, option?.SetKey, option?.Text)))
            {
                Edges.Add(new StoryGraphEdge(from, to, option?.SetKey, option?.Index, option?.Text));
            }
        }

        private static string? CurrentNode(StorySession session)
        {
            var stack = session.Save().CallStack;
            return stack.Count == 0 ? null : stack[^1];
        }
    }

    /// <summary>
    /// Gives the probe's sessions a meter nobody listens to (its name is outside <c>GameBook.*</c>), so probing a
    /// story does not count as sessions, steps and choices on the dashboard or in exported metrics.
    /// </summary>
    private sealed class UnobservedMeterFactory : IMeterFactory
    {
        public static readonly UnobservedMeterFactory Instance = new();

        private readonly Meter _meter = new("GameBookSamplesWeb.StoryGraphProbe.Unobserved");

        public Meter Create(MeterOptions options) => _meter;

        public void Dispose()
        {
        }
    }
}

/// <summary>A story's graph for the dashboard. Immutable.</summary>
/// <param name="Story">The story's name.</param>
/// <param name="Fingerprint">The compiled version the graph was built from.</param>
/// <param name="Nodes">Every node.</param>
/// <param name="Edges">Every destination the probe found.</param>
/// <param name="Truncated">Whether the probe stopped at its step budget before visiting every node.</param>
internal sealed record StoryGraph(string Story, string Fingerprint, IReadOnlyList<StoryGraphNode> Nodes, IReadOnlyList<StoryGraphEdge> Edges, bool Truncated);

/// <summary>A node. Immutable.</summary>
/// <param name="Id">The node's unique name (what steps and analytics name it by).</param>
/// <param name="Name">The node's title.</param>
/// <param name="Section">The printed section number, if any.</param>
/// <param name="Tags">The node's tags.</param>
/// <param name="IsEnding">Whether the node is an ending.</param>
internal sealed record StoryGraphNode(string Id, string Name, int? Section, IReadOnlyList<string> Tags, bool IsEnding);

/// <summary>
/// A move from one node to another: by an option (with the option set's key, the first option's line ID as the
/// analytics use it, and the option's index and text) or, without them, by a jump or detour.
/// </summary>
/// <param name="From">The node left.</param>
/// <param name="To">The node reached.</param>
/// <param name="OptionSetKey">The option set's key, or null for a jump.</param>
/// <param name="OptionIndex">The option's index in its set, or null for a jump.</param>
/// <param name="Text">The option's text, or null for a jump.</param>
internal sealed record StoryGraphEdge(string From, string To, string? OptionSetKey, int? OptionIndex, string? Text);

/// <summary>Source-generated JSON (camelCase, nulls omitted) of the story graph. Thread-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoryGraph))]
internal sealed partial class StoryGraphJsonContext : JsonSerializerContext;
