using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GameBook.LoadTest;

/// <summary>One story server process (GameBook.Samples.Web) on a loopback port. Killed on dispose.</summary>
internal sealed class ServerProcess : IDisposable
{
    public const string DashboardKey = "load-test-dashboard-key-0123456789";
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>CPU time the process used so far.</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The web host's dll in the configuration this tool was built in, found from the repository root.</summary>
    public static string? FindWebHost()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "GameBookStudio.sln")))
            {
                var dll = Path.Combine(folder.FullName, "samples", "GameBook.Samples.Web", "bin", configuration, "net10.0", "GameBook.Samples.Web.dll");
                return File.Exists(dll) ? dll : null;
            }
        }

        return null;
    }

    /// <summary>Starts the web host with these settings (environment variables, as an operator would) and waits until it answers.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> settings)
    {
        var port = Machine.FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Operations__DashboardKey"] = DashboardKey;
        start.Environment["StoryServer__RateLimit__Enabled"] = "false";
        start.Environment["GameBook__ReloadOnChange"] = "false";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, port);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                lock (output)
                {
                    throw new InvalidOperationException($"The story server exited at start with code {process.ExitCode}:\n{output}");
                }
            }

            try
            {
                using var response = await http.GetAsync("/api/ping");
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        server.Dispose();
        throw new TimeoutException("The story server did not answer /api/ping within 90 s.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}

/// <summary>The machine: free ports, load average.</summary>
internal static class Machine
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

/// <summary>A temporary stories folder with the load story: one option set chosen over and over, a variable changed each time.</summary>
internal sealed class StoriesFolder : IDisposable
{
    public const string Story = "loop";

    public StoriesFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gamebook-load-stories-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        File.WriteAllText(System.IO.Path.Combine(Path, Story + ".yarn"), """
            title: Start
            ---
            <<declare $turns = 0>>
            <<jump Loop>>
            ===
            title: Loop
            ---
            -> Left
                <<set $turns to $turns + 1>>
                <<jump Loop>>
            -> Right
                <<set $turns to $turns + 1>>
                <<jump Loop>>
            ===
            """);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
