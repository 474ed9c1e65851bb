using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Operations;

/// <summary>How the dashboard and its APIs answer.</summary>
internal enum DashboardAccessMode
{
    /// <summary>Development: no key needed.</summary>
    Open,

    /// <summary>Outside Development with a key configured: every request must carry it.</summary>
    KeyRequired,

    /// <summary>Outside Development without a key: the dashboard is not served at all.</summary>
    Disabled,
}

/// <summary>
/// Decides whether a request may read the dashboard page or its APIs (<c>/dashboard</c>, <c>/api/dashboard/…</c>,
/// <c>/api/analytics/…</c>): open in Development, otherwise only with <see cref="OperationsOptions.DashboardKey"/>
/// in the <c>X-Dashboard-Key</c> header or the <c>key</c> query parameter, compared in constant time; disabled
/// outside Development when no key is configured. The key is read on every request, so a rotated key applies at
/// once. Thread-safe.
/// </summary>
internal sealed class DashboardAccess(IOptionsMonitor<OperationsOptions> options, IHostEnvironment environment)
{
    /// <summary>The current mode.</summary>
    public DashboardAccessMode Mode => environment.IsDevelopment()
        ? DashboardAccessMode.Open
        : string.IsNullOrEmpty(options.CurrentValue.DashboardKey) ? DashboardAccessMode.Disabled : DashboardAccessMode.KeyRequired;

    /// <summary>Whether a path belongs to the dashboard (its page or read-only APIs).</summary>
    /// <param name="path">The request path.</param>
    /// <returns>
    /// <see langword="true"/> for the page (<c>/dashboard</c>, also with a trailing slash, which routing matches to it,
    /// and <c>/dashboard.html</c>), <c>/api/dashboard</c>, <c>/api/analytics</c> and what is below them.
    /// </returns>
    public static bool IsDashboardPath(PathString path) =>
        path.Equals("/dashboard", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/dashboard/", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/dashboard.html", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(OperationsDefaults.DashboardApiPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api/analytics", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the request carries the configured key (header first, then query).</summary>
    /// <param name="context">The request.</param>
    /// <returns><see langword="true"/> when a key is configured and the request's matches it.</returns>
    public bool HasValidKey(HttpContext context)
    {
        var configured = options.CurrentValue.DashboardKey;
        if (string.IsNullOrEmpty(configured))
        {
            return false;
        }

        string? presented = context.Request.Headers[OperationsDefaults.KeyHeader];
        if (string.IsNullOrEmpty(presented))
        {
            presented = context.Request.Query[OperationsDefaults.KeyQuery];
        }

        return !string.IsNullOrEmpty(presented) && KeysEqual(configured, presented);
    }

    /// <summary>
    /// Compares two keys in time that depends on neither's content nor on where they differ: both are hashed to a
    /// fixed length first, so not even the length of the configured key leaks.
    /// </summary>
    internal static bool KeysEqual(string expected, string presented)
    {
        Span<byte> a = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> b = stackalloc byte[SHA256.HashSizeInBytes];
        _ = SHA256.HashData(Encoding.UTF8.GetBytes(expected), a);
        _ = SHA256.HashData(Encoding.UTF8.GetBytes(presented), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
