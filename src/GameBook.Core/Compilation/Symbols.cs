using GameBook.Library;
using GameBook.Syntax;
using GameBook.Values;

namespace GameBook.Compilation;

/// <summary>
/// A type being inferred: a union-find cell that is either bound to a concrete <see cref="StoryType"/> or
/// linked to another cell. Unifying two cells merges them, so constraints from anywhere in the story meet.
/// </summary>
internal sealed class TypeVar
{
    private TypeVar? _parent;

    public TypeVar(StoryType? concrete = null) => Concrete = concrete;

    public StoryType? Concrete { get; private set; }

    /// <summary>The representative cell (iterative, with path halving, so long chains cannot overflow).</summary>
    public TypeVar Find()
    {
        var x = this;
        while (x._parent is not null)
        {
            if (x._parent._parent is not null)
            {
                x._parent = x._parent._parent;
            }

            x = x._parent;
        }

        return x;
    }

    public StoryType? Resolved => Find().Concrete;

    /// <summary>Merges two cells; false when both are bound to different types.</summary>
    public static bool Unify(TypeVar a, TypeVar b)
    {
        var ra = a.Find();
        var rb = b.Find();
        if (ReferenceEquals(ra, rb))
        {
            return true;
        }

        if (ra.Concrete is not null && rb.Concrete is not null)
        {
            return ra.Concrete == rb.Concrete;
        }

        if (ra.Concrete is not null)
        {
            rb._parent = ra;
        }
        else
        {
            ra._parent = rb;
        }

        return true;
    }
}

/// <summary>A story variable: declared, or implicitly declared by use. Its type is inferred story-wide.</summary>
internal sealed class VariableSymbol(string name, SourceText source, int start, int end)
{
    public string Name { get; } = name;

    public TypeVar Type { get; } = new();

    public SourceText Source { get; } = source;

    public int Start { get; } = start;

    public int End { get; } = end;

    public DeclareStatement? Declaration { get; set; }

    public bool IsSmart { get; set; }

    public StoryValue InitialValue { get; set; }

    public int Slot { get; set; } = -1;
}

/// <summary>A function called by the story: from the library, or with a signature inferred from its calls.</summary>
internal sealed class FunctionSymbol(string name, FunctionInfo? library, int arity, SourceText source, int start, int end)
{
    public string Name { get; } = name;

    public FunctionInfo? Library { get; } = library;

    public TypeVar[] Parameters { get; } = CreateVars(arity);

    public TypeVar Return { get; } = new();

    public SourceText Source { get; } = source;

    public int Start { get; } = start;

    public int End { get; } = end;

    public int Index { get; set; } = -1;

    private static TypeVar[] CreateVars(int n)
    {
        var vars = new TypeVar[n];
        for (var i = 0; i < n; i++)
        {
            vars[i] = new TypeVar();
        }

        return vars;
    }
}

internal sealed class EnumSymbol(string name, StoryType type)
{
    public string Name { get; } = name;

    public StoryType Type { get; } = type;

    public Dictionary<string, EnumCase> Cases { get; } = new(StringComparer.Ordinal);

    public List<EnumCase> Ordered { get; } = [];
}

internal sealed class EnumCase(EnumSymbol owner, string name, StoryValue rawValue)
{
    public EnumSymbol Owner { get; } = owner;

    public string Name { get; } = name;

    public StoryValue RawValue { get; } = rawValue;
}
