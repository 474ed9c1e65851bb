using System.Text;

namespace GameBook.Samples.Console;

/// <summary>
/// A writer that drops the spaces at the end of each line: Spectre.Console pads grid and table cells to their
/// column's width, which shows as trailing blanks in a redirected transcript or a copied terminal. ANSI escape
/// sequences among those spaces are kept (styles still reset). <see cref="Commit"/> writes pending spaces, for a
/// prompt that ends with one. Not thread-safe, like the writer it wraps.
/// </summary>
internal sealed class TrimmingWriter(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _pending = new();
    private bool _inEscape;

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (_inEscape)
        {
            _pending.Append(value);
            if (value is >= '@' and <= '~' and not '[')
            {
                _inEscape = false;
            }

            return;
        }

        switch (value)
        {
            case ' ':
                _pending.Append(value);
                break;
            case '\u001b':
                _pending.Append(value);
                _inEscape = true;
                break;
            case '\n':
                DropSpaces();
                inner.Write(_pending);
                _pending.Clear();
                inner.Write(value);
                break;
            case '\r':
                break;
            default:
                inner.Write(_pending);
                _pending.Clear();
                inner.Write(value);
                break;
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        foreach (var c in value)
        {
            Write(c);
        }
    }

    public override void WriteLine() => Write('\n');

    /// <summary>Writes what is pending (spaces included) and flushes.</summary>
    public void Commit()
    {
        inner.Write(_pending);
        _pending.Clear();
        inner.Flush();
    }

    public override void Flush() => inner.Flush();

    /// <summary>Keeps the escape sequences of the pending text and drops its spaces.</summary>
    private void DropSpaces()
    {
        var kept = new StringBuilder(_pending.Length);
        var escape = false;
        foreach (var c in _pending.ToString())
        {
            if (c == '\u001b')
            {
                escape = true;
            }

            if (escape || c != ' ')
            {
                kept.Append(c);
            }

            if (escape && c is >= '@' and <= '~' and not '[')
            {
                escape = false;
            }
        }

        _pending.Clear().Append(kept);
    }
}

/// <summary>
/// Spectre.Console's view of the play output: the trimming writer, and the terminal's size read at each render (so a
/// resized window wraps to its new width), or a fixed width (tests, redirected output: 80 columns).
/// </summary>
internal sealed class PlayOutput(TextWriter writer, bool isTerminal, int? width) : Spectre.Console.IAnsiConsoleOutput
{
    public TextWriter Writer => writer;

    public bool IsTerminal => isTerminal;

    public int Width => width ?? (isTerminal ? TerminalSize(() => System.Console.WindowWidth, 80) : 80);

    public int Height => isTerminal ? TerminalSize(() => System.Console.WindowHeight, 24) : 24;

    public void SetEncoding(Encoding encoding)
    {
        // The wrapped writer keeps its encoding.
    }

    private static int TerminalSize(Func<int> read, int fallback)
    {
        try
        {
            var n = read();
            return n > 0 ? n : fallback;
        }
        catch (IOException)
        {
            return fallback;
        }
    }
}
