namespace GameBook.Telemetry.Dashboard;

/// <summary>
/// One instrument-and-tag-set series: the current second's bucket and running total (written by the
/// instrumented code under a tiny lock), and a fixed-size ring of per-second points (written by the dashboard's
/// one-second tick and read by snapshots under a separate lock, so snapshots never hold up recording). Thread-safe.
/// </summary>
internal sealed class SeriesState(TagSet tags, bool sum, int capacity)
{
    private readonly Lock _hot = new();
    private readonly Lock _ring = new();
    private long _count;
    private double _sum;
    private double _min;
    private double _max;
    private double _last;
    private double _total;
    private long _totalCount;
    private SeriesPoint[]? _points;
    private int _head;
    private int _length;

    public TagSet Tags { get; } = tags;

    public void Record(double value)
    {
        lock (_hot)
        {
            if (_count == 0)
            {
                _min = value;
                _max = value;
            }
            else if (value < _min)
            {
                _min = value;
            }
            else if (value > _max)
            {
                _max = value;
            }

            _count++;
            _sum += value;
            _last = value;
            _totalCount++;
            _total = sum ? _total + value : value;
        }
    }

    /// <summary>Closes the current second into a point stamped <paramref name="second"/> (if the series keeps points).</summary>
    public void Roll(DateTimeOffset second)
    {
        long count;
        double value, min, max;
        lock (_hot)
        {
            count = _count;
            value = sum ? _sum : _last;
            min = _min;
            max = _max;
            _count = 0;
            _sum = 0;
        }

        if (capacity == 0 || (count == 0 && !sum))
        {
            return;
        }

        var point = count == 0 ? new SeriesPoint(second, 0, 0, 0, 0) : new SeriesPoint(second, value, count, min, max);
        lock (_ring)
        {
            if (_points is null || (_length == _points.Length && _points.Length < capacity))
            {
                // Grow lazily (doubling) up to the window, so idle series stay small.
                var grown = new SeriesPoint[Math.Min(capacity, Math.Max(8, (_points?.Length ?? 0) * 2))];
                for (var i = 0; i < _length; i++)
                {
                    grown[i] = _points![(_head + i) % _points.Length];
                }

                _points = grown;
                _head = 0;
            }

            if (_length < _points.Length)
            {
                _points[(_head + _length) % _points.Length] = point;
                _length++;
            }
            else
            {
                _points[_head] = point;
                _head = (_head + 1) % _points.Length;
            }
        }
    }

    public SeriesSnapshot ToSnapshot(DateTimeOffset since)
    {
        double total;
        long totalCount;
        lock (_hot)
        {
            total = _total;
            totalCount = _totalCount;
        }

        var points = new List<SeriesPoint>();
        lock (_ring)
        {
            for (var i = 0; i < _length; i++)
            {
                var point = _points![(_head + i) % _points.Length];
                if (point.Timestamp >= since)
                {
                    points.Add(point);
                }
            }
        }

        return new SeriesSnapshot { Tags = Tags.ToDictionary(), Value = total, Count = totalCount, Points = points };
    }
}
