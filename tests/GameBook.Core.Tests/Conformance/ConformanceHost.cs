using GameBook.Library;

namespace GameBook.Core.Tests.Conformance;

/// <summary>
/// The host functions the Yarn conformance plans assume (README, "Host functions the plans assume").
/// <c>assert</c> records a failure instead of throwing, so the runner can say at which step it happened.
/// </summary>
internal sealed class ConformanceHost
{
    private readonly List<string> _assertFailures = [];

    /// <summary>Assertion failures not yet reported.</summary>
    public IReadOnlyList<string> AssertFailures => _assertFailures;

    /// <summary>The compile-time library: built-ins plus assert, add_three_operands, set_objective_complete,
    /// is_objective_active, get_quest_status.</summary>
    public FunctionLibrary CreateCompileLibrary() =>
        new FunctionLibrary()
            .AddFunction("assert", (bool value) =>
            {
                if (!value)
                {
                    _assertFailures.Add("assert(false) was called by the story");
                }

                return true;
            })
            .AddFunction("add_three_operands", (int a, int b, int c) => a + b + c)
            .AddFunction("set_objective_complete", (string _) => true)
            .AddFunction("is_objective_active", (string _) => true)
            .AddFunction("get_quest_status", (string _) => "InProgress");

    /// <summary>The session library: the compile-time functions plus dummy_bool, dummy_number, dummy_string,
    /// registered only after compiling so the compiler infers their types from use.</summary>
    public FunctionLibrary CreateSessionLibrary() =>
        CreateCompileLibrary()
            .AddFunction("dummy_bool", () => true)
            .AddFunction("dummy_number", () => 1)
            .AddFunction("dummy_string", () => "string");

    /// <summary>Returns and forgets the assertion failures recorded so far.</summary>
    public List<string> TakeAssertFailures()
    {
        var failures = new List<string>(_assertFailures);
        _assertFailures.Clear();
        return failures;
    }
}
