using GameBook.Telemetry.Memory;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Simmy;
using Polly.Timeout;

namespace GameBook.Resilience.Tests;

/// <summary>
/// Polly's chaos strategies (fault, latency, outcome) inside the callee drive a full GameBook pipeline from many
/// tasks at once, on the real clock with small latencies; failure tracking must account for every call exactly.
/// </summary>
public sealed class ChaosTests
{
    private const int Tasks = 16;
    private const int CallsPerTask = 300;

    [Fact]
    public async Task UnderConcurrentChaos_TrackedCountsAddUpToTheCallsSent_AndMatchWhatCallersSaw()
    {
        using var host = new TestHost(
            b => b.AddPipeline("chaos", o =>
            {
                o.Timeout.Total = TimeSpan.FromMilliseconds(40);
                o.Retry.MaxRetryAttempts = 2;
                o.Retry.BaseDelay = TimeSpan.Zero;
                o.Retry.UseJitter = false;
                // High enough that the breaker opens only in bursts: callers that meet an open breaker are rejected
                // synchronously and would otherwise spend the whole run inside one break.
                o.CircuitBreaker.FailureRatio = 0.9;
                o.CircuitBreaker.MinimumThroughput = 50;
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(1);
                o.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(500);
                o.ConcurrencyLimit.Enabled = true;
                o.ConcurrencyLimit.PermitLimit = 6;
            }),
            s =>
            {
                s.AddGameBookResilience(o => o.RollingWindowSeconds = 3600);
                s.AddSingleton<IMemoryPressure>(new EveryNthReadIsMaximum(50)); // sheds 2 % of the calls, deterministically
            },
            fakeTime: false);
        var chaos = new ResiliencePipelineBuilder<int>()
            .AddChaosFault(0.2, () => new InvalidOperationException("chaos fault"))
            .AddChaosLatency(0.03, TimeSpan.FromMilliseconds(100))
            .AddChaosOutcome(0.05, () => -1)
            .Build();
        var pipeline = host.Pipeline("chaos");
        var seen = new long[6]; // success, failure, timeout, open, concurrency, load shedding
        var callers = Enumerable.Range(0, Tasks).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < CallsPerTask; i++)
            {
                var index = 0;
                try
                {
                    await pipeline.ExecuteAsync(
                        static async (c, token) =>
                        {
                            if (await c.ExecuteAsync(static _ => ValueTask.FromResult(1), token) < 0)
                            {
                                throw new IOException("chaos outcome: the store answered with an error");
                            }
                        },
                        chaos);
                }
                catch (TimeoutRejectedException)
                {
                    index = 2;
                }
                catch (BrokenCircuitException)
                {
                    index = 3;
                }
                catch (RateLimiterRejectedException)
                {
                    index = 4;
                }
                catch (LoadSheddingRejectedException)
                {
                    index = 5;
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException)
                {
                    index = 1;
                }

                Interlocked.Increment(ref seen[index]);
            }
        })).ToArray();
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(120));

        var status = host.Status("chaos");
        var totals = status.Totals;
        Assert.Equal(Tasks * CallsPerTask, totals.Calls);
        Assert.Equal(Tasks * CallsPerTask, seen.Sum());
        Assert.Equal(seen[0], totals.Successes);
        Assert.Equal(seen[1], totals.Failures);
        Assert.Equal(seen[2], totals.Timeouts);
        Assert.Equal(seen[3], totals.RejectedCircuitOpen);
        Assert.Equal(seen[4], totals.RejectedConcurrencyLimit);
        Assert.Equal(seen[5], totals.RejectedLoadShedding);
        Assert.Equal(0, totals.RejectedIsolated + totals.RejectedOther + totals.Canceled);
        Assert.Equal(totals, status.Window); // the whole run falls inside the one-hour window
        Assert.True(totals.Successes > 0 && totals.Failures > 0 && totals.Timeouts > 0, $"chaos should cause successes, failures and timeouts: {totals}");
        Assert.Equal(Tasks * CallsPerTask / 50, totals.RejectedLoadShedding);
        Assert.True(status.Retries > 0);
    }

    /// <summary>A pressure signal at Maximum on every n-th read (one read per call), Normal otherwise.</summary>
    private sealed class EveryNthReadIsMaximum(int n) : IMemoryPressure
    {
        private long _reads;

        public MemoryLevel Level => Interlocked.Increment(ref _reads) % n == 0 ? MemoryLevel.Maximum : MemoryLevel.Normal;

        public event EventHandler<MemoryLevelChangedEventArgs>? LevelChanged
        {
            add { }
            remove { }
        }
    }
}
