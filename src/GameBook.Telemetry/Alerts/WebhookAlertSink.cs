using System.Diagnostics;
using System.Net.Http.Json;
using System.Threading.Channels;
using GameBook.Telemetry.Dashboard;
using GameBook.Telemetry.Diagnostics;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Alerts;

/// <summary>
/// POSTs each alert as JSON to <see cref="WebhookAlertSinkOptions.Endpoint"/> from a background loop: a bounded
/// queue (oldest dropped and counted when full), a timeout per attempt and retries with doubling delay; an
/// alert still undelivered after the last retry is dropped and counted. <see cref="SendAsync"/> never waits for
/// the network. Thread-safe.
/// </summary>
internal sealed class WebhookAlertSink : IAlertSink, IAsyncDisposable, IDisposable
{
    /// <summary>Name of the <see cref="HttpClient"/> the sink asks <see cref="IHttpClientFactory"/> for.</summary>
    public const string HttpClientName = "GameBook.Telemetry.Webhook";

    private const string SinkName = "webhook";

    private readonly Channel<MemoryAlert> _queue;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly WebhookAlertSinkOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly TelemetryInstrumentation _instrumentation;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;
    private long _delivered;
    private long _dropped;

    public WebhookAlertSink(
        IHttpClientFactory httpClientFactory,
        IOptions<WebhookAlertSinkOptions> options,
        TimeProvider timeProvider,
        TelemetryInstrumentation instrumentation,
        ILogger<WebhookAlertSink> logger)
    {
        _httpClientFactory = httpClientFactory;
        _options = options.Value;
        if (_options.Endpoint is not { IsAbsoluteUri: true })
        {
            throw new InvalidOperationException($"WebhookAlertSinkOptions.Endpoint must be an absolute URI; got '{_options.Endpoint}'.");
        }

        _timeProvider = timeProvider;
        _instrumentation = instrumentation;
        _logger = logger;
        _queue = Channel.CreateBounded<MemoryAlert>(
            new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Drop("queue_full"));
        _worker = Task.Run(RunAsync);
    }

    /// <summary>Alerts the receiver accepted.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    /// <summary>Alerts dropped: queue full, or still undelivered after the last retry.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    public ValueTask SendAsync(MemoryAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!_queue.Writer.TryWrite(alert))
        {
            Drop("stopped");
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _ = _queue.Writer.TryComplete();
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public void Dispose()
    {
        // Synchronous disposal (a container disposed with Dispose) stops the loop without waiting for it.
        _ = _queue.Writer.TryComplete();
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        await foreach (var alert in _queue.Reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            await DeliverAsync(alert, token).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(MemoryAlert alert, CancellationToken stopping)
    {
        using var activity = TelemetryInstrumentation.ActivitySource.StartActivity(GameBookTelemetryNames.WebhookActivity, ActivityKind.Client);
        var client = _httpClientFactory.CreateClient(HttpClientName);
        var delay = _options.RetryDelay;
        for (var attempt = 0; ; attempt++)
        {
            string? failure;
            using (var attemptCts = new CancellationTokenSource(_options.Timeout, _timeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(attemptCts.Token, stopping))
            {
                try
                {
                    using var content = JsonContent.Create(alert, TelemetryJsonContext.Default.MemoryAlert);
                    using var response = await client.PostAsync(_options.Endpoint, content, linked.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        _ = Interlocked.Increment(ref _delivered);
                        _instrumentation.AlertsDelivered.Add(1, new KeyValuePair<string, object?>(GameBookTelemetryNames.SinkTag, SinkName));
                        return;
                    }

                    failure = $"HTTP {(int)response.StatusCode}";
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    failure = $"timed out after {_options.Timeout}";
                }
                catch (HttpRequestException ex)
                {
                    failure = ex.Message;
                }
            }

            if (attempt >= _options.MaxRetries)
            {
                Log.WebhookDropped(_logger, alert.Level, attempt + 1, failure);
                _ = activity?.SetStatus(ActivityStatusCode.Error, failure);
                Drop("failed");
                return;
            }

            Log.WebhookRetry(_logger, attempt + 1, failure);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, stopping).ConfigureAwait(false);
                delay += delay;
            }
        }
    }

    private void Drop(string reason)
    {
        _ = Interlocked.Increment(ref _dropped);
        _instrumentation.AlertsDropped.Add(
            1,
            new KeyValuePair<string, object?>(GameBookTelemetryNames.SinkTag, SinkName),
            new KeyValuePair<string, object?>(GameBookTelemetryNames.ReasonTag, reason));
    }
}
