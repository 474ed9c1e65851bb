namespace GameBook.Telemetry.Tests;

/// <summary>
/// The test assembly's entry point: does nothing for the test runner; with <c>heap-probe</c> it runs the
/// child side of <see cref="HeapHardLimitTests"/>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args) =>
        args is ["heap-probe", ..] ? await HeapProbe.RunAsync() : 0;
}
