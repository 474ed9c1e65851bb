using System.Runtime.InteropServices;

namespace GameBook.Compiled;

/// <summary>One VM instruction: 16 bytes, three integer operands whose meaning <see cref="OpCode"/> documents.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct Instruction(OpCode Op, int A = 0, int B = 0, int C = 0)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Op} {A} {B} {C}";
}
