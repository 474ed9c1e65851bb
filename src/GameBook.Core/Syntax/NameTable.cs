namespace GameBook.Syntax;

/// <summary>Interns identifiers straight from spans, so repeated names share one string and lexing allocates once per distinct name.</summary>
internal sealed class NameTable
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
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
}
