using System.Net;
using Npgsql;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Testing;
using static OrleansCrm.Identity.Tests.HttpAssert;

namespace OrleansCrm.Identity.Tests;

/// <summary>
/// Tokens and sign-in cookies are accepted by every host of a cluster and after a restart: the signing key and the
/// Data Protection key ring live in the database.
/// </summary>
public sealed class ClusterKeysTests() : DatabaseTest(DatabaseProvider.PostgreSql)
{
    [Fact]
    public async Task Hosts_started_together_accept_each_others_tokens_and_cookies()
    {
        await using var a = Database.StartHost();
        await using var b = Database.StartHost();
        await Task.WhenAll(Task.Run(() => a.AnonymousHttp().Dispose()), Task.Run(() => b.AnonymousHttp().Dispose()));

        using var onA = await a.HttpAsync("both", [CrmRoles.Manager]);
        using var onB = b.AnonymousHttp();
        onB.DefaultRequestHeaders.Authorization = onA.DefaultRequestHeaders.Authorization;
        await StatusAsync(HttpStatusCode.OK, await onB.GetAsync("/api/clients"));

        using var browser = new Browser(a);
        await StatusAsync(HttpStatusCode.Redirect, await browser.LoginAsync(await browser.FormTokenAsync(), "both", CrmHost.UserPassword));
        using var otherBrowser = b.AnonymousHttp();
        otherBrowser.DefaultRequestHeaders.Add("Cookie", browser.CookieHeader);
        await StatusAsync(HttpStatusCode.OK, await otherBrowser.GetAsync("/api/clients"));

        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM identity.secrets"));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM identity.data_protection_keys"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class RestartKeysTests() : DatabaseTest(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Tokens_and_cookies_outlive_a_restart()
    {
        string token;
        string cookie;
        await using (var first = Database.StartHost())
        {
            token = await first.TokenAsync("survivor", [CrmRoles.Manager]);
            using var browser = new Browser(first);
            await StatusAsync(HttpStatusCode.Redirect, await browser.LoginAsync(await browser.FormTokenAsync(), "survivor", CrmHost.UserPassword));
            cookie = browser.CookieHeader;
        }

        await using var second = Database.StartHost();
        using var bearer = second.AnonymousHttp();
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await StatusAsync(HttpStatusCode.OK, await bearer.GetAsync("/api/clients"));
        using var cookies = second.AnonymousHttp();
        // Cookies are per host name, not per port: the new host on another port gets them as a browser would send them.
        cookies.DefaultRequestHeaders.Add("Cookie", cookie);
        await StatusAsync(HttpStatusCode.OK, await cookies.GetAsync("/api/clients"));
    }
}
