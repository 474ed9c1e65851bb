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
    private readonly ISaveMigrator? _saveMigrator;

    public StorySessionFactory(
        IStoryCatalog catalog,
        IOptions<GameBookOptions> options,
        IOptions<GameBookLibraryOptions> libraryOptions,
        IMeterFactory? meterFactory = null,
        ISaveMigrator? saveMigrator = null)
    {
        _catalog = catalog;
        _meterFactory = meterFactory;
        _saveMigrator = saveMigrator;
        _maxInstructionsPerStep = options.Value.MaxInstructionsPerStep;
        _library = libraryOptions.Value.CreateLibrary(); // built once, then only read by sessions
    }

    public RestoreResult Restore(string storyName, SessionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(storyName);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!_catalog.TryGetStory(storyName, out var story))
        {
            return new RestoreResult(null, $"The story catalog has no compiled story named '{storyName}', so the save cannot be restored.", migrated: false);
        }

        return story.Restore(snapshot, CreateOptions(DefaultStartNode, seed: null));
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

        session = story.CreateSession(CreateOptions(startNode ?? DefaultStartNode, seed));
        return true;
    }

    private SessionOptions CreateOptions(string startNode, ulong? seed) => new()
    {
        StartNode = startNode,
        Seed = seed,
        MaxInstructionsPerStep = _maxInstructionsPerStep,
        Library = _library,
        MeterFactory = _meterFactory,
        SaveMigrator = _saveMigrator,
    };
}
