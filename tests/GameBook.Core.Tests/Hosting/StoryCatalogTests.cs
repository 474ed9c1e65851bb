using GameBook.Compilation;
using GameBook.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace GameBook.Core.Tests.Hosting;

public sealed class StoryCatalogTests : IDisposable
{
    private readonly TempStoryFolder _folder = new();
    private readonly FakeLogger<StoryCatalog> _logger = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_FilesAndSubfolders_OneStoryPerTopLevelFileAndPerSubfolder()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        _folder.Write("quest/start.yarn", "title: Start\n---\nOff we go.\n<<jump Cave>>\n===\n");
        _folder.Write("quest/deeper/cave.yarn", "title: Cave\n---\nIt is dark.\n===\n");
        _folder.Write("notes.txt", "not a story");
        _folder.Write("empty/readme.md", "no stories here");
        using var catalog = CreateCatalog();

        Assert.Equal<string>(["intro", "quest"], catalog.Stories.Keys.Order(StringComparer.Ordinal));
        Assert.True(catalog.TryGetStory("quest", out var quest));
        Assert.True(quest.ContainsNode("Cave")); // the subfolder's files are compiled together
        Assert.Empty(catalog.GetDiagnostics("intro").Where(d => d.Severity == GameBook.Compilation.DiagnosticSeverity.Error));
    }

    [Fact]
    public void TryGetStory_Twice_ReturnsTheCachedStory()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog();

        Assert.True(catalog.TryGetStory("intro", out var first));
        catalog.Reload(); // nothing changed: nothing is recompiled
        Assert.True(catalog.TryGetStory("intro", out var second));

        Assert.Same(first, second);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "StoryCompiled");
    }

    [Fact]
    public void TryGetStory_UnknownName_ReturnsFalseAndNoDiagnostics()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog();

        Assert.False(catalog.TryGetStory("outro", out var story));
        Assert.Null(story);
        Assert.Empty(catalog.GetDiagnostics("outro"));
    }

    [Fact]
    public void Load_StoryWithErrors_IsNotServedAndItsDiagnosticsAreKeptAndLogged()
    {
        _folder.Write("broken.yarn", Stories.Broken);
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog();

        Assert.False(catalog.TryGetStory("broken", out _));
        Assert.True(catalog.TryGetStory("intro", out _));
        var errors = catalog.GetDiagnostics("broken").Where(d => d.Severity == GameBook.Compilation.DiagnosticSeverity.Error).ToList();
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal("broken.yarn", e.File));

        var logged = _logger.Collector.GetSnapshot();
        Assert.Contains(logged, r => r.Id.Name == "StoryDiagnostic" && r.Level == LogLevel.Error && r.Message.Contains(errors[0].ToString(), StringComparison.Ordinal));
        Assert.Contains(logged, r => r.Id.Name == "StoryFailed" && r.Level == LogLevel.Error && r.Message.Contains("'broken'", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_ListStoriesThatNeverCompiled_BesideTheServedOnes()
    {
        _folder.Write("broken.yarn", Stories.Broken);
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog();

        Assert.Equal<string>(["intro"], catalog.Stories.Keys);
        Assert.Equal<string>(["broken", "intro"], catalog.Names.Order(StringComparer.Ordinal));
        Assert.NotEmpty(catalog.GetDiagnostics("broken"));
    }

    [Fact]
    public void Names_AfterAFileIsDeleted_NoLongerListIt()
    {
        _folder.Write("broken.yarn", Stories.Broken);
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog();
        Assert.Equal(2, catalog.Names.Count);

        File.Delete(Path.Combine(_folder.Path, "broken.yarn"));
        catalog.Reload();

        Assert.Equal<string>(["intro"], catalog.Names);
    }

    [Fact]
    public void Names_OfACatalogThatDoesNotImplementIt_AreTheServedStories()
    {
        IStoryCatalog catalog = new ServedOnlyCatalog(StoryCompiler.Compile([new StorySource("a.yarn", Stories.Hello())]).Story!);

        Assert.Equal<string>(["a"], catalog.Names);
    }

    [Fact]
    public void Load_MissingFolder_LogsAnErrorAndServesNothing()
    {
        var missing = Path.Combine(_folder.Path, "does-not-exist");
        using var catalog = CreateCatalog(o => o.StoriesPath = missing);

        Assert.Empty(catalog.Stories);
        var record = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "StoriesFolderMissing");
        Assert.Equal(LogLevel.Error, record.Level);
        Assert.Contains(missing, record.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingRequiredFolder_Throws()
    {
        var missing = Path.Combine(_folder.Path, "does-not-exist");
        using var catalog = CreateCatalog(o =>
        {
            o.StoriesPath = missing;
            o.RequireStoriesFolder = true;
        });

        var error = Assert.Throws<DirectoryNotFoundException>(catalog.Load);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileAndFolderWithTheSameName_KeepsTheFileAndWarns()
    {
        _folder.Write("intro.yarn", Stories.Hello("From the file."));
        _folder.Write("intro/other.yarn", Stories.Hello("From the folder."));
        using var catalog = CreateCatalog();

        Assert.True(catalog.TryGetStory("intro", out var story));
        Assert.Single(story.Nodes);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Name == "StoryNameConflict" && r.Level == LogLevel.Warning);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => new StoryCatalog(new GameBookOptions { StoriesPath = " " }));

        Assert.Contains("StoriesPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_EditedFile_UpdatesTheStoryAndFiresTheChangeToken()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog();
        Assert.True(catalog.TryGetStory("intro", out var before));
        var token = catalog.GetChangeToken();
        List<StoryCatalogChangedEventArgs> changes = [];
        catalog.Changed += (_, e) => changes.Add(e);

        _folder.Write("intro.yarn", Stories.Hello("Hello again."));
        catalog.Reload();

        Assert.True(token.HasChanged);
        Assert.False(catalog.GetChangeToken().HasChanged);
        var change = Assert.Single(changes);
        Assert.Equal<string>(["intro"], change.Updated);
        Assert.True(catalog.TryGetStory("intro", out var after));
        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
    }

    [Fact]
    public void Reload_DeletedAndAddedFiles_RemovesAndAddsStories()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog();
        catalog.Load();
        List<StoryCatalogChangedEventArgs> changes = [];
        catalog.Changed += (_, e) => changes.Add(e);

        _folder.Delete("intro.yarn");
        _folder.Write("outro.yarn", Stories.Hello("Goodbye."));
        catalog.Reload();

        var change = Assert.Single(changes);
        Assert.Equal<string>(["intro"], change.Removed);
        Assert.Equal<string>(["outro"], change.Added);
        Assert.Equal<string>(["outro"], catalog.Stories.Keys);
        Assert.Empty(catalog.GetDiagnostics("intro"));
    }

    [Fact]
    public void Reload_BrokenEdit_KeepsServingTheLastGoodVersionAndLogsWhy()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog();
        Assert.True(catalog.TryGetStory("intro", out var good));
        List<StoryCatalogChangedEventArgs> changes = [];
        catalog.Changed += (_, e) => changes.Add(e);

        _folder.Write("intro.yarn", Stories.Broken);
        catalog.Reload();

        Assert.True(catalog.TryGetStory("intro", out var served));
        Assert.Same(good, served);
        Assert.Equal<string>(["intro"], Assert.Single(changes).Failed);
        Assert.Contains(catalog.GetDiagnostics("intro"), d => d.Severity == GameBook.Compilation.DiagnosticSeverity.Error);
        var kept = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Name == "StoryKeptLastGood");
        Assert.Equal(LogLevel.Warning, kept.Level);
        Assert.Contains(good.Fingerprint, kept.Message, StringComparison.Ordinal);

        _folder.Write("intro.yarn", Stories.Hello("Fixed."));
        catalog.Reload();

        Assert.True(catalog.TryGetStory("intro", out var fixedStory));
        Assert.NotSame(good, fixedStory);
        Assert.Equal<string>(["intro"], changes[^1].Updated);
        Assert.DoesNotContain(catalog.GetDiagnostics("intro"), d => d.Severity == GameBook.Compilation.DiagnosticSeverity.Error);
    }

    [Fact]
    public void SourcesChanged_ReloadsOnlyOnceTheDebounceElapsedWithoutFurtherChanges()
    {
        var time = new FakeTimeProvider();
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog(o => o.ReloadDebounce = TimeSpan.FromSeconds(1), time);
        catalog.Load();
        int changes = 0;
        catalog.Changed += (_, _) => changes++;
        _folder.Write("intro.yarn", Stories.Hello("Hello again."));

        catalog.OnSourcesChanged();
        time.Advance(TimeSpan.FromMilliseconds(600));
        catalog.OnSourcesChanged(); // a second write restarts the wait
        time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.Equal(0, changes);

        time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(1, changes);
    }

    [Fact]
    public void Dispose_WhileAReloadIsPending_CancelsIt()
    {
        var time = new FakeTimeProvider();
        _folder.Write("intro.yarn", Stories.Hello());
        var catalog = CreateCatalog(o => o.ReloadDebounce = TimeSpan.FromSeconds(1), time);
        Assert.True(catalog.TryGetStory("intro", out var before));
        int changes = 0;
        catalog.Changed += (_, _) => changes++;
        _folder.Write("intro.yarn", Stories.Hello("Hello again."));
        catalog.OnSourcesChanged();

        catalog.Dispose();
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, changes);
        Assert.True(catalog.TryGetStory("intro", out var after)); // stories already loaded stay readable
        Assert.Same(before, after);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Watcher_EditedFile_ReloadsTheStory()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog(o =>
        {
            o.ReloadOnChange = true;
            o.ReloadDebounce = TimeSpan.FromMilliseconds(50);
        });
        Assert.True(catalog.TryGetStory("intro", out var before));
        var updated = NextChange(catalog, e => e.Updated.Contains("intro"));

        _folder.Write("intro.yarn", Stories.Hello("Hello again."));

        await Wait.For(updated);
        Assert.True(catalog.TryGetStory("intro", out var after));
        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
    }

    [Fact]
    public async Task Watcher_BrokenEditThenNewStory_KeepsTheLastGoodVersionAndAddsTheNewOne()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = CreateCatalog(o =>
        {
            o.ReloadOnChange = true;
            o.ReloadDebounce = TimeSpan.FromMilliseconds(50);
        });
        Assert.True(catalog.TryGetStory("intro", out var good));
        var failed = NextChange(catalog, e => e.Failed.Contains("intro"));

        _folder.Write("intro.yarn", Stories.Broken);
        await Wait.For(failed);

        Assert.True(catalog.TryGetStory("intro", out var served));
        Assert.Same(good, served);
        var added = NextChange(catalog, e => e.Added.Contains("side"));

        _folder.Write("side.yarn", Stories.Hello("A side quest."));
        await Wait.For(added);

        Assert.True(catalog.TryGetStory("side", out _));
        Assert.Same(good, catalog.Stories["intro"]);
    }

    [Fact]
    public async Task Watcher_MissingFolderCreatedLater_LoadsItsStoriesAndWatchesThem()
    {
        var root = Path.Combine(_folder.Path, "later");
        using var catalog = CreateCatalog(o =>
        {
            o.StoriesPath = root;
            o.ReloadOnChange = true;
            o.ReloadDebounce = TimeSpan.FromMilliseconds(50);
        });
        Assert.Empty(catalog.Stories);
        var added = NextChange(catalog, e => e.Added.Contains("intro"));

        // Build the folder beside it and move it in, so it appears complete.
        var staging = Path.Combine(_folder.Path, "staging");
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, "intro.yarn"), Stories.Hello());
        Directory.Move(staging, root);
        await Wait.For(added);

        var updated = NextChange(catalog, e => e.Updated.Contains("intro"));
        _folder.Write("later/intro.yarn", Stories.Hello("Hello again."));
        await Wait.For(updated);
    }

    private StoryCatalog CreateCatalog(Action<GameBookOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new GameBookOptions { StoriesPath = _folder.Path, ReloadOnChange = false };
        configure?.Invoke(options);
        return new StoryCatalog(options, logger: _logger, timeProvider: time);
    }

    /// <summary>Completes with the first change that matches; subscribed before the edit that causes it.</summary>
    private static Task<StoryCatalogChangedEventArgs> NextChange(StoryCatalog catalog, Func<StoryCatalogChangedEventArgs, bool> match)
    {
        var next = new TaskCompletionSource<StoryCatalogChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        catalog.Changed += (_, e) =>
        {
            if (match(e))
            {
                next.TrySetResult(e);
            }
        };
        return next.Task;
    }

    /// <summary>An <see cref="IStoryCatalog"/> written before <see cref="IStoryCatalog.Names"/> existed: it gets the default.</summary>
    private sealed class ServedOnlyCatalog(GameBook.Runtime.Story story) : IStoryCatalog
    {
        public IReadOnlyDictionary<string, GameBook.Runtime.Story> Stories { get; } = new Dictionary<string, GameBook.Runtime.Story> { ["a"] = story };

        public event EventHandler<StoryCatalogChangedEventArgs>? Changed
        {
            add { }
            remove { }
        }

        public bool TryGetStory(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GameBook.Runtime.Story? found) => Stories.TryGetValue(name, out found);

        public System.Collections.Immutable.ImmutableArray<GameBook.Compilation.Diagnostic> GetDiagnostics(string name) => [];

        public Microsoft.Extensions.Primitives.IChangeToken GetChangeToken() => Microsoft.Extensions.FileProviders.NullChangeToken.Singleton;
    }
}
