using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OrleansCrm.Testing;

namespace OrleansCrm.Host.Tests.Hosting;

/// <summary>
/// Starting the product as a person does, as its own process: the usual ways of choosing the address work, a second
/// copy on the same machine does not collide with the first, and a port already taken stops it with one clear line and
/// no half-seeded database.
/// </summary>
public sealed class StartingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "orleanscrm-tests", "starting-" + Guid.NewGuid().ToString("N"));
    private readonly List<Process> _processes = [];

    public StartingTests() => Directory.CreateDirectory(_folder);

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("--urls")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    public async Task The_usual_ways_of_choosing_the_address_are_obeyed(string way)
    {
        var port = FreePorts.Next();
        var env = new Dictionary<string, string>();
        var args = new List<string>();
        switch (way)
        {
            case "ASPNETCORE_URLS":
                env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
                break;
            case "--urls":
                args.AddRange(["--urls", $"http://127.0.0.1:{port}"]);
                break;
            default:
                env["ASPNETCORE_HTTP_PORTS"] = port.ToString();
                break;
        }

        var process = Start("way", env, args, seed: false);
        await WaitReadyAsync(process, port);
    }

    [Fact]
    public async Task Two_embedded_copies_on_one_machine_run_side_by_side_on_their_own_silo_ports()
    {
        var first = FreePorts.Next();
        var second = FreePorts.Next();
        var one = Start("one", [], ["--urls", $"http://127.0.0.1:{first}"], seed: false);
        var two = Start("two", [], ["--urls", $"http://127.0.0.1:{second}"], seed: false);
        await Task.WhenAll(WaitReadyAsync(one, first), WaitReadyAsync(two, second));
    }

    [Fact]
    public async Task A_port_in_use_stops_the_host_with_one_line_naming_it_and_leaves_no_half_seeded_database()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var stderr = new List<string>();
        var refused = Start("seeded", [], ["--urls", $"http://127.0.0.1:{port}"], seed: true, stderr);
        Assert.True(await Task.Run(() => refused.WaitForExit(TimeSpan.FromSeconds(120))), "the host did not stop");
        Assert.Equal(1, refused.ExitCode);
        refused.WaitForExit(); // the output's end
        var lines = stderr.Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
        var line = Assert.Single(lines);
        Assert.Contains($"port {port}", line);
        Assert.Contains("--urls", line);

        // Started again where the port is free, on the same database: the demo data is whole.
        var free = FreePorts.Next();
        var again = Start("seeded", [], ["--urls", $"http://127.0.0.1:{free}"], seed: true);
        await WaitReadyAsync(again, free);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{free}") };
        var token = JsonNode.Parse(await (await http.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = "Demo123!" })).Content.ReadAsStringAsync())!["accessToken"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var total = await ApiAssert.EventuallyAsync(
            async () => JsonNode.Parse(await http.GetStringAsync("/api/clients?pageSize=1"))!["total"]!.GetValue<int>(), count => count >= 200, seconds: 120);
        Assert.Equal(200, total);
    }

    private Process Start(string name, Dictionary<string, string> env, List<string> args, bool seed, List<string>? stderr = null)
    {
        var data = Path.Combine(_folder, name);
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrleansCrm.Host.dll"));
        args.ForEach(start.ArgumentList.Add);
        start.Environment["ConnectionStrings__Crm"] = $"Data Source={Path.Combine(data, "crm.db")}";
        start.Environment["Crm__Demo__Seed"] = seed ? "true" : "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__Console__LogToStandardErrorThreshold"] = "None";
        // Whatever the machine has set must not choose for the test.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "Urls", "DOTNET_URLS" })
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _processes.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && stderr is not null)
            {
                lock (stderr)
                {
                    stderr.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(Process process, int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"the host exited with {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        Assert.Fail($"the host did not answer on port {port} in 120 s");
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still open is left in the temp folder
        }
    }
}
