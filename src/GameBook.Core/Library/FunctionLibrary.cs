using System.Globalization;
using GameBook.Values;

namespace GameBook.Library;

/// <summary>
/// The functions and commands a story may use: the built-in standard library plus whatever the host
/// registers before compiling. The compiler checks every call and command against it.
/// Not thread-safe while being configured; once handed to the compiler or a session, do not change it.
/// </summary>
public sealed class FunctionLibrary
{
    private readonly Dictionary<string, FunctionInfo> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CommandInfo> _commands = new(StringComparer.Ordinal);

    /// <summary>Creates a library holding the built-in functions.</summary>
    public FunctionLibrary()
    {
        AddBuiltIns();
    }

    /// <summary>Every registered function, built-ins included.</summary>
    public IEnumerable<FunctionInfo> Functions => _functions.Values;

    /// <summary>Every registered command.</summary>
    public IEnumerable<CommandInfo> Commands => _commands.Values;

    /// <summary>Looks a function up by name.</summary>
    public bool TryGetFunction(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FunctionInfo? function) =>
        _functions.TryGetValue(name, out function);

    /// <summary>Looks a command up by name.</summary>
    public bool TryGetCommand(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CommandInfo? command) =>
        _commands.TryGetValue(name, out command);

    /// <summary>Registers (or replaces) a function with explicit types.</summary>
    /// <param name="name">The name stories call it by: a letter or underscore, then letters, digits, underscores or dots.</param>
    /// <param name="returnType">The type it returns (not <see cref="StoryType.Any"/>).</param>
    /// <param name="parameterTypes">The parameter types.</param>
    /// <param name="implementation">The implementation; it must return a value of <paramref name="returnType"/>.</param>
    /// <returns>This library, for chaining.</returns>
    public FunctionLibrary AddFunction(string name, StoryType returnType, IEnumerable<StoryType> parameterTypes, HostFunction implementation)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(returnType);
        ArgumentNullException.ThrowIfNull(parameterTypes);
        ArgumentNullException.ThrowIfNull(implementation);
        if (returnType == StoryType.Any)
        {
            throw new ArgumentException("A function must return a concrete type, not Any.", nameof(returnType));
        }

