using System.Diagnostics;
using System.Globalization;
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

/// <summary>A redis-server of the tool's own on a free loopback port, in a temporary folder (AOF fsynced on every write). Killed on dispose.</summary>
internal sealed class RedisProcess : IDisposable
{
    public static readonly string? Binary = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator).Select(f => Path.Combine(f, "redis-server")).FirstOrDefault(File.Exists);

    private readonly Process _process;
    private readonly string _folder;

    private RedisProcess(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false";

    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<RedisProcess> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gamebook-load-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = Machine.FreePort();
        var start = new ProcessStartInfo(Binary ?? throw new InvalidOperationException("redis-server is not on PATH.")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", folder, "--save", string.Empty, "--appendonly", "yes", "--appendfsync", "always", "--protected-mode", "no" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var redis = new RedisProcess(process, folder, port);
        for (var i = 0; i < 80; i++)
        {
            try
            {
                if ((await redis.CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return redis;
                }
            }
            catch (SocketException)
            {
            }

            await Task.Delay(250);
        }

        redis.Dispose();
        throw new TimeoutException("redis-server did not answer PING within 20 s.");
    }

    /// <summary>Sends one inline command and returns the raw reply (bulk replies read to their announced length).</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[1 << 16];
        var read = await stream.ReadAsync(buffer);
        var text = new StringBuilder(Encoding.ASCII.GetString(buffer, 0, read));
        if (text.Length > 0 && text[0] == '$')
        {
            var header = text.ToString().IndexOf("\r\n", StringComparison.Ordinal);
            var length = int.Parse(text.ToString(1, header - 1), CultureInfo.InvariantCulture);
            while (text.Length < header + 2 + length && (read = await stream.ReadAsync(buffer)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }

        return text.ToString();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
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
