namespace GameBook.Resilience.Pipelines;

/// <summary>
/// The GameBook pipelines registered on a service collection, in order, with the result type of typed ones.
/// Filled at startup from one thread; read-only afterwards.
/// </summary>
internal sealed class PipelineCatalog
{
    private readonly List<PipelineRegistration> _entries = [];

    public IReadOnlyList<string> Names => [.. _entries.Select(e => e.Name)];

    public PipelineRegistration? Find(string name) => _entries.Find(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    /// <summary>Adds a registration; false if the name is already registered for the same result type.</summary>
    public bool TryAdd(PipelineRegistration registration)
    {
        if (Find(registration.Name) is { } existing)
        {
            return existing.ResultType == registration.ResultType
                ? false
                : throw new InvalidOperationException(
                    $"Pipeline '{registration.Name}' is already registered {Describe(existing.ResultType)}; it cannot also be registered {Describe(registration.ResultType)}. Give the other pipeline its own name.");
        }

        _entries.Add(registration);
        return true;
    }

    private static string Describe(Type? resultType) => resultType is null ? "as an untyped ResiliencePipeline" : $"for results of type {resultType.FullName}";
}

/// <summary>One registered pipeline: its name, its result type (null for an untyped pipeline) and how to resolve it.</summary>
internal sealed record PipelineRegistration(string Name, Type? ResultType, Func<IServiceProvider, object> Resolve);