        _functions[name] = new FunctionInfo(name, returnType, [.. parameterTypes], implementation, Intrinsic.None);
        return this;
    }

    /// <summary>Registers a parameterless function. <typeparamref name="TResult"/> is double, float, int, bool or string.</summary>
    public FunctionLibrary AddFunction<TResult>(string name, Func<TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return AddFunction(name, TypeOf<TResult>(), [], _ => ToValue(function()));
    }

    /// <summary>Registers a one-parameter function. Types are double, float, int, bool or string.</summary>
    public FunctionLibrary AddFunction<T1, TResult>(string name, Func<T1, TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return AddFunction(name, TypeOf<TResult>(), [TypeOf<T1>()], a => ToValue(function(FromValue<T1>(a[0]))));
    }

    /// <summary>Registers a two-parameter function. Types are double, float, int, bool or string.</summary>
    public FunctionLibrary AddFunction<T1, T2, TResult>(string name, Func<T1, T2, TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return AddFunction(name, TypeOf<TResult>(), [TypeOf<T1>(), TypeOf<T2>()],
            a => ToValue(function(FromValue<T1>(a[0]), FromValue<T2>(a[1]))));
    }

    /// <summary>Registers a three-parameter function. Types are double, float, int, bool or string.</summary>
    public FunctionLibrary AddFunction<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, TResult> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return AddFunction(name, TypeOf<TResult>(), [TypeOf<T1>(), TypeOf<T2>(), TypeOf<T3>()],
            a => ToValue(function(FromValue<T1>(a[0]), FromValue<T2>(a[1]), FromValue<T3>(a[2]))));
    }

    /// <summary>
    /// Registers (or replaces) a command. The compiler checks each use's arguments against
    /// <paramref name="parameterTypes"/>. With a <paramref name="handler"/>, sessions run it directly;
    /// without one, sessions hand the command to the host as a step.
    /// </summary>
    public FunctionLibrary AddCommand(string name, IEnumerable<StoryType> parameterTypes, HostCommand? handler = null)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(parameterTypes);
        _commands[name] = new CommandInfo(name, [.. parameterTypes], handler);
        return this;
    }

    private void AddIntrinsic(string name, StoryType returnType, Intrinsic intrinsic, params StoryType[] parameters) =>
        _functions[name] = new FunctionInfo(name, returnType, [.. parameters], null, intrinsic);

    private void AddPure(string name, StoryType returnType, StoryType[] parameters, HostFunction implementation) =>
        _functions[name] = new FunctionInfo(name, returnType, [.. parameters], implementation, Intrinsic.None);

    private void AddBuiltIns()
    {
        var n = StoryType.Number;
        var s = StoryType.String;
        var b = StoryType.Bool;
        var any = StoryType.Any;

        AddIntrinsic("visited", b, Intrinsic.Visited, s);
        AddIntrinsic("visited_count", n, Intrinsic.VisitedCount, s);
        AddIntrinsic("has_any_content", b, Intrinsic.HasAnyContent, s);
        AddIntrinsic("random", n, Intrinsic.Random);
        AddIntrinsic("random_range", n, Intrinsic.RandomRange, n, n);
        AddIntrinsic("random_range_float", n, Intrinsic.RandomRangeFloat, n, n);
        AddIntrinsic("dice", n, Intrinsic.Dice, n);
        AddIntrinsic("roll", n, Intrinsic.Roll, s);
        AddIntrinsic("has", b, Intrinsic.Has, s);
        AddIntrinsic("count", n, Intrinsic.Count, s);

        AddPure("round", n, [n], a => StoryValue.FromNumber(Math.Round(a[0].RawNumber, MidpointRounding.AwayFromZero)));
        AddPure("round_places", n, [n, n], a => StoryValue.FromNumber(Math.Round(a[0].RawNumber, (int)Math.Clamp(a[1].RawNumber, 0, 15), MidpointRounding.AwayFromZero)));
        AddPure("floor", n, [n], a => StoryValue.FromNumber(Math.Floor(a[0].RawNumber)));
        AddPure("ceil", n, [n], a => StoryValue.FromNumber(Math.Ceiling(a[0].RawNumber)));
        AddPure("inc", n, [n], a => StoryValue.FromNumber(IsInteger(a[0].RawNumber) ? a[0].RawNumber + 1 : Math.Ceiling(a[0].RawNumber)));
        AddPure("dec", n, [n], a => StoryValue.FromNumber(IsInteger(a[0].RawNumber) ? a[0].RawNumber - 1 : Math.Floor(a[0].RawNumber)));
        AddPure("decimal", n, [n], a => StoryValue.FromNumber(a[0].RawNumber - Math.Truncate(a[0].RawNumber)));
        AddPure("int", n, [n], a => StoryValue.FromNumber(Math.Truncate(a[0].RawNumber)));
        AddPure("min", n, [n, n], a => StoryValue.FromNumber(Math.Min(a[0].RawNumber, a[1].RawNumber)));
        AddPure("max", n, [n, n], a => StoryValue.FromNumber(Math.Max(a[0].RawNumber, a[1].RawNumber)));
        AddPure("format_invariant", s, [n], a => StoryValue.FromString(a[0].RawNumber.ToString(CultureInfo.InvariantCulture)));
        AddPure("string", s, [any], a => StoryValue.FromString(a[0].ToString()));
        AddPure("number", n, [any], a => StoryValue.FromNumber(ToNumber(a[0])));
        AddPure("bool", b, [any], a => StoryValue.FromBool(ToBool(a[0])));
    }

    private static bool IsInteger(double value) => Math.Truncate(value) == value;

    private static double ToNumber(StoryValue value) => value.Kind switch
    {
        ValueKind.Number => value.RawNumber,
        ValueKind.Bool => value.RawBool ? 1 : 0,
        ValueKind.String => double.TryParse(value.RawString, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0,
        _ => 0,
    };

    private static bool ToBool(StoryValue value) => value.Kind switch
    {
        ValueKind.Bool => value.RawBool,
        ValueKind.Number => value.RawNumber != 0,
        ValueKind.String => bool.TryParse(value.RawString, out var v) ? v : value.RawString!.Length > 0,
        _ => false,
    };

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!(char.IsLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '.'))
        {
            throw new ArgumentException($"'{name}' is not a valid function or command name: use a letter or underscore, then letters, digits, underscores or dots.", nameof(name));
        }
    }

    private static StoryType TypeOf<T>() =>
        typeof(T) == typeof(double) || typeof(T) == typeof(float) || typeof(T) == typeof(int) ? StoryType.Number
        : typeof(T) == typeof(bool) ? StoryType.Bool
        : typeof(T) == typeof(string) ? StoryType.String
        : throw new ArgumentException($"Type {typeof(T).Name} cannot cross into a story: use double, float, int, bool or string.");

    private static StoryValue ToValue<T>(T value) => value switch
    {
        double d => StoryValue.FromNumber(d),
        float f => StoryValue.FromNumber(f),
        int i => StoryValue.FromNumber(i),
        bool b => StoryValue.FromBool(b),
        string s => StoryValue.FromString(s),
        _ => throw new InvalidOperationException($"A host function returned {value?.GetType().Name ?? "null"}, which is not a story value."),
    };

    private static T FromValue<T>(StoryValue value)
    {
        object boxed = typeof(T) == typeof(double) ? value.AsNumber
            : typeof(T) == typeof(float) ? (float)value.AsNumber
            : typeof(T) == typeof(int) ? (int)value.AsNumber
            : typeof(T) == typeof(bool) ? value.AsBool
            : value.AsString;
        return (T)boxed;
    }
}
