using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Testing;
using static OrleansCrm.Identity.Tests.HttpAssert;

namespace OrleansCrm.Identity.Tests;

/// <summary>A host whose sign-in limits are small enough to reach in a test.</summary>
public abstract class ThrottledHostFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public const int AttemptsPerAddress = 40;
    public const int FailuresPerAddress = 6;
    public const int FailuresPerUserAndAddress = 3;
    public const int AttemptsPerUser = 5;

    public TestDatabase Database { get; private set; } = null!;

    public CrmHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(provider);
        Host = Database.StartHost(new Dictionary<string, string?>
        {
            ["Crm:Security:SignInAttemptsPerAddress"] = AttemptsPerAddress.ToString(),
            ["Crm:Security:SignInFailuresPerAddress"] = FailuresPerAddress.ToString(),
            ["Crm:Security:MaxFailedSignIns"] = FailuresPerUserAndAddress.ToString(),
            ["Crm:Security:SignInAttemptsPerUser"] = AttemptsPerUser.ToString(),
        });
        await Host.TokenAsync("admin", [CrmRoles.Admin]);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class SqliteThrottledHostFixture() : ThrottledHostFixture(DatabaseProvider.Sqlite);

public sealed class PostgresThrottledHostFixture() : ThrottledHostFixture(DatabaseProvider.PostgreSql);

/// <summary>
/// Sign-in is rate-limited per source address and per user (429 with Retry-After), costs the same for a name that has no
/// user, and wrong passwords never lock an account for everyone. Each test comes from addresses of its own (127.x.y.z
/// are all this machine), so the limits of one do not reach another.
/// </summary>
public abstract class SignInThrottleTests(ThrottledHostFixture fixture)
{
    private readonly CrmHost _host = fixture.Host;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Failures_for_one_user_hold_up_that_address_only_and_never_lock_the_account()
    {
        var name = Unique("pair");
        await _host.TokenAsync(name, [CrmRoles.Dispatcher]);
        using var attacker = From("127.0.10.1");
        for (var i = 0; i < ThrottledHostFixture.FailuresPerUserAndAddress; i++)
        {
            await StatusAsync(HttpStatusCode.Unauthorized, await TokenAsync(attacker, name, "Wrong-Password-1"));
        }

        // The address is held up, even with the right password, and told when to come back.
        var held = await TokenAsync(attacker, name, CrmHost.UserPassword);
        await AssertThrottledAsync(held);

        // The user, from their own address, is not: nothing was locked.
        using var user = From(_host, "127.0.0.1");
        await StatusAsync(HttpStatusCode.OK, await TokenAsync(user, name, CrmHost.UserPassword));
        using var admin = await _host.HttpAsync("admin", [CrmRoles.Admin]);
        var details = (await CrmHost.ReadAsync<List<UserDetails>>(await admin.GetAsync("/api/users"))).Single(u => u.UserName == name);
        Assert.False(details.Locked);
    }

