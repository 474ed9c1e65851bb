using System.Text.RegularExpressions;
using GameBook.Compilation;
using GameBook.Core.Tests.Conformance;
using GameBook.Library;
using GameBook.Runtime;
using GameBook.Values;
using Xunit.Abstractions;

namespace GameBook.Core.Tests.Runtime;

/// <summary>
/// Runs the Yarn Spinner test plans against compiler + runtime (a minimal plan reader; the full conformance
/// runner lives in the console project). Plans share state across runs, as Yarn Spinner's runner does.
/// </summary>
public partial class ConformancePlanTests(ITestOutputHelper output)
{
    internal static readonly string TestCases = FindShared("conformance/yarn/TestCases");

    public static TheoryData<string> Plans()
    {
        var data = new TheoryData<string>();
        if (Directory.Exists(TestCases))
        {
            foreach (var plan in Directory.GetFiles(TestCases, "*.testplan").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileNameWithoutExtension(plan));
            }
        }
        else
        {
            data.Add("(missing)");
        }

        return data;
    }

    /// <summary>
    /// <paramref name="relative"/> inside ../shared beside the repository root (the folder holding GameBookStudio.sln),
    /// whether or not it exists: tests that need it are skipped when it does not (<see cref="ConformanceSuite"/>).
    /// </summary>
    internal static string FindShared(string relative)
    {
        var root = ConformanceSuite.FindRepositoryRoot() ?? AppContext.BaseDirectory;
        return Path.GetFullPath(Path.Combine(root, "..", "shared", relative));
    }

    internal static FunctionLibrary CompileLibrary() => new FunctionLibrary()
        .AddFunction("assert", (bool b) => b ? true : throw new InvalidOperationException("assertion failed"))
        .AddFunction("add_three_operands", (int a, int b, int c) => a + b + c)
        .AddFunction("set_objective_complete", (string _) => true)
        .AddFunction("is_objective_active", (string _) => true)
        .AddFunction("get_quest_status", (string _) => "InProgress");

    internal static FunctionLibrary SessionLibrary() => new FunctionLibrary()
        .AddFunction("dummy_bool", () => true)
        .AddFunction("dummy_number", () => 1)
        .AddFunction("dummy_string", () => "string");

    [ConformanceTheory]
    [MemberData(nameof(Plans))]
    public void Plan_RunsAsWritten(string name)
    {
        Assert.True(Directory.Exists(TestCases), $"Conformance material not found at {TestCases}");
        var path = Path.Combine(TestCases, name + ".yarn");
        var result = StoryCompiler.Compile(path, File.ReadAllText(path), new CompileOptions { Library = CompileLibrary() });
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var story = result.Story!;
        var session = story.CreateSession(new SessionOptions { Seed = 1, Library = SessionLibrary() });
        var steps = Tokenize(File.ReadAllText(Path.Combine(TestCases, name + ".testplan")));
        var expectedOptions = new List<(string Text, bool Disabled)>();
        session.JumpTo("Start");
        var stopped = false;
        foreach (var (kind, arg, disabled) in steps)
        {
            if (kind == "---")
            {
                session.JumpTo("Start");
                stopped = false;
                continue;
            }

            if (stopped)
            {
                continue;
            }

            output.WriteLine($"{kind} {arg}");
            switch (kind)
            {
                case "line":
                {
                    var step = session.Next();
                    Assert.True(step.Kind == StepKind.Line, $"Expected line `{arg}` but got {step}");
                    if (arg != "*")
                    {
                        Assert.Equal(arg, step.Line.Text);
                    }

                    break;
                }

                case "option":
                    expectedOptions.Add((arg, disabled));
                    break;
                case "select":
                {
                    var step = session.Next();
                    Assert.True(step.Kind == StepKind.Options, $"Expected options but got {step}");
                    Assert.Equal(expectedOptions.Select(o => $"{o.Text}{(o.Disabled ? " [disabled]" : "")}"), step.Options.Select(o => o.ToString()));
                    expectedOptions.Clear();
                    session.Choose(int.Parse(arg, System.Globalization.CultureInfo.InvariantCulture) - 1);
                    break;
                }

                case "command":
                {
                    var step = session.Next();
                    Assert.True(step.Kind == StepKind.Command, $"Expected command `{arg}` but got {step}");
                    Assert.Equal(arg, step.Command.Text);
                    break;
                }

                case "stop":
                {
                    var step = session.Next();
                    Assert.True(step.Kind == StepKind.End, $"Expected the end but got {step}");
                    stopped = true;
                    break;
                }

                case "set":
                {
                    var m = SetPattern().Match(arg);
                    var value = m.Groups[2].Value switch
                    {
                        "true" => StoryValue.True,
                        "false" => StoryValue.False,
                        var n => StoryValue.FromNumber(double.Parse(n, System.Globalization.CultureInfo.InvariantCulture)),
                    };
                    session.SetVariable(m.Groups[1].Value, value);
                    break;
                }

                case "node":
                    session.JumpTo(arg);
                    break;
                case "saliency":
                    session.SaliencyStrategy = arg switch
                    {
                        "first" => SaliencyStrategies.First,
                        "best" => SaliencyStrategies.Best,
                        _ => SaliencyStrategies.BestLeastRecentlySeen,
                    };
                    break;
                default:
                    Assert.Fail($"Unknown plan step {kind}");
                    break;
            }
        }
    }

    /// <summary>Steps as (keyword, argument, disabled); comments start at '#' outside backticks.</summary>
    internal static List<(string Kind, string Arg, bool Disabled)> Tokenize(string plan)
    {
        var steps = new List<(string, string, bool)>();
        var i = 0;
        while (i < plan.Length)
        {
            var c = plan[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                while (i < plan.Length && plan[i] != '\n')
                {
                    i++;
                }
            }
            else if (plan.AsSpan(i).StartsWith("---"))
            {
                steps.Add(("---", "", false));
                i += 3;
            }
            else
            {
                var start = i;
                while (i < plan.Length && !char.IsWhiteSpace(plan[i]) && plan[i] != ':')
                {
                    i++;
                }

                var keyword = plan[start..i];
                if (keyword == "stop")
                {
                    steps.Add(("stop", "", false));
                    continue;
                }

                i++; // ':'
                while (char.IsWhiteSpace(plan[i]))
                {
                    i++;
                }

                string arg;
                if (plan[i] == '`')
                {
                    var end = plan.IndexOf('`', i + 1);
                    arg = plan[(i + 1)..end];
                    i = end + 1;
                }
                else if (keyword == "set")
                {
                    var end = plan.IndexOf('\n', i);
                    end = end < 0 ? plan.Length : end;
                    arg = plan[i..end].Trim();
                    i = end;
                }
                else
                {
                    var s = i;
                    while (i < plan.Length && !char.IsWhiteSpace(plan[i]))
                    {
                        i++;
                    }

                    arg = plan[s..i];
                }

                var disabled = false;
                var j = i;
                while (j < plan.Length && plan[j] is ' ' or '\t')
                {
                    j++;
                }

                if (plan.AsSpan(j).StartsWith("[disabled]"))
                {
                    disabled = true;
                    i = j + 10;
                }

                steps.Add((keyword, arg, disabled));
            }
        }

        return steps;
    }

    [GeneratedRegex(@"^(\$\w+)\s*=\s*(\S+)")]
    private static partial Regex SetPattern();
}
