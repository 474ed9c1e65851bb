using System.CommandLine;
using System.Globalization;
using GameBook.Runtime;

namespace GameBook.Samples.Console;

/// <summary>
/// <c>gamebook stats FILE...</c>: the size of a story, what <c>inklecate -s</c> prints for ink: files, nodes (with
/// endings and section numbers), lines and options with their words, variables. Words are counted in the text as
/// written (inline expressions count as one word each).
/// </summary>
public static class StatsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The .yarn files, compiled together." };
        var command = new Command("stats", "Count a story's words, lines, nodes, options, sections and variables.") { files };
        command.SetAction(r => Run(r.GetValue(files)!, context.Output, context.Error));
        return command;
    }

    /// <summary>Runs the command: 0, 1 on compile errors, 2 when a file cannot be read.</summary>
    public static int Run(IReadOnlyList<string> files, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (result, exit) = StoryFiles.Compile(files, error);
        if (result?.Story is not { } story)
        {
            return exit;
        }

        var lines = story.Lines.Where(l => l.Kind == StoryLineKind.Line).ToList();
        var options = story.Lines.Where(l => l.Kind == StoryLineKind.Option).ToList();
        var nodes = story.Nodes;
        var rows = new (string Name, long Count, string Detail)[]
        {
            ("files", files.Count, ""),
            ("nodes", nodes.Count, $"{nodes.Count(n => n.IsEnding)} ending(s), {nodes.Count(n => n.Section is not null)} with a section number"),
            ("sections", nodes.Count(n => n.Section is not null), nodes.Any(n => n.Section is not null) ? $"numbered {nodes.Where(n => n.Section is not null).Min(n => n.Section)} to {nodes.Where(n => n.Section is not null).Max(n => n.Section)}" : "none numbered"),
            ("lines", lines.Count, FormattableString.Invariant($"{Words(lines):N0} words")),
            ("options", options.Count, FormattableString.Invariant($"{Words(options):N0} words")),
            ("words", Words(lines) + Words(options), "in lines and options"),
            ("variables", story.Variables.Count, $"{story.Variables.Count(v => v.IsSmart)} smart"),
        };
        foreach (var (name, count, detail) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-10} {count,8:N0}{(detail.Length > 0 ? "   " + detail : "")}"));
        }

        return StoryFiles.ExitOk;
    }

    private static long Words(IEnumerable<StoryLineInfo> lines) =>
        lines.Sum(l => (long)l.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
}
