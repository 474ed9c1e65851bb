using GameBook.Core.Tests.Conformance;
using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

/// <summary>
/// The transcript of a conformance file, with <c>--test-functions</c> and <c>--choices</c> taken from the plan's
/// selections, must print exactly the plan's steps. Only single-run plans without <c>set:</c>, <c>node:</c> or a
/// non-default <c>saliency:</c> step qualify: the transcript has no way to express those.
/// </summary>
public class ConformanceTranscriptTests
{
    public static IEnumerable<object[]> SingleRunPlans()
    {
        if (Conformance.TestCases is null)
        {
            return [];
        }

        return Directory.EnumerateFiles(Conformance.TestCases, "*.testplan")
            .Where(p => IsTranscribable(TestPlan.FromFile(p)))
            .Select(p => Path.GetFileNameWithoutExtension(p) + ".yarn")
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { f });
    }

    private static bool IsTranscribable(TestPlan plan) =>
        plan.Runs.Length == 1
        && plan.Runs[0].Steps.All(s => s is not (SetStep or NodeStep) && s is not SaliencyStep { Mode: not "best_least_recently_seen" });

    [ConformanceTheory]
    [MemberData(nameof(SingleRunPlans))]
    public void Transcript_OfConformanceFile_PrintsThePlanSteps(string file)
    {
        var yarn = Conformance.TestCase(file);
        var steps = TestPlan.FromFile(Path.ChangeExtension(yarn, ".testplan")).Runs[0].Steps
            .Where(s => s is not SaliencyStep)
            .TakeWhile(s => s is not StopStep)
            .ToList();
        var stops = TestPlan.FromFile(Path.ChangeExtension(yarn, ".testplan")).Runs[0].Steps.Any(s => s is StopStep);
        var expected = steps.Select(s => s switch
        {
            LineStep { Text: null } => "line: *",
            LineStep l => "line: " + l.Text,
            OptionStep { IsDisabled: true } o => $"option: {o.Text} [disabled]",
            OptionStep o => "option: " + o.Text,
            SelectStep n => "select: " + n.Option.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CommandStep c => "command: " + c.Text,
            _ => throw new InvalidOperationException(s.ToString()),
        }).ToList();
        if (stops)
        {
            expected.Add("stop");
        }

        var choices = steps.OfType<SelectStep>().Where(s => s.Option > 0).Select(s => s.Option).ToList();

        var (_, output, _) = Capture.Run((o, e) => TranscriptCommand.Run(new TranscriptSettings([yarn], Choices: choices, TestFunctions: true), o, e));

        var actual = output.Split('\n').Take(expected.Count).ToList();
        for (var i = 0; i < expected.Count; i++)
        {
            var matches = i < actual.Count
                && (expected[i] == actual[i] || (expected[i] == "line: *" && actual[i].StartsWith("line: ", StringComparison.Ordinal)));
            Assert.True(matches, $"{file}, transcript line {i + 1}: expected `{expected[i]}`, got `{(i < actual.Count ? actual[i] : "(nothing)")}`\nfull transcript:\n{output}");
        }
    }
}
