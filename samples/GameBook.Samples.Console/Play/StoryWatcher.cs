namespace GameBook.Samples.Console;

/// <summary>
/// Watches the story files for <c>play --watch</c> and reports any change (a write, or an editor's save by
/// rename) to the play loop's queue. Thread-safe; events arrive on the watcher's threads.
/// </summary>
internal sealed class StoryWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = [];

    public StoryWatcher(IEnumerable<string> files, Action changed)
    {
        foreach (var group in files.Select(Path.GetFullPath).GroupBy(f => Path.GetDirectoryName(f)!, StringComparer.Ordinal))
        {
            var names = group.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
            var watcher = new FileSystemWatcher(group.Key)
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            void OnEvent(object sender, FileSystemEventArgs e)
            {
                if (names.Contains(e.Name) || (e is RenamedEventArgs r && names.Contains(r.OldName)))
                {
                    changed();
                }
            }

            watcher.Changed += OnEvent;
            watcher.Created += OnEvent;
            watcher.Deleted += OnEvent;
            watcher.Renamed += OnEvent;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }
}
