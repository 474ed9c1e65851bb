using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using GameBook.Compilation;
using GameBook.Library;
using GameBook.Runtime;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace GameBook.Hosting;

/// <summary>
/// The stories of one folder (<see cref="GameBookOptions.StoriesPath"/>), compiled once and cached: each
/// <c>.yarn</c> file directly in the folder is a story named after the file, each subfolder a story named after
/// the folder made of all the <c>.yarn</c> files below it. With <see cref="GameBookOptions.ReloadOnChange"/> the
/// catalog watches the folder and, after <see cref="GameBookOptions.ReloadDebounce"/> without further changes,
/// recompiles the stories whose files changed; a story whose new version fails to compile keeps serving its
/// last good version, and the failure is logged.
/// </summary>
/// <remarks>
/// Thread-safe: lookups never block and see either the state before or after a reload. The catalog loads
/// on first use, or at host start when registered by <c>AddGameBook</c>. Usable without a host:
/// <code>using var catalog = new StoryCatalog(new GameBookOptions { StoriesPath = "stories" });</code>
/// </remarks>
public sealed class StoryCatalog : IStoryCatalog, IDisposable
{
    private const string WatchPattern = "**/*" + GameBookDefaults.StoryFileExtension;

    private readonly Func<FunctionLibrary> _libraryFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IMeterFactory? _meterFactory;
    private readonly bool _requireFolder;
    private readonly bool _reloadOnChange;
    private readonly TimeSpan _reloadDebounce;
    private readonly int _maxNestingDepth;
    private readonly bool _trackAllVisits;
    private readonly bool _includeOutline;

    private readonly Lock _loadGate = new();
    private readonly Lock _timerGate = new();
    private volatile CatalogState _state = CatalogState.Empty;
    private volatile bool _loaded;
    private volatile bool _disposed;
    private CancellationTokenSource _changeSource = new();
    private PhysicalFileProvider? _fileProvider;
    private IDisposable? _watchRegistration;
    private bool _watchingRoot;
    private FileSystemWatcher? _folderWatcher;
    private ITimer? _debounceTimer;

