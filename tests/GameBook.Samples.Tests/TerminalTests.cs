using System.Diagnostics;

namespace GameBook.Samples.Tests;

/// <summary>Finds the built tool and tmux, and runs processes for the terminal and packaging tests.</summary>
internal static class Terminal
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The configuration these tests were built in (the tool is built beside them in it).</summary>
    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

    public static string ToolDll { get; } = Path.Combine(RepositoryRoot, "samples", "GameBook.Samples.Console", "bin", Configuration, "net10.0", "gamebook.dll");

    public static string? Tmux { get; } = Which("tmux");

    public static string Dotnet { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : Which("dotnet") ?? "dotnet";

    public static string CaptureDirectory
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "terminal-captures");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a process to the end; returns its exit code and output (stdout then stderr).</summary>
    public static (int Exit, string Output, string Error) Run(string file, IEnumerable<string> args, string? workingDirectory = null, string? input = null, TimeSpan? timeout = null, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish in time.");
        }

        return (process.ExitCode, output.Result.ReplaceLineEndings("\n"), error.Result.ReplaceLineEndings("\n"));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (GameBookStudio.sln) is not above the test folder.");
    }
}

/// <summary>A fact skipped, saying so, when tmux is not installed (.ci/run installs it).</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (Terminal.Tmux is null)
        {
            Skip = "tmux is not installed (apt-get install tmux; .ci/run installs it): the real-terminal tests of play are skipped.";
        }
        else if (!File.Exists(Terminal.ToolDll))
        {
            Skip = $"The tool is not built at {Terminal.ToolDll}.";
        }
    }
}

/// <summary>A detached tmux session of a given size running one command; keys are sent and the pane captured as text.</summary>
internal sealed class TmuxSession : IDisposable
{
    private readonly string _name = "gbtest-" + Guid.NewGuid().ToString("N")[..10];

    public TmuxSession(int width, int height, string workingDirectory, string command)
    {
        // The shell reports the exit code and keeps the pane open, so the end of a command can be captured.
        var script = $"{command}; echo \"[exit $?]\"; sleep 600";
        var (exit, _, error) = Terminal.Run(Terminal.Tmux!, ["new-session", "-d", "-s", _name, "-x", $"{width}", "-y", $"{height}", "-c", workingDirectory, script]);
        Assert.True(exit == 0, "tmux new-session failed: " + error);
        Terminal.Run(Terminal.Tmux!, ["set-option", "-t", _name, "history-limit", "10000"]);
    }

    public void Send(string text, bool enter = true)
    {
        Terminal.Run(Terminal.Tmux!, ["send-keys", "-t", _name, "-l", text]);
        if (enter)
        {
            Terminal.Run(Terminal.Tmux!, ["send-keys", "-t", _name, "Enter"]);
        }
    }

    public void Key(string key) => Terminal.Run(Terminal.Tmux!, ["send-keys", "-t", _name, key]);

    /// <summary>The whole pane with its history, as text (with escapes when <paramref name="escapes"/>).</summary>
    public string Capture(bool escapes = false)
    {
        var args = new List<string> { "capture-pane", "-p", "-t", _name, "-S", "-10000" };
        if (escapes)
        {
            args.Add("-e");
        }

        return Terminal.Run(Terminal.Tmux!, args).Output;
    }

    /// <summary>Waits for the pane to show <paramref name="text"/> after <paramref name="after"/> occurrences of it (a generous bound: the machine may be loaded).</summary>
    public string WaitFor(string text, int after = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var pane = Capture();
            if (Count(pane, text) > after)
            {
                return pane;
            }

            Assert.True(DateTime.UtcNow < deadline, $"'{text}' did not appear in the terminal; it shows:\n{pane}");
            Thread.Sleep(100);
        }
    }

    public static int Count(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    public void Dispose() => Terminal.Run(Terminal.Tmux!, ["kill-session", "-t", _name]);
}

/// <summary>A fact skipped, saying so, when the tool is not built beside the tests.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute()
    {
        if (!File.Exists(Terminal.ToolDll))
        {
            Skip = $"The tool is not built at {Terminal.ToolDll}.";
        }
    }
}
