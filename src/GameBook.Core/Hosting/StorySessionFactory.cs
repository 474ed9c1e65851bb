using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using GameBook.Library;
using GameBook.Runtime;
using Microsoft.Extensions.Options;

namespace GameBook.Hosting;

internal sealed class StorySessionFactory : IStorySessionFactory
{
    private static readonly string DefaultStartNode = new SessionOptions().StartNode;

    private readonly IStoryCatalog _catalog;
    private readonly IMeterFactory? _meterFactory;
    private readonly int _maxInstructionsPerStep;
    private readonly FunctionLibrary _library;

    public StorySessionFactory(
        IStoryCatalog catalog,
        IOptions<GameBookOptions> options,
        IOptions<GameBookLibraryOptions> libraryOptions,
        IMeterFactory? meterFactory = null)
    {
        _catalog = catalog;
        _meterFactory = meterFactory;
        _maxInstructionsPerStep = options.Value.MaxInstructionsPerStep;
        _library = libraryOptions.Value.CreateLibrary(); // built once, then only read by sessions
    }

    public StorySession CreateSession(string storyName, string? startNode = null, ulong? seed = null)
    {
        if (!TryCreateSession(storyName, out var session, startNode, seed))
        {
            var known = string.Join(", ", _catalog.Stories.Keys.Order(StringComparer.Ordinal));
            throw new ArgumentException(
                $"The story catalog has no compiled story named '{storyName}' (known: {(known.Length == 0 ? "none" : known)}). Check the name, and the catalog's diagnostics for that story.",
                nameof(storyName));
        }

        return session;
    }

    public bool TryCreateSession(string storyName, [NotNullWhen(true)] out StorySession? session, string? startNode = null, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(storyName);
        if (!_catalog.TryGetStory(storyName, out var story))
        {
            session = null;
            return false;
        }

        var options = new SessionOptions
        {
            StartNode = startNode ?? DefaultStartNode,
            Seed = seed,
            MaxInstructionsPerStep = _maxInstructionsPerStep,
            Library = _library,
            MeterFactory = _meterFactory,
        };
        session = story.CreateSession(options);
        return true;
    }
}
