using System.Globalization;

namespace GameBook.Samples.Console;

/// <summary>
/// A one-line progress display on the error stream: redrawn in place every half second on a terminal, or written
/// as a new line every five seconds when redirected (so logs show it without flooding). It ends with the CPU and
/// memory level from GameBook.Telemetry. Not thread-safe: the command's loop calls it.
/// </summary>
internal sealed class LiveProgress(CliContext context, ToolHost host)
{
    private readonly long _started = context.Time.GetTimestamp();
    private long _lastLine = long.MinValue;
    private int _drawn;

    /// <summary>How often the loop should call <see cref="Show"/>.</summary>
    public TimeSpan Interval => context.LiveProgress ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(1);

    public TimeSpan Elapsed => context.Time.GetElapsedTime(_started);

    /// <summary>
    /// Shows the parts (in order) followed by the CPU and memory readings. Where the terminal is too narrow for all,
    /// the parts with the highest <c>Drop</c> number are left out first, so the counts, the time left and the
    /// resources stay visible at 40 columns.
    /// </summary>
    public void Show(IReadOnlyList<(string Text, int Drop)> parts)
    {
        var reading = host.Reader.Read();
        var cpu = double.IsNaN(reading.CpuUtilization) ? "CPU -" : string.Create(CultureInfo.InvariantCulture, $"CPU {reading.CpuUtilization * 100:0}%");
        var all = new List<(string Text, int Drop)>(parts)
        {
            (cpu, 2),
            (string.Create(CultureInfo.InvariantCulture, $"memory {host.Memory.Level} ({reading.MemoryPercent:0}%)"), 3),
        };
        var line = Format(all, context.LiveProgress ? Width() - 1 : int.MaxValue);
        if (context.LiveProgress)
        {
            context.Error.Write("\r" + line + new string(' ', Math.Max(0, _drawn - line.Length)));
            _drawn = line.Length;
            context.Error.Flush();
            return;
        }

        var now = context.Time.GetTimestamp();
        if (_lastLine == long.MinValue || context.Time.GetElapsedTime(_lastLine, now) >= TimeSpan.FromSeconds(5))
        {
            _lastLine = now;
            context.Error.WriteLine(line);
        }
    }

    /// <summary>Joins the parts with two spaces, leaving out the highest-numbered ones until the line fits.</summary>
    internal static string Format(List<(string Text, int Drop)> parts, int width)
    {
        var kept = new List<(string Text, int Drop)>(parts);
        while (true)
        {
            var line = string.Join("  ", kept.Select(p => p.Text));
            if (line.Length <= width || kept.Count == 1)
            {
                return line.Length <= width ? line : line[..Math.Max(0, width)];
            }

            kept.Remove(kept.MaxBy(p => p.Drop));
        }
    }

    /// <summary>Clears the live line before the report is printed.</summary>
    public void Clear()
    {
        if (context.LiveProgress && _drawn > 0)
        {
            context.Error.Write("\r" + new string(' ', _drawn) + "\r");
            context.Error.Flush();
            _drawn = 0;
        }
    }

    /// <summary><c>3s</c>, <c>2m05s</c>, <c>1h02m</c>.</summary>
    public static string Duration(TimeSpan t) => t.TotalSeconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(t.TotalSeconds):0}s")
        : t.TotalMinutes < 60
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m");

    private int Width()
    {
        if (context.Width is { } w)
        {
            return w;
        }

        try
        {
            return System.Console.WindowWidth > 0 ? System.Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
