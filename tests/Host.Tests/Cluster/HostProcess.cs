using System.Diagnostics;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Cluster;

/// <summary>
/// The product host as a separate operating-system process (the host assembly this test project was built with), so a
/// test can kill it the hard way — no shutdown, no goodbye to the cluster — as a crashed server would die.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<HostProcess> StartAsync(IDictionary<string, string> settings)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "OrleansCrm.Host.dll"))
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await host.WaitUntilReadyAsync();
        return host;
    }

    /// <summary>SIGKILL: the silo vanishes mid-flight, as in a power cut.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host process exited with code {_process.ExitCode}.");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // starting slowly
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The host process did not become ready in 90 s.");
    }
}
