using System.Globalization;
using System.Text;
using GameBook.Compilation;
using GameBook.Runtime;
using GameBook.Values;

namespace GameBook.Core.Tests.Conformance;

/// <summary>The outcome of running one file: null <see cref="Failure"/> means it passed.</summary>
public sealed record ConformanceOutcome(string File, string? Failure)
{
    public bool Passed => Failure is null;
}

/// <summary>
/// Executes a Yarn file against its test plan the way Yarn Spinner's <c>RunStandardTestcase</c> does:
/// one session per plan (runs share variables, visit counts and saliency state), every run starts at
/// <c>Start</c>, each expectation step asks the session for exactly one step.
/// </summary>
public static class ConformanceRunner
{
    /// <summary>Compiles <paramref name="yarnPath"/> and runs <paramref name="planPath"/> against it.</summary>
    public static ConformanceOutcome Run(string yarnPath, string planPath)
    {
        var name = Path.GetFileName(yarnPath);
        var host = new ConformanceHost();
        var result = StoryCompiler.Compile(yarnPath, File.ReadAllText(yarnPath), new CompileOptions { Library = host.CreateCompileLibrary() });
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0 || result.Story is null)
        {
            return new(name, "it must compile, but the compiler reported:\n  " + string.Join("\n  ", errors.Select(d => d.ToString())));
        }

        TestPlan plan;
        try
        {
            plan = TestPlan.FromFile(planPath);
        }
        catch (TestPlanFormatException e)
        {
            return new(name, $"the plan {Path.GetFileName(planPath)} does not parse: {e.Message}");
        }

        using var session = result.Story.CreateSession(new SessionOptions
        {
            StartNode = "Start",
            Seed = 0,
            Library = host.CreateSessionLibrary(),
            SaliencyStrategy = SaliencyStrategies.BestLeastRecentlySeen,
        });

        foreach (var run in plan.Runs)
        {
            var failure = ExecuteRun(session, run, host);
            if (failure is not null)
            {
                return new(name, failure);
            }
        }

        return new(name, null);
    }

    private static string? ExecuteRun(StorySession session, TestRun run, ConformanceHost host)
    {
        var log = new List<string>();
        string Fail(int index, TestStep step, string message)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"run {run.Number}, step {index + 1} (plan line {step.Line}) `{step.Describe()}`: {message}");
            if (log.Count > 0)
            {
                text.Append("\n  events of this run so far:\n    ").AppendJoin("\n    ", log.TakeLast(12));
            }

            return text.ToString();
        }

        try
        {
            session.JumpTo("Start");
            var expectedOptions = new List<OptionStep>();
            for (var i = 0; i < run.Steps.Length; i++)
            {
                var step = run.Steps[i];
                if (step is OptionStep option)
                {
                    expectedOptions.Add(option);
                    continue;
                }

                if (step is SetStep set)
                {
                    var value = set.BoolValue is { } b ? StoryValue.FromBool(b) : StoryValue.FromNumber(set.NumberValue!.Value);
                    try
                    {
                        session.SetVariable(set.Variable, value);
                    }
                    catch (ArgumentException e)
                    {
                        return Fail(i, step, $"SetVariable threw: {e.Message}");
                    }

                    continue;
                }

                if (step is NodeStep node)
                {
                    session.JumpTo(node.NodeName);
                    continue;
                }

                if (step is SaliencyStep saliency)
                {
                    session.SaliencyStrategy = saliency.Mode switch
                    {
                        "first" => SaliencyStrategies.First,
                        "best" => SaliencyStrategies.Best,
                        "best_least_recently_seen" => SaliencyStrategies.BestLeastRecentlySeen,
                        _ => throw new InvalidOperationException($"unknown saliency mode '{saliency.Mode}'"),
                    };
                    continue;
                }

                var actual = session.Next();
                log.Add(Describe(actual));
                var asserts = host.TakeAssertFailures();
                if (asserts.Count > 0)
                {
                    return Fail(i, step, string.Join("; ", asserts));
                }

                switch (step)
                {
                    case LineStep line:
                        if (actual.Kind != StepKind.Line)
                        {
                            return Fail(i, step, $"expected a line, got {Describe(actual)}");
                        }

                        if (line.Text is not null && actual.Line.Text != line.Text)
                        {
                            return Fail(i, step, $"expected line text `{line.Text}`, got `{actual.Line.Text}`");
                        }

                        break;
                    case CommandStep command:
                        if (actual.Kind != StepKind.Command)
                        {
                            return Fail(i, step, $"expected a command, got {Describe(actual)}");
                        }

                        if (actual.Command.Text != command.Text)
                        {
                            return Fail(i, step, $"expected command text `{command.Text}`, got `{actual.Command.Text}`");
                        }

                        break;
                    case StopStep:
                        return actual.Kind == StepKind.End ? null : Fail(i, step, $"expected the dialogue to stop, got {Describe(actual)}");
                    case SelectStep select:
                        var mismatch = CheckOptions(actual, expectedOptions, select.Option);
                        if (mismatch is not null)
                        {
                            return Fail(i, step, mismatch);
                        }

                        expectedOptions.Clear();
                        session.Choose(select.Option == 0 ? StorySession.NoOption : select.Option - 1);
                        break;
                    default:
                        throw new InvalidOperationException($"unhandled step {step}");
                }
            }

            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            return $"run {run.Number}: the session threw {e.GetType().Name}: {e.Message}\n  events of this run so far:\n    {string.Join("\n    ", log.TakeLast(12))}";
        }
    }

    private static string? CheckOptions(StoryStep actual, List<OptionStep> expected, int selection)
    {
        if (actual.Kind != StepKind.Options)
        {
            return $"expected options [{string.Join(", ", expected.Select(o => o.Describe()))}], got {Describe(actual)}";
        }

        var options = actual.Options;
        var problems = new List<string>();
        if (options.Count != expected.Count)
        {
            problems.Add($"expected {expected.Count} options, got {options.Count}");
        }

        for (var k = 0; k < Math.Min(options.Count, expected.Count); k++)
        {
            if (options[k].Text != expected[k].Text)
            {
                problems.Add($"option {k + 1}: expected text `{expected[k].Text}`, got `{options[k].Text}`");
            }

            if (options[k].IsAvailable == expected[k].IsDisabled)
            {
                problems.Add($"option {k + 1} `{options[k].Text}`: expected {(expected[k].IsDisabled ? "disabled" : "available")}, got {(options[k].IsAvailable ? "available" : "disabled")}");
            }
        }

        if (selection == 0 && options.AvailableCount > 0)
        {
            problems.Add($"select: 0 is only valid when no option is available, but {options.AvailableCount} are");
        }
        else if (selection > 0 && options.AvailableCount == 0)
        {
            problems.Add("no option is available, so the plan must select 0");
        }
        else if (selection > options.Count)
        {
            problems.Add($"select: {selection} but there are only {options.Count} options");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems) + $" (got {Describe(actual)})";
    }

    /// <summary>A short description of a step for failure messages.</summary>
    public static string Describe(StoryStep step) => step.Kind switch
    {
        StepKind.Line => $"line `{step.Line.Text}`",
        StepKind.Command => $"command `{step.Command.Text}`",
        StepKind.End => "the end of the dialogue",
        StepKind.Error => $"a runtime error: {step.Error?.Message}",
        StepKind.Options => "options [" + string.Join(", ", Enumerable.Range(0, step.Options.Count)
            .Select(k => $"`{step.Options[k].Text}`" + (step.Options[k].IsAvailable ? "" : " [disabled]"))) + "]",
        _ => step.Kind.ToString(),
    };
}
