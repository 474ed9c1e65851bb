using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>
/// What an <see cref="IChoiceStrategy"/> knows about the playthrough it chooses for. One instance per running
/// playthrough; not thread-safe, and valid only during <see cref="IChoiceStrategy.Choose"/>.
/// </summary>
public sealed class ChoiceContext
{
    private readonly int[] _timesChosen;
    private int[] _currentLines = new int[8];
    private PlaytestRandom _random;

    internal ChoiceContext(int lineCount)
    {
        _timesChosen = new int[lineCount];
    }

    /// <summary>The playthrough's seed (the one reports print).</summary>
    public ulong Seed { get; private set; }

    /// <summary>The playthrough's session: strategies may read variables, visit counts and inventory, but must not advance it.</summary>
    public StorySession Session { get; private set; } = null!;

    /// <summary>Options chosen so far in this playthrough.</summary>
    public int Selections { get; internal set; }

    /// <summary>A random integer in [0, <paramref name="count"/>) from the playthrough's own generator (seeded by <see cref="Seed"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public int NextRandom(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return _random.NextInt(count);
    }

    /// <summary>How many times option <paramref name="optionIndex"/> of the current option set (the same option text of the story) was chosen earlier in this playthrough.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not in the current option set.</exception>
    public int TimesChosen(int optionIndex)
    {
        if ((uint)optionIndex >= (uint)CurrentCount)
        {
            throw new ArgumentOutOfRangeException(nameof(optionIndex), $"The option set has options 0 to {CurrentCount - 1}.");
        }

        var line = _currentLines[optionIndex];
        return line >= 0 ? _timesChosen[line] : 0;
    }

    /// <summary>Options in the current set.</summary>
    internal int CurrentCount { get; private set; }

    /// <summary>The story line index of each option in the current set (-1 when unknown).</summary>
    internal int[] CurrentLines => _currentLines;

    internal void Begin(ulong seed, StorySession session)
    {
        Seed = seed;
        Session = session;
        Selections = 0;
        CurrentCount = 0;
        _random = new PlaytestRandom(seed);
    }

    /// <summary>Makes room for an option set of <paramref name="count"/> options.</summary>
    internal int[] PrepareOptions(int count)
    {
        if (_currentLines.Length < count)
        {
            _currentLines = new int[Math.Max(count, _currentLines.Length * 2)];
        }

        CurrentCount = count;
        return _currentLines;
    }

    internal void RecordChosen(int line)
    {
        if (line >= 0)
        {
            _timesChosen[line]++;
        }
    }

    internal void ForgetChosen(int line)
    {
        if (line >= 0)
        {
            _timesChosen[line] = 0;
        }
    }
}
