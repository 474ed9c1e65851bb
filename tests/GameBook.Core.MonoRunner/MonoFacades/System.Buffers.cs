// A facade Mono 6.8 (Debian) lacks and Unity's .NET Standard 2.1 profile ships: the netstandard2.0 builds of
// System.Collections.Immutable, System.Text.Json and Microsoft.Extensions.* reference System.Buffers 4.0.2.0,
// whose types Mono keeps in its corlib. Compiled by the runner's BuildMonoFacades target, never by the project.
using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyVersion("4.0.2.0")]
[assembly: TypeForwardedTo(typeof(System.Buffers.ArrayPool<>))]
