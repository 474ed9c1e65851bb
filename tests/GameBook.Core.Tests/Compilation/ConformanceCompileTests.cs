using GameBook.Compilation;
using GameBook.Core.Tests.Conformance;
using GameBook.Runtime;
using GameBook.Values;

namespace GameBook.Core.Tests.Compilation;

/// <summary>Compiles every conformance file and runs every plan against the compiled story.</summary>
public class ConformanceCompileTests
{
    [ConformanceTheory]
    [MemberData(nameof(ConformanceSuite.PlannedFiles), MemberType = typeof(ConformanceSuite))]
    public void PlannedFile_CompilesWithoutErrors_AndRunsAsPlanned(string file)
    {
        var path = Path.Combine(ConformanceSuite.TestCasesDirectory, file);
        var result = StoryCompiler.Compile(path, File.ReadAllText(path), new CompileOptions { Library = TestLibraries.CompileTime() });

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.Story);
        var failure = PlanExecutor.Run(result.Story, TestPlan.FromFile(Path.ChangeExtension(path, ".testplan")));
        Assert.True(failure is null, failure);
    }

    [ConformanceTheory]
    [MemberData(nameof(ConformanceSuite.FailingFiles), MemberType = typeof(ConformanceSuite))]
    public void FailingFile_ReportsAtLeastOneErrorWithAValidRange(string file)
    {
        var path = Path.Combine(ConformanceSuite.TestCasesDirectory, file);
        var text = File.ReadAllText(path);
        var result = StoryCompiler.Compile(path, text, new CompileOptions { Library = TestLibraries.CompileTime() });

        Assert.True(result.HasErrors);
        Assert.Null(result.Story);
        Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        foreach (var d in result.Diagnostics)
        {
            DiagnosticAssert.HasValidRange(d, text);
            Assert.NotEqual(DiagnosticCodes.InternalError, d.Code);
        }
    }

    /// <summary>Executes a test plan the way Yarn Spinner's runner does: runs share state, each starts at Start.</summary>
    private static class PlanExecutor
    {
        public static string? Run(Story story, TestPlan plan)
        {
            using var session = story.CreateSession(new SessionOptions { Library = TestLibraries.RunTime(), Seed = 1 });
            foreach (var run in plan.Runs)
            {
                session.JumpTo("Start");
                var expectedOptions = new List<OptionStep>();
                foreach (var step in run.Steps)
                {
                    var failure = Execute(session, step, expectedOptions);
                    if (failure == "stop")
                    {
                        break;
                    }

                    if (failure is not null)
                    {
                        return $"run {run.Number}, plan line {step.Line} ({step.Describe()}): {failure}";
                    }
                }
            }

            return null;
        }

        private static string? Execute(StorySession session, TestStep step, List<OptionStep> expectedOptions)
        {
            switch (step)
            {
                case OptionStep option:
                    expectedOptions.Add(option);
                    return null;
                case SetStep set:
                    session.SetVariable(set.Variable, set.BoolValue is { } b ? StoryValue.FromBool(b) : StoryValue.FromNumber(set.NumberValue!.Value));
                    return null;
                case NodeStep node:
                    session.JumpTo(node.NodeName);
                    return null;
                case SaliencyStep saliency:
                    session.SaliencyStrategy = saliency.Mode switch
                    {
                        "first" => SaliencyStrategies.First,
                        "best" => SaliencyStrategies.Best,
                        _ => SaliencyStrategies.BestLeastRecentlySeen,
                    };
                    return null;
            }

            var next = session.Next();
            switch (step)
            {
                case LineStep line:
                    return next.Kind != StepKind.Line ? $"expected a line, got {next}"
                        : line.Text is not null && next.Line.Text != line.Text ? $"expected line '{line.Text}', got '{next.Line.Text}'" : null;
                case CommandStep command:
                    return next.Kind != StepKind.Command ? $"expected a command, got {next}"
                        : next.Command.Text != command.Text ? $"expected command '{command.Text}', got '{next.Command.Text}'" : null;
                case StopStep:
                    return next.Kind == StepKind.End ? "stop" : $"expected the end, got {next}";
                case SelectStep select:
                {
                    if (next.Kind != StepKind.Options)
                    {
                        return $"expected options, got {next}";
                    }

                    var options = next.Options;
                    var actual = string.Join(" | ", options.Select(o => o.Text + (o.IsAvailable ? "" : " [disabled]")));
                    var expected = string.Join(" | ", expectedOptions.Select(o => o.Text + (o.IsDisabled ? " [disabled]" : "")));
                    expectedOptions.Clear();
                    if (actual != expected)
                    {
                        return $"expected options {expected}, got {actual}";
                    }

                    session.Choose(select.Option == 0 ? StorySession.NoOption : select.Option - 1);
                    return null;
                }

                default:
                    return $"unknown step {step}";
            }
        }
    }
}
