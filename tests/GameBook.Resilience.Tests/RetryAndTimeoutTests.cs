using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;
using Polly.Telemetry;
using Polly.Timeout;

namespace GameBook.Resilience.Tests;

public sealed class RetryAndTimeoutTests
{
    [Fact]
    public async Task Retry_WithConstantBackoffAndJitter_WaitsWithin25PercentOfTheDelay_ForMaxAttempts()
    {
        var delays = await RunRetriesAsync(o =>
        {
            o.Retry.BackoffType = DelayBackoffType.Constant;
            o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
            o.Retry.MaxRetryAttempts = 5;
        }, expectedAttempts: 6);

        Assert.Equal(5, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1.25)));
    }

    [Fact]
    public async Task Retry_WithExponentialBackoffWithoutJitter_DoublesTheDelay_UpToMaxDelay()
    {
        var delays = await RunRetriesAsync(o =>
        {
            o.Retry.UseJitter = false;
            o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(5);
            o.Retry.MaxRetryAttempts = 4;
        }, expectedAttempts: 5);

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5)], delays);
    }

    [Fact]
    public async Task Retry_WithExponentialBackoffAndJitter_StaysPositiveAndUnderMaxDelay()
    {
        var delays = await RunRetriesAsync(o =>
        {
            o.Retry.BaseDelay = TimeSpan.FromSeconds(1);
            o.Retry.MaxDelay = TimeSpan.FromSeconds(3);
            o.Retry.MaxRetryAttempts = 6;
        }, expectedAttempts: 7);

        Assert.Equal(6, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Retry_OnlyRetriesTheConfiguredExceptionTypes_MatchingBaseTypes()
    {
        using var host = new TestHost(b => b.AddPipeline("io", o =>
        {
            o.Timeout.Enabled = false;
            o.CircuitBreaker.Enabled = false;
            o.Retry.BaseDelay = TimeSpan.Zero;
            o.Retry.HandledExceptions = ["System.IO.IOException"];
        }));
        var attempts = 0;

        await Assert.ThrowsAsync<FileNotFoundException>(async () => await host.Pipeline("io").ExecuteAsync(_ => { attempts++; throw new FileNotFoundException("gone"); }));
        Assert.Equal(4, attempts); // FileNotFoundException derives from IOException

        attempts = 0;
        await Assert.ThrowsAsync<ArgumentException>(async () => await host.Pipeline("io").ExecuteAsync(_ => { attempts++; throw new ArgumentException("bad"); }));
        Assert.Equal(1, attempts);

        var status = host.Status("io");
        Assert.Equal(2, status.Totals.Failures);
        Assert.Equal(3, status.Retries);
    }

    [Fact]
    public async Task Retry_SucceedingOnALaterAttempt_CountsOneSuccessfulCall()
    {
        using var host = new TestHost(b => b.AddPipeline("flaky", o =>
        {
            o.Timeout.Enabled = false;
            o.Retry.BaseDelay = TimeSpan.Zero;
        }));
        var attempts = 0;

        await host.Pipeline("flaky").ExecuteAsync(_ => ++attempts < 3 ? ValueTask.FromException(new InvalidOperationException("transient")) : ValueTask.CompletedTask);

        var status = host.Status("flaky");
        Assert.Equal(1, status.Totals.Calls);
        Assert.Equal(1, status.Totals.Successes);
        Assert.Equal(2, status.Retries);
    }

    [Fact]
    public async Task TotalTimeout_CancelsTheCallee_AndCountsATimeout()
    {
        using var host = new TestHost(b => b.AddPipeline("slow", o =>
        {
            o.Retry.Enabled = false;
            o.Timeout.Total = TimeSpan.FromSeconds(2);
        }));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calleeSawCancellation = false;
        var call = host.Pipeline("slow").ExecuteAsync(async token =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                calleeSawCancellation = true;
                throw;
            }
        }).AsTask();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        host.Time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(call.IsCompleted);
        host.Time.Advance(TimeSpan.FromSeconds(0.1));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(calleeSawCancellation);
        var status = host.Status("slow");
        Assert.Equal(1, status.Totals.Timeouts);
        Assert.Equal(CallOutcome.Timeout, status.LastFailure!.Outcome);
    }

    [Fact]
    public async Task AttemptTimeout_IsRetried_ThenTheCallSucceeds()
    {
        using var host = new TestHost(b => b.AddPipeline("attempts", o =>
        {
            o.CircuitBreaker.Enabled = false;
            o.Timeout.Total = TimeSpan.FromSeconds(10);
            o.Timeout.PerAttempt = TimeSpan.FromSeconds(1);
            o.Retry.BaseDelay = TimeSpan.Zero;
        }));
        var attempts = 0;
        var firstAttempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = host.Pipeline("attempts").ExecuteAsync(async token =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                firstAttempt.SetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
        }).AsTask();
        await firstAttempt.Task.WaitAsync(TimeSpan.FromSeconds(30));

        host.Time.Advance(TimeSpan.FromSeconds(1));
        await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, attempts);
        Assert.Equal(1, host.Status("attempts").Totals.Successes);
    }

    [Fact]
    public async Task CallerCancellation_IsCountedAsCanceled_NotAsAFailure()
    {
        using var host = new TestHost(b => b.AddPipeline("c", o => o.Timeout.Enabled = false));
        using var cts = new CancellationTokenSource();

        // Canceled while running (a token canceled before the call never reaches the strategies: Polly returns at once).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await host.Pipeline("c").ExecuteAsync(
            t =>
            {
                cts.Cancel();
                t.ThrowIfCancellationRequested();
                return ValueTask.CompletedTask;
            },
            cts.Token));

        var status = host.Status("c");
        Assert.Equal(1, status.Totals.Canceled);
        Assert.Equal(1, status.Totals.Calls);
        Assert.Null(status.LastFailure);
    }

    /// <summary>Runs a call that always fails through a retry-only pipeline on the fake clock; returns the delays Polly reported in OnRetry.</summary>
    private static async Task<List<TimeSpan>> RunRetriesAsync(Action<GameBookPipelineOptions> configure, int expectedAttempts)
    {
        var listener = new RetryListener();
        using var host = new TestHost(
            b => b.AddPipeline("retry", o =>
            {
                o.Timeout.Enabled = false;
                o.CircuitBreaker.Enabled = false;
                o.LoadShedding = false;
                configure(o);
            }),
            s => s.Configure<TelemetryOptions>(o => o.TelemetryListeners.Add(listener)));
        var attempts = 0;
        var call = host.Pipeline("retry").ExecuteAsync(_ =>
        {
            Interlocked.Increment(ref attempts);
            return ValueTask.FromException(new InvalidOperationException("down"));
        }).AsTask();

        // Drive the fake clock until the call gives up; the bound only matters if something is broken.
        var guard = System.Diagnostics.Stopwatch.StartNew();
        while (!call.IsCompleted && guard.Elapsed < TimeSpan.FromSeconds(30))
        {
            host.Time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(expectedAttempts, attempts);
        Assert.Equal(expectedAttempts - 1, host.Status("retry").Retries);
        Assert.Equal(1, host.Status("retry").Totals.Failures);
        return [.. listener.Delays.OrderBy(d => d.Attempt).Select(d => d.Delay)];
    }

    private sealed class RetryListener : TelemetryListener
    {
        public ConcurrentBag<(int Attempt, TimeSpan Delay)> Delays { get; } = [];

        public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
        {
            if (args.Arguments is OnRetryArguments<object> retry)
            {
                Delays.Add((retry.AttemptNumber, retry.RetryDelay));
            }
        }
    }
}
