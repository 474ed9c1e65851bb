using GameBook.Hosting;
using GameBook.Library;
using GameBook.Values;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the host's functions and commands, which the catalog's compilations and the factory's sessions
/// use. Call while building the service collection; the registrations run on every compilation, in order.
/// </summary>
public static class GameBookBuilderExtensions
{
    /// <summary>Adds a step that configures the <see cref="FunctionLibrary"/> of every compilation and session.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Registers functions and commands on the library.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IGameBookBuilder ConfigureLibrary(this IGameBookBuilder builder, Action<FunctionLibrary> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure<GameBookLibraryOptions>(o => o.Configurations.Add(configure));
        return builder;
    }

    /// <summary>Registers a parameterless host function (see <see cref="FunctionLibrary.AddFunction{TResult}(string, Func{TResult})"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The name stories call it by.</param>
    /// <param name="function">The implementation; its type is double, float, int, bool or string.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IGameBookBuilder AddFunction<TResult>(this IGameBookBuilder builder, string name, Func<TResult> function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        return builder.ConfigureLibrary(l => l.AddFunction(name, function));
    }

    /// <summary>Registers a one-parameter host function (see <see cref="FunctionLibrary.AddFunction{T1, TResult}(string, Func{T1, TResult})"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The name stories call it by.</param>
    /// <param name="function">The implementation; its types are double, float, int, bool or string.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IGameBookBuilder AddFunction<T1, TResult>(this IGameBookBuilder builder, string name, Func<T1, TResult> function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        return builder.ConfigureLibrary(l => l.AddFunction(name, function));
    }

    /// <summary>Registers a two-parameter host function (see <see cref="FunctionLibrary.AddFunction{T1, T2, TResult}(string, Func{T1, T2, TResult})"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The name stories call it by.</param>
    /// <param name="function">The implementation; its types are double, float, int, bool or string.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IGameBookBuilder AddFunction<T1, T2, TResult>(this IGameBookBuilder builder, string name, Func<T1, T2, TResult> function)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(function);
        return builder.ConfigureLibrary(l => l.AddFunction(name, function));
    }

    /// <summary>Registers a command (see <see cref="FunctionLibrary.AddCommand"/>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The command's name, the first word inside <c>&lt;&lt;...&gt;&gt;</c>.</param>
    /// <param name="parameterTypes">The types its arguments are checked against.</param>
    /// <param name="handler">Runs the command inside the session; without one, sessions hand it to the host as a step.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IGameBookBuilder AddCommand(this IGameBookBuilder builder, string name, IEnumerable<StoryType> parameterTypes, HostCommand? handler = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(parameterTypes);
        StoryType[] types = [.. parameterTypes];
        return builder.ConfigureLibrary(l => l.AddCommand(name, types, handler));
    }
}
