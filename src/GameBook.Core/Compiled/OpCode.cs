namespace GameBook.Compiled;

/// <summary>
/// The instruction set of the story virtual machine: a stack machine over <see cref="Values.StoryValue"/>.
/// Operands live in <see cref="Instruction.A"/>, <see cref="Instruction.B"/> and <see cref="Instruction.C"/>.
/// "pops x, y" means y is on top of the stack. Instruction targets are indexes into the same instruction array.
/// The compiler only emits type-correct code (the type checker ran first), so the VM does not re-check types.
/// </summary>
internal enum OpCode : byte
{
    /// <summary>Push <c>StoryProgram.Numbers[A]</c>.</summary>
    PushNumber,
    /// <summary>Push <c>StoryProgram.Strings[A]</c>.</summary>
    PushString,
    /// <summary>Push the bool <c>A != 0</c>.</summary>
    PushBool,
    /// <summary>Discard the top of the stack.</summary>
    Pop,
    /// <summary>Push the value of variable slot A (a smart variable's code is evaluated on read).</summary>
    LoadVariable,
    /// <summary>Pop a value and store it in variable slot A.</summary>
    StoreVariable,

    /// <summary>Pops a, b (numbers); pushes a + b.</summary>
    Add,
    /// <summary>Pops a, b (numbers); pushes a - b.</summary>
    Subtract,
    /// <summary>Pops a, b (numbers); pushes a * b.</summary>
    Multiply,
    /// <summary>Pops a, b (numbers); pushes a / b (IEEE: division by zero gives infinity or NaN).</summary>
    Divide,
    /// <summary>Pops a, b (numbers); pushes a % b (C# remainder semantics).</summary>
    Modulo,
    /// <summary>Pops a (number); pushes -a.</summary>
    Negate,
    /// <summary>Pops a, b (strings); pushes a + b.</summary>
    Concat,
    /// <summary>Pops a, b (same type); pushes a == b (ordinal for strings).</summary>
    Equal,
    /// <summary>Pops a, b (same type); pushes a != b.</summary>
    NotEqual,
    /// <summary>Pops a, b (numbers); pushes a &lt; b.</summary>
    Less,
    /// <summary>Pops a, b (numbers); pushes a &lt;= b.</summary>
    LessOrEqual,
    /// <summary>Pops a, b (numbers); pushes a &gt; b.</summary>
    Greater,
    /// <summary>Pops a, b (numbers); pushes a &gt;= b.</summary>
    GreaterOrEqual,
    /// <summary>Pops a, b (bools); pushes a &amp;&amp; b (both operands were evaluated).</summary>
    And,
    /// <summary>Pops a, b (bools); pushes a || b.</summary>
    Or,
    /// <summary>Pops a, b (bools); pushes a ^ b.</summary>
    Xor,
    /// <summary>Pops a (bool); pushes !a.</summary>
    Not,

    /// <summary>
    /// Call <c>StoryProgram.Functions[A]</c> with B arguments: pops B values (first argument deepest),
    /// pushes the result. Intrinsics (visited, dice, roll, has, ...) are dispatched by the VM itself.
    /// </summary>
    CallFunction,

    /// <summary>Continue at instruction A.</summary>
    Jump,
    /// <summary>Pop a bool; if false continue at instruction A.</summary>
    JumpIfFalse,

    /// <summary>
    /// Deliver line <c>StoryProgram.Lines[A]</c> to the host. Pops B substitution values
    /// (substitution 0 deepest). The session yields a line step; the next <c>Next()</c> resumes after it.
    /// </summary>
    RunLine,
    /// <summary>
    /// Add an option to the pending option set: line <c>Lines[A]</c>, destination instruction C.
    /// Pops, in this order from the top: the condition bool if B has <see cref="OptionFlags.HasCondition"/>,
    /// then <c>Lines[A].SubstitutionCount</c> substitution values (substitution 0 deepest).
    /// An option whose condition is false is kept but marked unavailable.
    /// </summary>
    AddOption,
    /// <summary>
    /// Deliver the pending option set to the host and wait for a choice. On choice, continue at the chosen
    /// option's destination. When no option is available the host may only choose "none", and execution
    /// continues at the next instruction (the option block falls through). An empty option set (no
    /// AddOption ran) also falls through without yielding.
    /// </summary>
    ShowOptions,
    /// <summary>
    /// Hand command <c>StoryProgram.Commands[A]</c> to the host: pops B substitution values (substitution 0
    /// deepest), composes the command text and parses its arguments. Registered commands with a handler are
    /// invoked directly; others yield a command step.
    /// </summary>
    RunCommand,
    /// <summary>Pops count (number), then item (string); adds count of item to the inventory.</summary>
    GiveItem,
    /// <summary>Pops count (number), then item (string); removes up to count of item from the inventory.</summary>
    TakeItem,

    /// <summary>
    /// Leave every node on the call stack (each counts one visit, innermost first) and start node A
    /// (an index into <c>StoryProgram.Nodes</c>; a node group's dispatcher node is an ordinary node).
    /// </summary>
    JumpToNode,
    /// <summary>Pop a string node name and jump to it like <see cref="JumpToNode"/>; unknown name: session error.</summary>
    JumpToNodeDynamic,
    /// <summary>Push a return frame and start node A; <see cref="Return"/> (or the end of A) comes back.</summary>
    DetourToNode,
    /// <summary>Pop a string node name and detour to it.</summary>
    DetourToNodeDynamic,
    /// <summary>
    /// Leave the current node only (it counts one visit) and run node A in the same call-stack frame.
    /// Emitted by node-group dispatchers, so a detour into a group returns from the chosen member.
    /// </summary>
    EnterNodeInPlace,
    /// <summary>Leave the current node (one visit); resume the caller of a detour, or end the story if none.</summary>
    Return,
    /// <summary>Leave every node on the call stack (each counts one visit) and end the story.</summary>
    Stop,

    /// <summary>
    /// Add a saliency candidate: content <c>StoryProgram.SaliencyContent[A]</c>, complexity score B,
    /// destination instruction C. If <c>SaliencyContent[A].HasCondition</c>, pops its condition bool first;
    /// a candidate whose condition is false is still offered to the strategy as failing.
    /// </summary>
    AddCandidate,
    /// <summary>
    /// Ask the session's saliency strategy to choose among the pending candidates; record the view of the
    /// chosen content and continue at its destination, or at the next instruction when none qualifies.
    /// </summary>
    SelectCandidate,
}

/// <summary>Flags carried in <see cref="Instruction.B"/> of <see cref="OpCode.AddOption"/>.</summary>
[Flags]
internal enum OptionFlags
{
    None = 0,
    /// <summary>A condition bool is on top of the stack.</summary>
    HasCondition = 1,
}
