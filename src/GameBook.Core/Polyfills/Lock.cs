#if !NET9_0_OR_GREATER
namespace System.Threading;

/// <summary>
/// Stands in for .NET 9's <c>System.Threading.Lock</c> on netstandard2.1 and net8.0, so <c>lock (gate)</c> compiles
/// unchanged: the C# compiler turns it into <see cref="EnterScope"/>, which takes a monitor.
/// Thread-safe: it is a lock.
/// </summary>
internal sealed class Lock
{
    private readonly object _monitor = new();

    /// <summary>Enters the lock; disposing the returned scope leaves it.</summary>
    public Scope EnterScope()
    {
        Monitor.Enter(_monitor);
        return new Scope(_monitor);
    }

    /// <summary>Holds a <see cref="Lock"/> until disposed.</summary>
    public ref struct Scope
    {
        private object? _monitor;

        public Scope(object monitor) => _monitor = monitor;

        /// <summary>Leaves the lock (once).</summary>
        public void Dispose()
        {
            var monitor = _monitor;
            if (monitor is not null)
            {
                _monitor = null;
                Monitor.Exit(monitor);
            }
        }
    }
}
#endif
