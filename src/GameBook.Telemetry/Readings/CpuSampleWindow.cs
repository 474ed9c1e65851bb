namespace GameBook.Telemetry.Readings;

/// <summary>The recent CPU samples (bounded), for "sustained" CPU judgements. Thread-safe.</summary>
internal sealed class CpuSampleWindow
{
    private const int Capacity = 4096;
    private readonly Lock _lock = new();
    private readonly Queue<(DateTimeOffset Time, double Value)> _samples = new();

    public void Add(ResourceReading reading)
    {
        if (double.IsNaN(reading.CpuUtilization))
        {
            return;
        }

        lock (_lock)
        {
            _samples.Enqueue((reading.Timestamp, reading.CpuUtilization));
            while (_samples.Count > Capacity)
            {
                _ = _samples.Dequeue();
            }
        }
    }

    /// <summary>Average and count of the samples taken in the <paramref name="window"/> ending at <paramref name="now"/>.</summary>
    public (double Average, int Count, double Latest) Summarize(DateTimeOffset now, TimeSpan window)
    {
        lock (_lock)
        {
            double sum = 0, latest = double.NaN;
            var count = 0;
            foreach (var (time, value) in _samples)
            {
                if (time >= now - window && time <= now)
                {
                    sum += value;
                    count++;
                    latest = value;
                }
            }

            return (count == 0 ? double.NaN : sum / count, count, latest);
        }
    }
}
