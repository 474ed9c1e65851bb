using GameBook.Telemetry.Alerts;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GameBook.Telemetry.Tests;

public class AlertSinkTests
{
    [Theory]
    [InlineData(MemoryLevel.Normal, LogLevel.Information)]
    [InlineData(MemoryLevel.Warning, LogLevel.Warning)]
    [InlineData(MemoryLevel.Critical, LogLevel.Error)]
    [InlineData(MemoryLevel.Maximum, LogLevel.Critical)]
    public async Task LogSink_WritesOneStructuredEntry_AtTheLevelsSeverity(MemoryLevel level, LogLevel expected)
    {
        var logger = new FakeLogger<LogAlertSink>();
        var sink = new LogAlertSink(logger);

        await sink.SendAsync(Alert(level, 42), CancellationToken.None);

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(expected, record.Level);
        Assert.Equal("MemoryLevelChanged", record.Id.Name);
        Assert.Equal(level.ToString(), record.GetStructuredStateValue("Level"));
        Assert.Equal("420", record.GetStructuredStateValue("UsedBytes"));
        Assert.Equal("1000", record.GetStructuredStateValue("LimitBytes"));
    }

    [Fact]
    public async Task InMemorySink_KeepsTheLastAlerts_OldestFirst()
    {
        var sink = new InMemoryAlertSink(capacity: 2);
        foreach (var percent in new[] { 1.0, 2, 3 })
        {
            await sink.SendAsync(Alert(MemoryLevel.Warning, percent), CancellationToken.None);
        }

        Assert.Equal([2.0, 3], sink.GetAlerts().Select(a => a.UsagePercent));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryAlertSink(0));
    }

    private static MemoryAlert Alert(MemoryLevel level, double percent) => new()
    {
        Level = level,
        PreviousLevel = MemoryLevel.Normal,
        UsedBytes = (long)(percent * 10),
        UsagePercent = percent,
        LimitBytes = 1000,
        Timestamp = DateTimeOffset.UnixEpoch,
    };
}