    [Fact]
    public async Task Two_hundred_wrong_passwords_at_once_from_one_address_are_mostly_refused_with_429_before_any_work()
    {
        using var attacker = From("127.0.11.1");
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => TokenAsync(attacker, $"sprayed-{i}", "Wrong-Password-1")));
        var checkedOnes = answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized);
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(checkedOnes + refused.Count == 200, string.Join(", ", answers.GroupBy(a => (int)a.StatusCode).Select(g => $"{g.Count()} × {g.Key}")));
        Assert.InRange(checkedOnes, 1, ThrottledHostFixture.AttemptsPerAddress);
        await AssertThrottledAsync(refused[0]);
    }

    [Fact]
    public async Task Failures_from_one_address_across_many_users_hold_that_address_up()
    {
        using var sprayer = From("127.0.12.1");
        for (var i = 0; i < ThrottledHostFixture.FailuresPerAddress; i++)
        {
            await StatusAsync(HttpStatusCode.Unauthorized, await TokenAsync(sprayer, Unique("nobody"), "Summer2026!"));
        }

        await AssertThrottledAsync(await TokenAsync(sprayer, Unique("nobody"), "Summer2026!"));
    }

    [Fact]
    public async Task Attempts_for_one_user_from_many_addresses_are_limited_but_not_from_the_users_own_address()
    {
        var name = Unique("spread");
        await _host.TokenAsync(name, [CrmRoles.Manager]); // signs in from 127.0.0.1: the user's own address
        var answers = new List<HttpStatusCode>();
        for (var i = 1; i <= ThrottledHostFixture.AttemptsPerUser + 3; i++)
        {
            using var bot = From($"127.0.13.{i}");
            var answer = await TokenAsync(bot, name, "Wrong-Password-1");
            answers.Add(answer.StatusCode);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await AssertThrottledAsync(answer);
            }
        }

        // The user's own first sign-in (from 127.0.0.1, then unknown) was one of the attempts.
        Assert.Equal(ThrottledHostFixture.AttemptsPerUser - 1, answers.Count(a => a == HttpStatusCode.Unauthorized));
        Assert.Equal(4, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        using var own = From(_host, "127.0.0.1");
        await StatusAsync(HttpStatusCode.OK, await TokenAsync(own, name, CrmHost.UserPassword));
    }

    [Fact]
    public async Task A_locked_account_is_told_only_to_whoever_knows_its_password()
    {
        var name = Unique("locked");
        await _host.TokenAsync(name, [CrmRoles.Manager]);
        using var admin = await _host.HttpAsync("admin", [CrmRoles.Admin]);
        var user = (await CrmHost.ReadAsync<List<UserDetails>>(await admin.GetAsync("/api/users"))).Single(u => u.UserName == name);
        await StatusAsync(HttpStatusCode.OK, await admin.PutJsonAsync($"/api/users/{user.Id}", new { roles = user.Roles, locked = true }));

        using var guesser = From("127.0.14.1");
        var wrong = await TokenAsync(guesser, name, "Wrong-Password-1");
        var unknown = await TokenAsync(guesser, Unique("nobody"), "Wrong-Password-1");
        await StatusAsync(HttpStatusCode.Unauthorized, wrong);
        await StatusAsync(HttpStatusCode.Unauthorized, unknown);
        Assert.Equal(Said(await wrong.Content.ReadAsStringAsync()), Said(await unknown.Content.ReadAsStringAsync()));

        using var owner = From("127.0.14.2");
        var right = await TokenAsync(owner, name, CrmHost.UserPassword);
        await StatusAsync((HttpStatusCode)StatusCodes.Locked, right);
        Assert.Equal("Identity.AccountLocked", JsonNode.Parse(await right.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    private static async Task AssertThrottledAsync(HttpResponseMessage response)
    {
        await StatusAsync(HttpStatusCode.TooManyRequests, response);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        Assert.Equal("Identity.SignInThrottled", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    private static (string?, string?, string?) Said(string problem)
    {
        var body = JsonNode.Parse(problem)!;
        return (body["title"]?.GetValue<string>(), body["detail"]?.GetValue<string>(), body["code"]?.GetValue<string>());
    }

    public static Task<HttpResponseMessage> TokenAsync(HttpClient http, string userName, string password) =>
        http.PostAsJsonAsync(AccountRoutes.Token, new { userName, password }, CrmHost.Json);

    /// <summary>A client whose connections come from <paramref name="address"/> (any 127.x.y.z is this machine on Linux).</summary>
    private HttpClient From(string address) => From(_host, address);

    public static HttpClient From(CrmHost host, string address)
    {
        host.AnonymousHttp().Dispose();
        var server = host.ClientOptions.BaseAddress;
        return new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        }) { BaseAddress = server };
    }
}

public sealed class SqliteSignInThrottleTests(SqliteThrottledHostFixture fixture) : SignInThrottleTests(fixture), IClassFixture<SqliteThrottledHostFixture>;

public sealed class PostgresSignInThrottleTests(PostgresThrottledHostFixture fixture) : SignInThrottleTests(fixture), IClassFixture<PostgresThrottledHostFixture>;
