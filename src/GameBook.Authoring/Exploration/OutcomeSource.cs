using GameBook.Runtime;

namespace GameBook.Authoring.Exploration;

/// <summary>
/// The random source the explorer gives sessions: it returns a forced prefix of outcomes, then the first outcome (0)
/// of every further draw, and records each draw's count and outcome so the siblings can be enumerated. A
/// <c>random()</c> draw picks among the configured samples (its count is recorded negated); a dice total
/// (<c>roll("2d6")</c>) is one draw over the totals, recorded with the number of dice in the count's high 32 bits.
/// One per worker thread.
/// </summary>
internal sealed class OutcomeSource(double[] samples) : IDiceTotalSource
{
    private readonly List<long> _counts = [];
    private readonly List<long> _values = [];
    private long[] _forced = [];
    private int _forcedCount;

    /// <summary>How many draws the current run made.</summary>
    public int Drawn => _counts.Count;

    /// <summary>Set once a <c>random()</c> draw happened (never reset).</summary>
    public bool DrewDouble { get; private set; }

    public List<long> Counts => _counts;

    public List<long> Values => _values;

    public void Reset()
    {
        _counts.Clear();
        _values.Clear();
        _forcedCount = 0;
    }

    /// <summary>Starts a run that takes the first <paramref name="prefixLength"/> of <paramref name="values"/>, then <paramref name="last"/>, then zeros.</summary>
    public void Reset(List<long> values, int prefixLength, long last)
    {
        if (_forced.Length < prefixLength + 1)
        {
            _forced = new long[Math.Max(prefixLength + 1, _forced.Length * 2)];
        }

        for (var i = 0; i < prefixLength; i++)
        {
            _forced[i] = values[i];
        }

        _forced[prefixLength] = last;
        _forcedCount = prefixLength + 1;
        _counts.Clear();
        _values.Clear();
    }

    public long NextInteger(long count) => Draw(count);

    public long NextDiceTotal(int count, int sides) => count + Draw(((long)count << 32) | (((long)count * (sides - 1)) + 1));

    /// <summary>How many outcomes a recorded draw count stands for.</summary>
    public static long Outcomes(long count) => count < 0 ? -count : count & 0xFFFF_FFFF;

    public double NextDouble()
    {
        DrewDouble = true;
        return samples[Draw(-samples.Length)];
    }

    /// <summary>The outcomes as a label's draws: count and value interleaved.</summary>
    public long[] Snapshot()
    {
        var draws = new long[_counts.Count * 2];
        for (var i = 0; i < _counts.Count; i++)
        {
            draws[2 * i] = _counts[i];
            draws[(2 * i) + 1] = _values[i];
        }

        return draws;
    }

    /// <summary>The product of the draws' counts, saturating at <see cref="long.MaxValue"/>.</summary>
    public long OutcomeProduct()
    {
        long product = 1;
        foreach (var count in _counts)
        {
            var n = Outcomes(count);
            if (product > long.MaxValue / n)
            {
                return long.MaxValue;
            }

            product *= n;
        }

        return product;
    }

    /// <summary>Moves to the next sibling run: the last draw that has an untried outcome. False when all were tried.</summary>
    public bool TryAdvance(out int prefixLength, out long last)
    {
        for (var j = _counts.Count - 1; j >= 0; j--)
        {
            if (_values[j] < Outcomes(_counts[j]) - 1)
            {
                prefixLength = j;
                last = _values[j] + 1;
                return true;
            }
        }

        prefixLength = 0;
        last = 0;
        return false;
    }

    private long Draw(long count)
    {
        var position = _counts.Count;
        var value = position < _forcedCount ? _forced[position] : 0;
        _counts.Add(count);
        _values.Add(value);
        return value;
    }

    /// <summary>Converts a label's draws to the public form.</summary>
    public static WitnessDraw[] ToWitness(long[] draws, IReadOnlyList<double> samples)
    {
        var result = new WitnessDraw[draws.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            var count = draws[2 * i];
            var value = draws[(2 * i) + 1];
            result[i] = count < 0
                ? new WitnessDraw(-count, value, samples[(int)value], 0)
                : new WitnessDraw(Outcomes(count), value, null, (int)(count >> 32));
        }

        return result;
    }
}
