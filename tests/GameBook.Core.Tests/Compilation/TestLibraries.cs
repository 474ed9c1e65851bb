using GameBook.Library;

namespace GameBook.Core.Tests.Compilation;

/// <summary>The host functions the Yarn conformance plans assume (see the suite's README).</summary>
internal static class TestLibraries
{
    /// <summary>What the compiler sees: built-ins plus the plans' registered functions, but not dummy_*.</summary>
    public static FunctionLibrary CompileTime()
    {
        var library = new FunctionLibrary();
        library.AddFunction<bool, bool>("assert", value => value ? true : throw new InvalidOperationException("A story assertion failed."));
        library.AddFunction<double, double, double, double>("add_three_operands", (a, b, c) => a + b + c);
        library.AddFunction<string, bool>("set_objective_complete", _ => true);
        library.AddFunction<string, bool>("is_objective_active", _ => true);
        library.AddFunction<string, string>("get_quest_status", _ => "InProgress");
        return library;
    }

    /// <summary>What sessions bind at run time: the compile-time library plus the dummy_* functions registered after compiling.</summary>
    public static FunctionLibrary RunTime()
    {
        var library = CompileTime();
        library.AddFunction("dummy_bool", () => true);
        library.AddFunction("dummy_number", () => 1.0);
        library.AddFunction("dummy_string", () => "string");
        return library;
    }
}
