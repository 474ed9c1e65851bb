// A facade Mono 6.8 (Debian) lacks and Unity's .NET Standard 2.1 profile ships: the netstandard2.0 builds of
// System.Collections.Immutable, System.Text.Json and Microsoft.Extensions.* reference System.Memory 4.0.2.0,
// whose types Mono keeps in its corlib. Compiled by the runner's BuildMonoFacades target, never by the project.
using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyVersion("4.0.2.0")]
[assembly: TypeForwardedTo(typeof(System.Memory<>))]
[assembly: TypeForwardedTo(typeof(System.MemoryExtensions))]
[assembly: TypeForwardedTo(typeof(System.ReadOnlyMemory<>))]
[assembly: TypeForwardedTo(typeof(System.ReadOnlySpan<>))]
[assembly: TypeForwardedTo(typeof(System.SequencePosition))]
[assembly: TypeForwardedTo(typeof(System.Span<>))]
[assembly: TypeForwardedTo(typeof(System.Runtime.InteropServices.MemoryMarshal))]
[assembly: TypeForwardedTo(typeof(System.Runtime.InteropServices.SequenceMarshal))]
[assembly: TypeForwardedTo(typeof(System.Buffers.BuffersExtensions))]
[assembly: TypeForwardedTo(typeof(System.Buffers.MemoryHandle))]
[assembly: TypeForwardedTo(typeof(System.Buffers.MemoryManager<>))]
[assembly: TypeForwardedTo(typeof(System.Buffers.MemoryPool<>))]
[assembly: TypeForwardedTo(typeof(System.Buffers.OperationStatus))]
[assembly: TypeForwardedTo(typeof(System.Buffers.ReadOnlySequence<>))]
[assembly: TypeForwardedTo(typeof(System.Buffers.ReadOnlySequenceSegment<>))]
[assembly: TypeForwardedTo(typeof(System.Buffers.StandardFormat))]
[assembly: TypeForwardedTo(typeof(System.Buffers.Text.Base64))]
[assembly: TypeForwardedTo(typeof(System.Buffers.Text.Utf8Formatter))]
[assembly: TypeForwardedTo(typeof(System.Buffers.Text.Utf8Parser))]
[assembly: TypeForwardedTo(typeof(System.Buffers.Binary.BinaryPrimitives))]
[assembly: TypeForwardedTo(typeof(System.Buffers.IBufferWriter<>))]
[assembly: TypeForwardedTo(typeof(System.Buffers.IMemoryOwner<>))]
[assembly: TypeForwardedTo(typeof(System.Buffers.IPinnable))]
