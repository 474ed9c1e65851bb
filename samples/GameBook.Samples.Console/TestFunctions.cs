using GameBook.Library;

namespace GameBook.Samples.Console;

/// <summary>
/// The host functions Yarn Spinner's conformance tests assume (see the conformance README):
/// assert, add_three_operands, set_objective_complete, is_objective_active, get_quest_status at compile time,
/// and dummy_bool, dummy_number, dummy_string bound only at run time (their types are inferred from use).
/// </summary>
public static class TestFunctions
{
    /// <summary>The library to compile with: the built-ins, plus the conformance functions when asked.</summary>
    public static FunctionLibrary CreateCompileLibrary(bool testFunctions)
    {
        var library = new FunctionLibrary();
        if (testFunctions)
        {
            library
                .AddFunction("assert", (bool value) => value ? true : throw new InvalidOperationException("assert(false): a story assertion failed."))
                .AddFunction("add_three_operands", (int a, int b, int c) => a + b + c)
                .AddFunction("set_objective_complete", (string _) => true)
                .AddFunction("is_objective_active", (string _) => true)
                .AddFunction("get_quest_status", (string _) => "InProgress");
        }

        return library;
    }

    /// <summary>The library sessions bind inferred functions from, or null when not asked for test functions.</summary>
    public static FunctionLibrary? CreateSessionLibrary(bool testFunctions) =>
        testFunctions
            ? CreateCompileLibrary(true)
                .AddFunction("dummy_bool", () => true)
                .AddFunction("dummy_number", () => 1)
                .AddFunction("dummy_string", () => "string")
            : null;
}
