using GameBook.Telemetry.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Memory;

/// <summary>
/// Reads options that can be reloaded at run time, keeping the last valid value when a reload is rejected.
/// <see cref="IOptionsMonitor{TOptions}"/> drops its cached value before it builds and validates the new one, so after
/// an invalid change (a threshold out of range, a value the binder cannot convert) every read throws until the
/// configuration is fixed (dotnet/runtime#44381); a sampling loop that reads it would stop, and with it the host.
/// Each rejected change is logged once, as a warning; the first valid change after it applies as usual.
/// Thread-safe.
/// </summary>
internal sealed class LastValidOptions<TOptions>
    where TOptions : class
{
    private readonly IOptionsMonitor<TOptions> _monitor;
    private readonly ILogger _logger;
    private volatile TOptions _lastValid;
    private volatile string? _lastRejection;

    /// <exception cref="OptionsValidationException">The options are invalid to begin with (startup validation should have said so).</exception>
    public LastValidOptions(IOptionsMonitor<TOptions> monitor, ILogger logger)
    {
        _monitor = monitor;
        _logger = logger;
        _lastValid = monitor.CurrentValue;
    }

    /// <summary>The current options, or the last valid ones while a rejected change is in force.</summary>
    public TOptions Current
    {
        get
        {
            try
            {
                var current = _monitor.CurrentValue;
                _lastValid = current;
                _lastRejection = null;
                return current;
            }
            catch (Exception rejection) when (rejection is OptionsValidationException or InvalidOperationException)
            {
                if (rejection.Message != _lastRejection)
                {
                    _lastRejection = rejection.Message;
                    Log.OptionsChangeRejected(_logger, rejection, typeof(TOptions).Name, rejection.Message);
                }

                return _lastValid;
            }
        }
    }
}
