namespace GameBook.Syntax;

/// <summary>Interns identifiers straight from spans, so repeated names share one string and lexing allocates once per distinct name.</summary>
internal sealed class NameTable
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
#if NET9_0_OR_GREATER
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public NameTable() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Intern(ReadOnlySpan<char> name)
    {
        if (_lookup.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var s = name.ToString();
        _names.Add(s);
        return s;
    }
#else
    // Before .NET 9 a set cannot be probed with a span: the name becomes a string first (one allocation per
    // occurrence rather than per distinct name); the set still makes equal names share one instance.
    public string Intern(ReadOnlySpan<char> name)
    {
        var s = name.ToString();
        return _names.TryGetValue(s, out var existing) ? existing : Add(s);
    }

    private string Add(string s)
    {
        _names.Add(s);
        return s;
    }
#endif
}
