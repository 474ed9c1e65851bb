using System.Collections.Concurrent;

namespace GameBook.Samples.Console;

/// <summary>What the play loop waits for: a line the player typed, the end of input, or a changed story file.</summary>
internal readonly record struct PlayEvent(PlayEventKind Kind, string Text, long Change);

/// <summary>The kinds of <see cref="PlayEvent"/>.</summary>
internal enum PlayEventKind
{
    Line,
    EndOfInput,
    StoryChanged,
}

/// <summary>
/// The player's lines and the watcher's file changes in one queue, so the loop can wait for whichever comes first.
/// Lines are read on a background thread. Thread-safe.
/// </summary>
internal sealed class PlayInput : IDisposable
{
    private readonly BlockingCollection<PlayEvent> _events = [];
    private long _changes;

    public PlayInput(TextReader reader)
    {
        var thread = new Thread(() =>
        {
            try
            {
                while (reader.ReadLine() is { } line)
                {
                    _events.Add(new PlayEvent(PlayEventKind.Line, line, 0));
                }
            }
            catch (IOException)
            {
                // An input that breaks ends like one that ends.
            }
            catch (InvalidOperationException)
            {
                // Disposed while reading.
                return;
            }

            if (!_events.IsAddingCompleted)
            {
                _events.Add(new PlayEvent(PlayEventKind.EndOfInput, string.Empty, 0));
            }
        })
        {
            IsBackground = true,
            Name = "gamebook play input",
        };
        thread.Start();
    }

    /// <summary>The number of the latest file change reported.</summary>
    public long LatestChange => Interlocked.Read(ref _changes);

    /// <summary>Reports a changed story file (from the watcher's thread).</summary>
    public void NotifyChanged()
    {
        var change = Interlocked.Increment(ref _changes);
        try
        {
            _events.Add(new PlayEvent(PlayEventKind.StoryChanged, string.Empty, change));
        }
        catch (InvalidOperationException)
        {
            // Play has ended.
        }
    }

    /// <summary>Waits for the next event.</summary>
    public PlayEvent Take() => _events.Take();

    public void Dispose()
    {
        _events.CompleteAdding();
    }
}
