// A facade Mono 6.8 (Debian) lacks and Unity's .NET Standard 2.1 profile ships: the netstandard2.0 builds of
// System.Collections.Immutable, System.Text.Json and Microsoft.Extensions.* reference System.Threading.Tasks.Extensions 4.2.1.0,
// whose types Mono keeps in its corlib. Compiled by the runner's BuildMonoFacades target, never by the project.
using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyVersion("4.2.1.0")]
[assembly: TypeForwardedTo(typeof(System.Threading.Tasks.ValueTask))]
[assembly: TypeForwardedTo(typeof(System.Threading.Tasks.ValueTask<>))]
[assembly: TypeForwardedTo(typeof(System.Threading.Tasks.Sources.ValueTaskSourceOnCompletedFlags))]
[assembly: TypeForwardedTo(typeof(System.Threading.Tasks.Sources.ValueTaskSourceStatus))]
[assembly: TypeForwardedTo(typeof(System.Threading.Tasks.Sources.IValueTaskSource))]
[assembly: TypeForwardedTo(typeof(System.Threading.Tasks.Sources.IValueTaskSource<>))]
[assembly: TypeForwardedTo(typeof(System.Runtime.CompilerServices.AsyncMethodBuilderAttribute))]
[assembly: TypeForwardedTo(typeof(System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder))]
[assembly: TypeForwardedTo(typeof(System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder<>))]
[assembly: TypeForwardedTo(typeof(System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable))]
[assembly: TypeForwardedTo(typeof(System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable<>))]
[assembly: TypeForwardedTo(typeof(System.Runtime.CompilerServices.ValueTaskAwaiter))]
[assembly: TypeForwardedTo(typeof(System.Runtime.CompilerServices.ValueTaskAwaiter<>))]
