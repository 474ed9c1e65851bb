using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GameBook.Testing;

/// <summary>
/// Debian's redis-server started for one test or run (shared by the Orleans and web host tests and the load test tool) on a free loopback port, in a temporary folder, with an append-only file
/// fsynced on every write (so a killed and restarted server still has every acknowledged write). Stopped and its folder
/// deleted on dispose.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private static readonly string? Binary = FindBinary();
    private Process? _process;

    private RedisServer()
    {
        Directory = Path.Combine(Path.GetTempPath(), "gamebook-redis-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Port = FreePort();
    }

    /// <summary>Why the Redis tests are skipped, or null when redis-server is on PATH.</summary>
    public static string? SkipReason => Binary is null ? "redis-server is not on PATH (.ci/run installs Debian's redis-server): the Orleans Redis tests are skipped." : null;

    /// <summary>Whether redis-server is on PATH.</summary>
    public static bool IsInstalled => Binary is not null;

    public string Directory { get; }

    public int Port { get; }

    /// <summary>Short timeouts, so a test sees a stopped server within a second instead of five.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=1000,asyncTimeout=1000,syncTimeout=1000,connectRetry=1";

    /// <summary>The processor time the running server has used (zero before it starts).</summary>
    public TimeSpan Cpu
    {
        get
        {
            if (_process is null)
            {
                return TimeSpan.Zero;
            }

            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again) on the same port and folder, and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("redis-server is running already.");
        }

        var start = new ProcessStartInfo(Binary ?? throw new InvalidOperationException(SkipReason))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", Directory,
            "--save", string.Empty, "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no", "--protected-mode", "no",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start with code {_process.ExitCode}.");
            }

            if (await PingAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server on port {Port} did not answer PING within 20 s.");
    }

    /// <summary>Kills the server abruptly (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    /// <summary>Sends one command (RESP inline) and returns the raw reply.</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[1 << 16];
        var read = await stream.ReadAsync(buffer);
        var text = new StringBuilder(Encoding.ASCII.GetString(buffer, 0, read));

        // A bulk reply announces its length: read until all of it is there.
        if (text.Length > 0 && text[0] == '$')
        {
            var header = text.ToString().IndexOf("\r\n", StringComparison.Ordinal);
            var length = int.Parse(text.ToString(1, header - 1), System.Globalization.CultureInfo.InvariantCulture);
            while (text.Length < header + 2 + length)
            {
                read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }

        return text.ToString();
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            return (await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A loopback TCP port free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinary()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
