using System.CommandLine;
using GameBook.Authoring.Export.Graph;
using GameBook.Compilation;

namespace GameBook.Samples.Console;

/// <summary>The graph formats <c>gamebook graph</c> writes.</summary>
public enum GraphFormat
{
    /// <summary>Graphviz DOT (<c>dot -Tsvg</c>).</summary>
    Dot,

    /// <summary>A Mermaid flowchart (GitHub, GitLab and many wikis draw it).</summary>
    Mermaid,
}

/// <summary>
/// <c>gamebook graph FILE... --format dot|mermaid [-o OUT]</c>: the story's nodes and the options and jumps between them
/// (GameBook.Authoring's <see cref="GraphExporter"/>), endings, unreachable nodes and dead ends styled. Thread-safe (stateless).
/// </summary>
public static class GraphCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The .yarn files, compiled together." };
        var format = new Option<GraphFormat>("--format", "-f") { Description = "dot (Graphviz) or mermaid.", Required = true, CustomParser = r => FormatChoice.Parse(r, "--format", ("dot", GraphFormat.Dot), ("mermaid", GraphFormat.Mermaid)) };
        var output = new Option<string>("--output", "-o") { Description = "Write to this file (atomically) instead of standard output." };
        var command = new Command("graph", "Draw the story's flow as a Graphviz DOT or Mermaid graph.") { files, format, output };
        command.SetAction(r => Run(r.GetValue(files)!, r.GetValue(format), r.GetValue(output), context.Output, context.Error));
        return command;
    }

    /// <summary>Runs the command: 0, 1 on compile errors, 2 when a file cannot be read or written.</summary>
    public static int Run(IReadOnlyList<string> files, GraphFormat format, string? outputPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (result, exit) = StoryFiles.Compile(files, error, new CompileOptions { IncludeOutline = true });
        if (result?.Story is not { } story)
        {
            return exit;
        }

        var text = format == GraphFormat.Mermaid ? GraphExporter.ToMermaid(story) : GraphExporter.ToDot(story);
        if (OutputFile.WriteText(outputPath, text, output) is { } failure)
        {
            error.WriteLine($"error: {failure}");
            return StoryFiles.ExitUsage;
        }

        return StoryFiles.ExitOk;
    }
}
