using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using GameBook.Resilience.Diagnostics;
using GameBook.Resilience.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GameBook.Resilience.Tracking;

/// <summary>
/// The per-container registry of pipeline trackers: the <see cref="IResilienceMonitor"/> and
/// <see cref="IResilienceControl"/> implementation. One tracker per registered pipeline name, created up front.
/// Thread-safe.
/// </summary>
internal sealed class ResilienceMonitor : IResilienceMonitor, IResilienceControl
{
    private readonly FrozenDictionary<string, PipelineTracker> _trackers;
    private readonly PipelineTracker[] _ordered;
    private readonly IServiceProvider _services;
    private readonly PipelineCatalog _catalog;

    public ResilienceMonitor(
        PipelineCatalog catalog,
        IOptions<GameBookResilienceOptions> options,
        TimeProvider time,
        IMeterFactory meterFactory,
        IServiceProvider services)
    {
        _services = services;
        _catalog = catalog;
        PipelineNames = [.. catalog.Names];
        Instrumentation = new ResilienceInstrumentation(meterFactory, () => _ordered!);
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("GameBook.Resilience") ?? NullLogger.Instance;
        _ordered = [.. PipelineNames.Select(n => new PipelineTracker(n, options.Value, time, Instrumentation, logger))];
        _trackers = _ordered.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> PipelineNames { get; }

    public ResilienceInstrumentation Instrumentation { get; }

    public PipelineTracker GetTracker(string pipelineName)
    {
        ArgumentException.ThrowIfNullOrEmpty(pipelineName);
        return _trackers.TryGetValue(pipelineName, out var tracker)
            ? tracker
            : throw new ArgumentException(
                $"No GameBook pipeline is named '{pipelineName}'. Registered pipelines: {string.Join(", ", PipelineNames)}. Add it with AddGameBookResilience().AddPipeline(\"{pipelineName}\") or under {GameBookResilienceNames.ConfigurationSection}:{GameBookResilienceNames.PipelinesSection}:{pipelineName}.",
                nameof(pipelineName));
    }

    /// <summary>Builds the pipeline if nobody has used it yet, so its breaker exists.</summary>
    public PipelineTracker EnsureBuilt(string pipelineName)
    {
        var tracker = GetTracker(pipelineName);
        if (!tracker.IsBuilt)
        {
            _ = _catalog.Find(pipelineName)!.Resolve(_services);
        }

        return tracker;
    }

    public PipelineStatus GetStatus(string pipelineName) => EnsureBuilt(pipelineName).Snapshot();

    public IReadOnlyList<PipelineStatus> GetAll() => [.. PipelineNames.Select(GetStatus)];

    public Task IsolateAsync(string pipelineName, CancellationToken cancellationToken = default) =>
        ControlAsync(pipelineName, isolate: true, cancellationToken);

    public Task CloseAsync(string pipelineName, CancellationToken cancellationToken = default) =>
        ControlAsync(pipelineName, isolate: false, cancellationToken);

    private async Task ControlAsync(string pipelineName, bool isolate, CancellationToken cancellationToken)
    {
        var tracker = EnsureBuilt(pipelineName);
        if (!tracker.HasBreaker)
        {
            throw new InvalidOperationException($"Pipeline '{pipelineName}' has no circuit breaker (CircuitBreaker.Enabled is false), so it cannot be isolated or closed.");
        }

        await tracker.ControlGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (isolate)
            {
                await tracker.ManualControl.IsolateAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await tracker.ManualControl.CloseAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _ = tracker.ControlGate.Release();
        }
    }
}
