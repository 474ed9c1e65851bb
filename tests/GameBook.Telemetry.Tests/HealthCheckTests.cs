using GameBook.Telemetry.Health;
using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GameBook.Telemetry.Tests;

public sealed class HealthCheckTests : IDisposable
{
    private readonly ManagerFixture _memory = new();

    [Theory]
    [InlineData(50, HealthStatus.Healthy, "Normal")]
    [InlineData(62, HealthStatus.Degraded, "Warning")]
    [InlineData(75, HealthStatus.Degraded, "Critical")]
    [InlineData(81, HealthStatus.Unhealthy, "Maximum")]
    public async Task Memory_MapsLevelsToStatus_WithTheReadingInData(double percent, HealthStatus expected, string level)
    {
        var check = new MemoryHealthCheck(_memory.Manager, new TestOptionsMonitor<MemoryHealthCheckOptions>(new MemoryHealthCheckOptions()));
        _memory.Reader.Set(percent);

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(expected, result.Status);
        Assert.Equal(level, result.Data["level"]);
        Assert.Equal(percent, (double)result.Data["usagePercent"], 6);
        Assert.Equal(1_000_000_000L, result.Data["limitBytes"]);
        Assert.True(result.Data.ContainsKey("usedBytes"));
    }

    [Fact]
    public async Task Memory_FollowsTheManagersHysteresis()
    {
        var check = new MemoryHealthCheck(_memory.Manager, new TestOptionsMonitor<MemoryHealthCheckOptions>(new MemoryHealthCheckOptions()));
        await _memory.SampleAt(82);
        await _memory.SampleAt(78);

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(Context(check))).Status);
    }

    [Fact]
    public async Task Cpu_IsJudgedOnTheAverageOverTheWindow()
    {
        var window = new CpuSampleWindow();
        var options = new CpuHealthCheckOptions { Window = TimeSpan.FromSeconds(30) };
        var check = new CpuHealthCheck(window, _memory.Reader, new TestOptionsMonitor<CpuHealthCheckOptions>(options), _memory.Time);

        // An old spike outside the window does not count.
        window.Add(FakeReader.At(_memory.Time.GetUtcNow(), 10, cpu: 1.0));
        _memory.Time.Advance(TimeSpan.FromMinutes(1));
        foreach (var cpu in new[] { 0.72, 0.8, 0.75 })
        {
            _memory.Time.Advance(TimeSpan.FromSeconds(5));
            window.Add(FakeReader.At(_memory.Time.GetUtcNow(), 10, cpu));
        }

        var degraded = await check.CheckHealthAsync(Context(check));
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Equal(75.67, (double)degraded.Data["averagePercent"], 2);
        Assert.Equal(3, degraded.Data["samples"]);

        // One short spike is not sustained.
        _memory.Time.Advance(TimeSpan.FromSeconds(5));
        window.Add(FakeReader.At(_memory.Time.GetUtcNow(), 10, 0.99));
        Assert.Equal(HealthStatus.Degraded, (await check.CheckHealthAsync(Context(check))).Status);

        for (var i = 0; i < 6; i++)
        {
            _memory.Time.Advance(TimeSpan.FromSeconds(5));
            window.Add(FakeReader.At(_memory.Time.GetUtcNow(), 10, 0.97));
        }

        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(Context(check))).Status);

        for (var i = 0; i < 7; i++)
        {
            _memory.Time.Advance(TimeSpan.FromSeconds(5));
            window.Add(FakeReader.At(_memory.Time.GetUtcNow(), 10, 0.2));
        }

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(Context(check))).Status);
    }

    [Fact]
    public async Task Cpu_WithNoSamples_ReadsOnce()
    {
        var check = new CpuHealthCheck(new CpuSampleWindow(), _memory.Reader, new TestOptionsMonitor<CpuHealthCheckOptions>(new CpuHealthCheckOptions()), _memory.Time);
        _memory.Reader.Set(10, cpu: 0.95);

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal(1, _memory.Reader.Reads);
    }

    [Fact]
    public async Task Registered_WithTagsAndNames_AndRunByHealthCheckService()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthChecks()
            .AddGameBookMemoryHealthCheck()
            .AddGameBookCpuHealthCheck(o => o.Window = TimeSpan.FromSeconds(10));
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var memory = report.Entries[GameBookHealthChecks.MemoryCheckName];
        Assert.Equal(["live", "ready"], memory.Tags.Order());
        Assert.True(memory.Data.ContainsKey("usagePercent"));
        var cpu = report.Entries[GameBookHealthChecks.CpuCheckName];
        Assert.Equal(["ready"], cpu.Tags);
        Assert.Null(cpu.Exception);
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.True(new MemoryHealthCheckOptionsValidator().Validate(null, new MemoryHealthCheckOptions { DegradedLevel = MemoryLevel.Maximum, UnhealthyLevel = MemoryLevel.Warning }).Failed);
        Assert.True(new MemoryHealthCheckOptionsValidator().Validate(null, new MemoryHealthCheckOptions { DegradedLevel = MemoryLevel.Normal }).Failed);
        Assert.True(new CpuHealthCheckOptionsValidator().Validate(null, new CpuHealthCheckOptions { DegradedPercent = 95 }).Failed);
        Assert.True(new CpuHealthCheckOptionsValidator().Validate(null, new CpuHealthCheckOptions { UnhealthyPercent = 120 }).Failed);
        Assert.True(new CpuHealthCheckOptionsValidator().Validate(null, new CpuHealthCheckOptions()).Succeeded);
    }

    public void Dispose() => _memory.Dispose();

    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("test", check, null, null) };
}
