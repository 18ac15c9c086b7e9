using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace OrleansCrm.Testing;

/// <summary>Assertions every API test needs.</summary>
public static class ApiAssert
{
    /// <summary>A 400 ProblemDetails naming exactly these fields (camelCase paths), each with a message.</summary>
    public static async Task AssertFieldErrorsAsync(HttpResponseMessage response, params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.Equal(fields.Order(), errors.Select(e => e.Key).Order());
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Value![0]!.GetValue<string>())));
    }

    /// <summary>
    /// For what the product does one-way (a dispatcher re-planning after an availability change, a ticket's timer):
    /// reads until the condition holds, failing after <paramref name="seconds"/>.
    /// </summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(value), $"not reached in {seconds} s: {value}");
                return value;
            }

            await Task.Delay(50);
        }
    }
}