    /// <summary>Creates a catalog of the stories in <see cref="GameBookOptions.StoriesPath"/> (relative to the current directory).</summary>
    /// <param name="options">The options; read once, here. Invalid values throw <see cref="ArgumentException"/>.</param>
    /// <param name="libraryFactory">Creates the function library of each compilation; null: the built-ins only.</param>
    /// <param name="logger">Receives compilation diagnostics and reload events; null: none.</param>
    /// <param name="timeProvider">Times the reload debounce; null: <see cref="TimeProvider.System"/>.</param>
    /// <param name="meterFactory">The meter factory the compiler records into; null: the process-wide meter.</param>
    public StoryCatalog(
        GameBookOptions options,
        Func<FunctionLibrary>? libraryFactory = null,
        ILogger<StoryCatalog>? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
        : this(options, libraryFactory, (ILogger?)logger, timeProvider, meterFactory, baseDirectory: null)
    {
    }

    internal StoryCatalog(
        GameBookOptions options,
        Func<FunctionLibrary>? libraryFactory,
        ILogger? logger,
        TimeProvider? timeProvider,
        IMeterFactory? meterFactory,
        string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new GameBookOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        RootPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.StoriesPath, baseDirectory ?? Directory.GetCurrentDirectory()));
        _requireFolder = options.RequireStoriesFolder;
        _reloadOnChange = options.ReloadOnChange;
        _reloadDebounce = options.ReloadDebounce;
        _maxNestingDepth = options.MaxNestingDepth;
        _trackAllVisits = options.TrackAllVisits;
        _includeOutline = options.IncludeOutline;
        _libraryFactory = libraryFactory ?? (static () => new FunctionLibrary());
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _meterFactory = meterFactory;
    }

    /// <summary>The full path of the stories folder.</summary>
    public string RootPath { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Story> Stories
    {
        get
        {
            EnsureLoaded();
            return _state.Stories;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Names
    {
        get
        {
            EnsureLoaded();
            return _state.Names;
        }
    }

    /// <inheritdoc/>
    public event EventHandler<StoryCatalogChangedEventArgs>? Changed;

    /// <inheritdoc/>
    public bool TryGetStory(string name, [NotNullWhen(true)] out Story? story)
    {
        ArgumentNullException.ThrowIfNull(name);
        EnsureLoaded();
        return _state.Stories.TryGetValue(name, out story);
    }

    /// <inheritdoc/>
    public ImmutableArray<Diagnostic> GetDiagnostics(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        EnsureLoaded();
        return _state.Entries.TryGetValue(name, out var entry) ? entry.Diagnostics : [];
    }

    /// <inheritdoc/>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changeSource).Token);

    /// <summary>
    /// Compiles the stories and starts watching the folder, unless already done. Lookups call it on first use.
    /// A missing folder is logged and leaves the catalog empty, or throws <see cref="DirectoryNotFoundException"/>
    /// when <see cref="GameBookOptions.RequireStoriesFolder"/> is set.
    /// </summary>
    public void Load()
    {
        if (_loaded)
        {
            return;
        }

        StoryCatalogChangedEventArgs? changes;
        lock (_loadGate)
        {
            if (_loaded)
            {
                return;
            }

            changes = LoadCore();
        }

        Notify(changes);
    }

    /// <summary>
    /// Rescans the folder now and recompiles the stories whose files changed (what a detected change does after
    /// the debounce). Useful when <see cref="GameBookOptions.ReloadOnChange"/> is off.
    /// </summary>
    public void Reload()
    {
        StoryCatalogChangedEventArgs? changes;
        lock (_loadGate)
        {
            changes = LoadCore();
        }

        Notify(changes);
    }

    /// <summary>Stops watching the folder. Stories already handed out stay usable.</summary>
    public void Dispose()
    {
        lock (_timerGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _debounceTimer?.Dispose();
        }

        lock (_loadGate)
        {
            _watchRegistration?.Dispose();
            _fileProvider?.Dispose();
            _folderWatcher?.Dispose();
        }
    }

    /// <summary>Called by the file watcher; (re)starts the debounce timer.</summary>
    internal void OnSourcesChanged()
    {
        lock (_timerGate)
        {
            if (_disposed)
            {
                return;
            }

            Log.ChangeDetected(_logger, RootPath, _reloadDebounce);
            _debounceTimer ??= _timeProvider.CreateTimer(
                static state => ((StoryCatalog)state!).OnDebounceElapsed(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _debounceTimer.Change(_reloadDebounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDebounceElapsed()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            StoryCatalogChangedEventArgs? changes;
            lock (_loadGate)
            {
                if (_disposed)
                {
                    return; // disposed while the timer fired: nothing to reload, nobody to tell
                }

                changes = LoadCore();
            }

            Notify(changes);
        }
#pragma warning disable CA1031 // A timer callback must not crash the process; the failure is logged and the next change retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ReloadFailed(_logger, ex, RootPath);
        }
    }

    private void EnsureLoaded()
    {
        if (!_loaded)
        {
            Load();
        }
    }

    private StoryCatalogChangedEventArgs? LoadCore()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // Watch before scanning, so a change made during the scan triggers another reload instead of being lost.
        if (_reloadOnChange && !_watchingRoot)
        {
            StartWatching();
        }

        var changes = Rescan();
        _loaded = true;
        return changes;
    }

    /// <summary>
    /// Watches the stories folder's <c>.yarn</c> files. While the folder does not exist, watches its parent (not
    /// recursively) for the folder's creation instead, and moves to the folder once a reload finds it.
    /// </summary>
    private void StartWatching()
    {
        try
        {
            if (!Directory.Exists(RootPath))
            {
                var parent = Path.GetDirectoryName(RootPath);
                if (_folderWatcher is null && parent is not null && Directory.Exists(parent))
                {
                    var watcher = new FileSystemWatcher(parent, Path.GetFileName(RootPath))
                    {
                        IncludeSubdirectories = false,
                        NotifyFilter = NotifyFilters.DirectoryName,
                    };
                    watcher.Created += (_, _) => OnSourcesChanged();
                    watcher.Renamed += (_, _) => OnSourcesChanged();
                    watcher.EnableRaisingEvents = true;
                    _folderWatcher = watcher;
                }

                return;
            }

            _folderWatcher?.Dispose();
            _folderWatcher = null;
            var provider = new PhysicalFileProvider(RootPath, ExclusionFilters.Sensitive);
            _fileProvider = provider;
            _watchRegistration = ChangeToken.OnChange(() => provider.Watch(WatchPattern), OnSourcesChanged);
            _watchingRoot = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException or ArgumentException)
        {
            _watchingRoot = true; // do not retry (and log) on every reload
            Log.WatchFailed(_logger, ex, RootPath);
        }
    }

    private StoryCatalogChangedEventArgs? Rescan()
    {
        var found = Scan();
        if (found is null)
        {
            if (_requireFolder)
            {
                throw new DirectoryNotFoundException(
                    $"The stories folder '{RootPath}' does not exist. Create it, or set GameBook:StoriesPath to the folder that holds the .yarn files.");
            }

            Log.StoriesFolderMissing(_logger, RootPath);
            found = [];
        }

        var previous = _state;
        var entries = previous.Entries.ToBuilder();
        List<string> added = [], updated = [], removed = [], failed = [];

        foreach (var (name, sources) in found)
        {
            previous.Entries.TryGetValue(name, out var old);
            if (sources is null || (old is not null && old.Sources.SequenceEqual(sources.Value)))
            {
                continue; // unreadable right now (logged; retried on the next change), or unchanged
            }

            var result = Compile(name, sources.Value);
            if (result is null)
            {
                continue;
            }

            var diagnostics = result.Diagnostics.IsDefault ? [] : result.Diagnostics;
            LogDiagnostics(name, diagnostics);
            if (!result.HasErrors && result.Story is not null)
            {
                entries[name] = new Entry(sources.Value, result.Story, diagnostics);
                (old?.Story is null ? added : updated).Add(name);
                int warnings = Count(diagnostics, DiagnosticSeverity.Warning);
                Log.StoryCompiled(_logger, name, sources.Value.Length, warnings);
            }
            else
            {
                entries[name] = new Entry(sources.Value, old?.Story, diagnostics);
                failed.Add(name);
                int errors = Count(diagnostics, DiagnosticSeverity.Error);
                if (old?.Story is { } lastGood)
                {
                    Log.StoryKeptLastGood(_logger, name, errors, lastGood.Fingerprint);
                }
                else
                {
                    Log.StoryFailed(_logger, name, errors);
                }
            }
        }

        foreach (var name in previous.Entries.Keys)
        {
            if (!found.ContainsKey(name))
            {
                entries.Remove(name);
                removed.Add(name);
                Log.StoryRemoved(_logger, name);
            }
        }

        var next = new CatalogState(entries.ToImmutable());
        _state = next;
        if (!_loaded || added.Count + updated.Count + removed.Count + failed.Count > 0)
        {
            Log.CatalogLoaded(_logger, next.Stories.Count, RootPath);
        }

        return added.Count + updated.Count + removed.Count + failed.Count == 0
            ? null
            : new StoryCatalogChangedEventArgs([.. added], [.. updated], [.. removed], [.. failed]);
    }

    private CompilationResult? Compile(string name, ImmutableArray<StorySource> sources)
    {
        var options = new CompileOptions
        {
            Library = _libraryFactory(),
            MaxNestingDepth = _maxNestingDepth,
            TrackAllVisits = _trackAllVisits,
            IncludeOutline = _includeOutline,
            MeterFactory = _meterFactory,
        };
        try
        {
            return StoryCompiler.Compile(sources, options);
        }
#pragma warning disable CA1031 // Bad story input yields diagnostics; a throwing compiler is a bug, logged so one story cannot take the catalog down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CompilerFailed(_logger, ex, name);
            return null;
        }
    }

    private void LogDiagnostics(string name, ImmutableArray<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            var level = diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => LogLevel.Error,
                DiagnosticSeverity.Warning => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            Log.StoryDiagnostic(_logger, level, name, diagnostic);
        }
    }

    private static int Count(ImmutableArray<Diagnostic> diagnostics, DiagnosticSeverity severity)
    {
        int count = 0;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == severity)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The stories in the folder and their sources, by name; a null value marks a story with an unreadable file.
    /// Null when the folder does not exist.
    /// </summary>
    private SortedDictionary<string, ImmutableArray<StorySource>?>? Scan()
    {
        try
        {
            if (!Directory.Exists(RootPath))
            {
                return null;
            }

            var stories = new SortedDictionary<string, ImmutableArray<StorySource>?>(StringComparer.Ordinal);
            foreach (var file in StoryFiles(RootPath, SearchOption.TopDirectoryOnly))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                stories[name] = ReadSources(name, [file]);
            }

            foreach (var folder in Directory.EnumerateDirectories(RootPath).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                if (IsHidden(name))
                {
                    continue;
                }

                var files = StoryFiles(folder, SearchOption.AllDirectories);
                if (files.Count == 0)
                {
                    continue;
                }

                if (stories.ContainsKey(name))
                {
                    Log.StoryNameConflict(_logger, name);
                    continue;
                }

                stories[name] = ReadSources(name, files);
            }

            return stories;
        }
        catch (DirectoryNotFoundException)
        {
            return null; // deleted while scanning
        }
    }

    private ImmutableArray<StorySource>? ReadSources(string name, List<string> files)
    {
        var sources = ImmutableArray.CreateBuilder<StorySource>(files.Count);
        foreach (var file in files)
        {
            try
            {
                var relative = Path.GetRelativePath(RootPath, file).Replace(Path.DirectorySeparatorChar, '/');
                sources.Add(new StorySource(relative, File.ReadAllText(file)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.SourceUnreadable(_logger, ex, file, name);
                return null;
            }
        }

        return sources.MoveToImmutable();
    }

    private static List<string> StoryFiles(string folder, SearchOption search) =>
        Directory.EnumerateFiles(folder, "*" + GameBookDefaults.StoryFileExtension, search)
            .Where(f => f.EndsWith(GameBookDefaults.StoryFileExtension, StringComparison.OrdinalIgnoreCase)
                && !IsHidden(Path.GetFileName(f))
                && !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(IsHidden))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsHidden(string name) => name.StartsWith('.');

    private void Notify(StoryCatalogChangedEventArgs? changes)
    {
        if (changes is null)
        {
            return;
        }

        var fired = Interlocked.Exchange(ref _changeSource, new CancellationTokenSource());
        fired.Cancel();
        Changed?.Invoke(this, changes);
    }

    private sealed record Entry(ImmutableArray<StorySource> Sources, Story? Story, ImmutableArray<Diagnostic> Diagnostics);

    private sealed class CatalogState
    {
        public static readonly CatalogState Empty = new(ImmutableDictionary.Create<string, Entry>(StringComparer.Ordinal));

        public CatalogState(ImmutableDictionary<string, Entry> entries)
        {
            Entries = entries;
            Stories = entries
                .Where(e => e.Value.Story is not null)
                .ToImmutableDictionary(e => e.Key, e => e.Value.Story!, StringComparer.Ordinal);
            Names = [.. entries.Keys];
        }

        public ImmutableArray<string> Names { get; }

        public ImmutableDictionary<string, Entry> Entries { get; }

        public ImmutableDictionary<string, Story> Stories { get; }
    }
}
