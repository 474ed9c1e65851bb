using GameBook.Telemetry.Memory;

namespace GameBook.Telemetry.Alerts;

/// <summary>
/// Keeps the most recent alerts in memory (bounded, oldest dropped first); feeds the dashboard. Thread-safe.
/// </summary>
public sealed class InMemoryAlertSink : IAlertSink
{
    /// <summary>The default number of alerts kept.</summary>
    public const int DefaultCapacity = 100;

    private readonly Lock _lock = new();
    private readonly Queue<MemoryAlert> _alerts;
    private readonly int _capacity;

    /// <summary>Creates a sink that keeps <see cref="DefaultCapacity"/> alerts.</summary>
    public InMemoryAlertSink()
        : this(DefaultCapacity)
    {
    }

    /// <summary>Creates a sink that keeps the last <paramref name="capacity"/> alerts.</summary>
    /// <param name="capacity">How many alerts to keep; at least 1.</param>
    public InMemoryAlertSink(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _alerts = new Queue<MemoryAlert>(capacity);
    }

    /// <summary>The alerts kept, oldest first.</summary>
    /// <returns>A copy of the alerts.</returns>
    public IReadOnlyList<MemoryAlert> GetAlerts()
    {
        lock (_lock)
        {
            return [.. _alerts];
        }
    }

    /// <inheritdoc />
    public ValueTask SendAsync(MemoryAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        lock (_lock)
        {
            if (_alerts.Count == _capacity)
            {
                _ = _alerts.Dequeue();
            }

            _alerts.Enqueue(alert);
        }

        return ValueTask.CompletedTask;
    }
}
