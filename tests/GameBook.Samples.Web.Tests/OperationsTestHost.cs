using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace GameBook.Samples.Web.Tests;

/// <summary>The web host in process, in a chosen environment with extra settings, capturing its log.</summary>
internal sealed class OperationsTestHost : WebApplicationFactory<Program>
{
    public const string Key = "test-dashboard-key-0123456789abcdef";

    private readonly string _environment;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public OperationsTestHost(string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null)
    {
        _environment = environment;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    /// <summary>Every log message written, as "Category: message".</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    public static OperationsTestHost Production(string? key = Key, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>();
        if (key is not null)
        {
            settings["Operations:DashboardKey"] = key;
        }

        foreach (var (k, v) in more)
        {
            settings[k] = v;
        }

        return new OperationsTestHost("Production", settings);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Log)));
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink.Enqueue($"{category}: {formatter(state, exception)}");
            }
        }
    }
}
