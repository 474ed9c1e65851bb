namespace GameBook.Workers;

/// <summary>
/// Resolves the worker pools registered with <c>AddGameBookWorkers</c> by name. Thread-safe; each pool is created
/// once, on first use or when the host starts.
/// </summary>
public interface IWorkerPoolProvider
{
    /// <summary>The names of the registered pools.</summary>
    IReadOnlyCollection<string> PoolNames { get; }

    /// <summary>The pool named <paramref name="name"/>.</summary>
    /// <param name="name">A name given to <c>AddGameBookWorkers</c>; <see cref="WorkerPoolDefaults.DefaultPoolName"/> for the default pool.</param>
    /// <returns>The pool.</returns>
    /// <exception cref="InvalidOperationException">No pool of that name is registered.</exception>
    WorkerPool GetPool(string name);
}
