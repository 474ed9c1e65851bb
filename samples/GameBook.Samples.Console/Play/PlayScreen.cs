using System.Globalization;
using GameBook.Runtime;
using Spectre.Console;
using Spectre.Console.Rendering;
using SpectreText = Spectre.Console.Text;

namespace GameBook.Samples.Console;

/// <summary>
/// How <c>gamebook play</c> looks, on Spectre.Console: text wrapped to the terminal width, character names in bold,
/// commands in brackets, options numbered with a hanging indent, unavailable ones dimmed and marked, messages
/// from the tool in italics. Without colour (redirected output, <c>NO_COLOR</c>) the same text comes without escapes,
/// and "(unavailable)" still says what the dimming would. Not thread-safe: the play loop owns it.
/// </summary>
internal sealed class PlayScreen : IDisposable
{
    /// <summary>The hashtag an option carries to be hidden, rather than shown dimmed, while it is unavailable.</summary>
    public const string HideUnavailableTag = "hide-unavailable";

    private static readonly Style Dim = new(Color.Grey, decoration: Decoration.Dim);
    private static readonly Style Note = new(Color.Grey, decoration: Decoration.Italic);
    private readonly IAnsiConsole _console;
    private readonly TrimmingWriter _output;

    public PlayScreen(TextWriter output, bool useColor, int? width, bool isTerminal)
    {
        _output = new TrimmingWriter(output);
        _console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new PlayOutput(_output, isTerminal, width is { } w ? Math.Max(20, w) : null),
            Ansi = useColor ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = useColor ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
    }

    /// <summary>The options the player can see, in order: available ones, and unavailable ones not tagged <see cref="HideUnavailableTag"/>.</summary>
    public static List<int> Visible(OptionSet options)
    {
        var visible = new List<int>(options.Count);
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i].IsAvailable || !options[i].Line.Tags.Contains(HideUnavailableTag))
            {
                visible.Add(i);
            }
        }

        return visible;
    }

    public void Line(StoryLine line)
    {
        var paragraph = new Paragraph();
        if (line.CharacterName is { } name)
        {
            paragraph.Append(name + ":", new Style(decoration: Decoration.Bold));
            paragraph.Append(" " + line.TextWithoutCharacterName.TrimStart());
        }
        else
        {
            paragraph.Append(line.Text);
        }

        Write(paragraph);
    }

    public void Command(string text) => Write(new Paragraph($"[{text}]", Dim));

    public void Options(OptionSet options, IReadOnlyList<int> visible)
    {
        _output.WriteLine();
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadLeft(2).PadRight(1).RightAligned());
        grid.AddColumn(new GridColumn().PadLeft(0).PadRight(0));
        for (var n = 0; n < visible.Count; n++)
        {
            var option = options[visible[n]];
            var number = (n + 1).ToString(CultureInfo.InvariantCulture) + ".";
            if (option.IsAvailable)
            {
                grid.AddRow(new SpectreText(number), new SpectreText(option.Text));
            }
            else
            {
                grid.AddRow(new SpectreText(number, Dim), new SpectreText(option.Text + " (unavailable)", Dim));
            }
        }

        _console.Write(grid);
    }

    public void Prompt()
    {
        _console.Write(new SpectreText("> ", new Style(Color.Aqua, decoration: Decoration.Bold)));
        _output.Commit();
    }

    /// <summary>Shows what the player typed when the input is not a terminal (which echoes it itself).</summary>
    public void Echo(string text)
    {
        _output.WriteLine(text);
    }

    public void Blank() => _output.WriteLine();

    public void Info(string text) => Write(new Paragraph(text, Note));

    public void Warn(string text) => Write(new Paragraph(text, new Style(Color.Yellow)));

    public void Problem(string text) => Write(new Paragraph(text, new Style(Color.Red, decoration: Decoration.Bold)));

    public void Plain(string text) => _output.WriteLine(text);

    public void Heading(string text)
    {
        _output.WriteLine();
        Write(new Paragraph(text, new Style(decoration: Decoration.Bold)));
    }

    public void Rule(string text)
    {
        _output.WriteLine();
        _console.Write(new Rule(Markup.Escape(text)) { Justification = Justify.Left, Style = Dim });
    }

    /// <summary>A titled list in columns: the title and the headers in bold, no borders (they read badly when redirected).</summary>
    public void Table(string title, string[] headers, IEnumerable<string[]> rows)
    {
        Write(new Paragraph(title, new Style(decoration: Decoration.Bold)));
        var grid = new Grid();
        foreach (var _ in headers)
        {
            grid.AddColumn(new GridColumn().PadLeft(2).PadRight(1));
        }

        var header = new Style(decoration: Decoration.Bold | Decoration.Underline);
        grid.AddRow([.. headers.Select(h => (IRenderable)new SpectreText(h, header))]);
        foreach (var row in rows)
        {
            grid.AddRow([.. row.Select(c => (IRenderable)new SpectreText(c))]);
        }

        _console.Write(grid);
    }

    public void Flush() => _output.Commit();

    /// <summary>Writes what is pending; the wrapped writer stays open (the caller owns it).</summary>
    public void Dispose()
    {
        _output.Commit();
        _output.Dispose();
    }

    private void Write(IRenderable renderable)
    {
        _console.Write(renderable);
        _console.WriteLine();
    }
}
