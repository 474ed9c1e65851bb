namespace GameBook.Resilience.Pipelines;

/// <summary>The names of the GameBook pipelines registered on a service collection, in order. Filled at startup from one thread; read-only afterwards.</summary>
internal sealed class PipelineCatalog
{
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public bool Contains(string name) => _names.Contains(name, StringComparer.Ordinal);

    public bool TryAdd(string name)
    {
        if (Contains(name))
        {
            return false;
        }

        _names.Add(name);
        return true;
    }
}
