using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GameBook.Workers.Tests;

/// <summary>Registration, named pools, options validation and binding, and the hosted lifecycle.</summary>
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddGameBookWorkers_OnItsOwn_ResolvesTheDefaultPool_DirectlyKeyedAndFromTheProvider()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddGameBookWorkers();
        await using var provider = services.BuildServiceProvider();

        var pool = provider.GetRequiredService<WorkerPool>();

        Assert.Equal(WorkerPoolDefaults.DefaultPoolName, pool.Name);
        Assert.Same(pool, provider.GetRequiredKeyedService<WorkerPool>(WorkerPoolDefaults.DefaultPoolName));
        Assert.Same(pool, provider.GetRequiredService<IWorkerPoolProvider>().GetPool(WorkerPoolDefaults.DefaultPoolName));
        Assert.Equal(3, await pool.SubmitAsync(_ => 3).Within());
        Assert.Equal(WorkerPoolDefaults.CpuRefreshPeriod, pool.ScaleInterval); // ResourceMonitoring's default refresh
    }

    [Fact]
    public async Task AddGameBookWorkers_WithNames_RegistersSeparatePools_WithTheirOwnOptions()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddGameBookWorkers(o => o.Capacity = 10);
        services.AddGameBookWorkers("exports", o => { o.Capacity = 20; o.MaxWorkers = 2; });
        services.AddGameBookWorkers("exports", o => o.Capacity = 30); // a second call adds configuration
        await using var provider = services.BuildServiceProvider();
        var pools = provider.GetRequiredService<IWorkerPoolProvider>();

        var exports = provider.GetRequiredKeyedService<WorkerPool>("exports");

        Assert.Equal(["default", "exports"], pools.PoolNames.Order());
        Assert.Equal(30, exports.Capacity);
        Assert.Equal(10, pools.GetPool("default").Capacity);
        Assert.NotSame(exports, pools.GetPool("default"));
        var ex = Assert.Throws<InvalidOperationException>(() => pools.GetPool("imports"));
        Assert.Contains("AddGameBookWorkers(\"imports\"", ex.Message, StringComparison.Ordinal);
        Assert.Single(services, d => d.ImplementationType == typeof(WorkerPoolHostedService));
    }

    [Fact]
    public async Task Start_WithMinWorkersAboveMaxWorkers_FailsWithAMessageNamingBoth()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGameBookWorkers("batch", o => { o.MinWorkers = 6; o.MaxWorkers = 2; });
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("MinWorkers (6) must not exceed MaxWorkers (2)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContainerDisposedSynchronously_StopsItsPoolsAtOnce()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddGameBookWorkers(o => { o.MinWorkers = 1; o.MaxWorkers = 1; });
        var provider = services.BuildServiceProvider();
        var pool = provider.GetRequiredService<WorkerPool>();
        var gate = new Gate();
        var running = pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var queued = pool.SubmitAsync(static _ => 1);

        provider.Dispose(); // no drain: what runs is cancelled, what waits is cancelled

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.Within());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.Within());
        var refused = await Assert.ThrowsAsync<WorkRejectedException>(() => pool.SubmitAsync(static _ => 2));
        Assert.Equal(RejectionReason.ShuttingDown, refused.Reason);
    }

    [Fact]
    public void Options_BindFromConfiguration_AndBadValuesNameTheOption()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workers:Capacity"] = "500",
            ["Workers:MaxWorkers"] = "3",
            ["Workers:TargetCpuUtilization"] = "0.5",
            ["Workers:DrainTimeout"] = "00:00:05",
            ["Bad:Capacity"] = "0",
            ["Bad:TargetCpuUtilization"] = "1.5",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddGameBookWorkers(config.GetSection("Workers"));
        services.AddGameBookWorkers("bad", config.GetSection("Bad"));
        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<WorkerPoolOptions>>();

        var options = monitor.Get(WorkerPoolDefaults.DefaultPoolName);
        var ex = Assert.Throws<OptionsValidationException>(() => monitor.Get("bad"));

        Assert.Equal(500, options.Capacity);
        Assert.Equal(3, options.MaxWorkers);
        Assert.Equal(0.5, options.TargetCpuUtilization);
        Assert.Equal(TimeSpan.FromSeconds(5), options.DrainTimeout);
        Assert.Contains("Capacity", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TargetCpuUtilization", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_StopsItsPools_DrainingQueuedWork_ThenRefusingNewWork()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddGameBookWorkers(o => { o.MinWorkers = 1; o.MaxWorkers = 1; });
        using var host = builder.Build();
        await host.StartAsync();
        var pool = host.Services.GetRequiredService<WorkerPool>();
        var gate = new Gate();
        var blocker = pool.SubmitAsync(gate.WaitAsync);
        await gate.Entered.Task.Within();
        var queued = Enumerable.Range(0, 20).Select(i => pool.SubmitAsync(_ => i)).ToArray();

        var stopping = host.StopAsync();
        await Limits.Until(() => pool.IsStopping, "the host to stop the pool");
        gate.Open();
        await stopping.Within();

        Assert.Equal(Enumerable.Range(0, 20), await Task.WhenAll(queued));
        await blocker;
        var late = await Assert.ThrowsAsync<WorkRejectedException>(() => pool.SubmitAsync(_ => 0));
        Assert.Equal(RejectionReason.ShuttingDown, late.Reason);
    }
}
