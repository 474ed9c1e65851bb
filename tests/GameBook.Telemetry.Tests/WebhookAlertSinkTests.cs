using System.Net;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using System.Text.Json;
using GameBook.Telemetry.Alerts;
using GameBook.Telemetry.Diagnostics;
using GameBook.Telemetry.Memory;
using GameBook.Telemetry.Readings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameBook.Telemetry.Tests;

/// <summary>The webhook sink against a real HTTP listener on 127.0.0.1: up, failing, down and slow.</summary>
public sealed class WebhookAlertSinkTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TestMeterFactory _meters = new();
    private readonly TelemetryInstrumentation _instrumentation;
    private readonly MetricCollector<long> _delivered;
    private readonly MetricCollector<long> _dropped;

    public WebhookAlertSinkTests()
    {
        _instrumentation = new TelemetryInstrumentation(_meters);
        _delivered = new MetricCollector<long>(_instrumentation.Meter, GameBookTelemetryNames.AlertsDelivered);
        _dropped = new MetricCollector<long>(_instrumentation.Meter, GameBookTelemetryNames.AlertsDropped);
    }

    [Fact]
    public async Task ReceiverUp_GetsTheAlertAsJsonPost()
    {
        using var receiver = new Receiver(_ => HttpStatusCode.NoContent);
        await using var sink = CreateSink(receiver.Endpoint);

        await sink.SendAsync(Alert(MemoryLevel.Critical), CancellationToken.None);
        await _delivered.WaitForMeasurementsAsync(1, Patience);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("Critical", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("Warning", json.RootElement.GetProperty("previousLevel").GetString());
        Assert.Equal(730, json.RootElement.GetProperty("usedBytes").GetInt64());
        Assert.Equal(73, json.RootElement.GetProperty("usagePercent").GetDouble());
        Assert.Equal(1000, json.RootElement.GetProperty("limitBytes").GetInt64());
        Assert.True(json.RootElement.TryGetProperty("timestamp", out _));
        Assert.Equal(1, sink.DeliveredCount);
        Assert.Equal(0, sink.DroppedCount);
    }

    [Fact]
    public async Task ReceiverFailingOnce_IsRetried_AndTheAlertDelivered()
    {
        var calls = 0;
        using var receiver = new Receiver(_ => Interlocked.Increment(ref calls) == 1 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);
        await using var sink = CreateSink(receiver.Endpoint, o => o.MaxRetries = 3);

        await sink.SendAsync(Alert(MemoryLevel.Warning), CancellationToken.None);
        await _delivered.WaitForMeasurementsAsync(1, Patience);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(0, sink.DroppedCount);
    }

    [Fact]
    public async Task ReceiverDown_AlertIsDroppedAndCountedAfterRetries_AndSendNeverWaits()
    {
        await using var sink = CreateSink(new Uri($"http://127.0.0.1:{UnusedPort()}/alerts"), o => o.MaxRetries = 2);

        Assert.True(CompletedSynchronously(sink.SendAsync(Alert(MemoryLevel.Maximum), CancellationToken.None)));
        await _dropped.WaitForMeasurementsAsync(1, Patience);

        var drop = Assert.Single(_dropped.GetMeasurementSnapshot());
        Assert.Equal("failed", drop.Tags[GameBookTelemetryNames.ReasonTag]);
        Assert.Equal("webhook", drop.Tags[GameBookTelemetryNames.SinkTag]);
        Assert.Equal(1, sink.DroppedCount);
        Assert.Equal(0, sink.DeliveredCount);
    }

    [Fact]
    public async Task ReceiverSlow_AttemptsTimeOut_QueueOverflowIsDropped_AndSendNeverWaits()
    {
        using var receiver = new Receiver(respond: null);
        await using var sink = CreateSink(receiver.Endpoint, o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(200);
            o.MaxRetries = 1;
            o.RetryDelay = TimeSpan.Zero;
            o.QueueCapacity = 2;
        });

        for (var i = 0; i < 10; i++)
        {
            Assert.True(CompletedSynchronously(sink.SendAsync(Alert(MemoryLevel.Maximum), CancellationToken.None)));
        }

        await _dropped.WaitForMeasurementsAsync(10, Patience);

        var reasons = _dropped.GetMeasurementSnapshot().Select(m => (string?)m.Tags[GameBookTelemetryNames.ReasonTag]).ToList();
        // Ten alerts sent at once while one is in flight and two fit in the queue: most overflow the queue.
        Assert.Contains("queue_full", reasons);
        Assert.Contains("failed", reasons);
        Assert.Equal(10, sink.DroppedCount);
        Assert.Equal(0, sink.DeliveredCount);
        Assert.True(receiver.Requests.Count >= 2, "the timed-out attempt was retried");
    }

    [Fact]
    public async Task RegisteredWithAddWebhookAlertSink_TheManagersAlertsArePosted()
    {
        using var receiver = new Receiver(_ => HttpStatusCode.Accepted);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var reader = new FakeReader(time);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IResourceReader>(reader);
        services.AddGameBookTelemetry().AddWebhookAlertSink(o => o.Endpoint = receiver.Endpoint);
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        using var delivered = new MetricCollector<long>(provider.GetRequiredService<IMeterFactory>(), GameBookTelemetryNames.Telemetry, GameBookTelemetryNames.AlertsDelivered);

        reader.Set(85);
        await provider.GetRequiredService<MemoryAlertManager>().SampleAsync();
        await delivered.WaitForMeasurementsAsync(1, Patience);

        using var json = JsonDocument.Parse(Assert.Single(receiver.Requests).Body);
        Assert.Equal("Maximum", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("Normal", json.RootElement.GetProperty("previousLevel").GetString());
    }

    public void Dispose()
    {
        _delivered.Dispose();
        _dropped.Dispose();
        _meters.Dispose();
    }

    private static MemoryAlert Alert(MemoryLevel level) => new()
    {
        Level = level,
        PreviousLevel = level - 1,
        UsedBytes = 730,
        UsagePercent = 73,
        LimitBytes = 1000,
        Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static bool CompletedSynchronously(ValueTask task) => task.IsCompletedSuccessfully;

    private static int UnusedPort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private WebhookAlertSink CreateSink(Uri endpoint, Action<WebhookAlertSinkOptions>? configure = null)
    {
        var options = new WebhookAlertSinkOptions { Endpoint = endpoint, Timeout = TimeSpan.FromSeconds(10), RetryDelay = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(options);
        Assert.True(new WebhookAlertSinkOptionsValidator().Validate(null, options).Succeeded);
        return new WebhookAlertSink(new ClientFactory(), Options.Create(options), TimeProvider.System, _instrumentation, NullLogger<WebhookAlertSink>.Instance);
    }

    private sealed class ClientFactory : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }

    private sealed record ReceivedRequest(string Method, string? ContentType, string Body);

    /// <summary>An HTTP receiver on 127.0.0.1 answering with <c>respond</c>'s status, or never when it is null.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Func<ReceivedRequest, HttpStatusCode>? _respond;
        private readonly List<ReceivedRequest> _requests = [];
        private readonly Task _loop;

        public Receiver(Func<ReceivedRequest, HttpStatusCode>? respond)
        {
            _respond = respond;
            for (var attempt = 0; ; attempt++)
            {
                Endpoint = new Uri($"http://127.0.0.1:{UnusedPort()}/alerts/");
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add(Endpoint.ToString());
                try
                {
                    _listener.Start();
                    break;
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    // The port was taken in between; try another.
                }
            }

            _loop = Task.Run(LoopAsync);
        }

        public Uri Endpoint { get; private set; } = null!;

        public IReadOnlyList<ReceivedRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public void Dispose()
        {
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Listener closed.
            }
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                var request = new ReceivedRequest(context.Request.HttpMethod, context.Request.ContentType, await reader.ReadToEndAsync());
                lock (_requests)
                {
                    _requests.Add(request);
                }

                if (_respond is null)
                {
                    continue; // Slow receiver: never answers; the sink's timeout has to save it.
                }

                context.Response.StatusCode = (int)_respond(request);
                context.Response.Close();
            }
        }
    }
}
