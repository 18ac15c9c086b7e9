using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace OrleansCrm.Billing.Tests.Payments.Api;

/// <summary>
/// The import takes statements far above the API's 1 MB body limit (16 MB: 10,000 lines and more), and answers a larger
/// upload with a 413 ProblemDetails naming the limit (its code and arguments for the other languages).
/// </summary>
public abstract class StatementSizeTests(PaymentsHostFixture fixture)
{
    [Fact]
    public async Task A_statement_over_1_MB_imports_and_one_over_16_MB_is_a_413_naming_the_limit()
    {
        var tag = "SZ" + PaymentsData.Next();
        var year = PaymentsData.UniqueYear();
        var padding = new string('х', 420); // long purposes, as banks write them: 3,000 lines make about 1.5 MB
        var file = PaymentsData.Csv(Enumerable.Range(1, 3_000).Select(i => new CsvPayment(
            $"{tag}-{i}", 100m + i, $"Платник {tag}", null, $"Оплата {i} {padding}", $"04.12.{year.ToString(CultureInfo.InvariantCulture)}")));
        Assert.True(file.Length > 1024 * 1024, file.Length.ToString(CultureInfo.InvariantCulture));

        var response = await fixture.Http.PostAsync("/api/payments/import", PaymentsData.Form(file, "csv", "big.csv"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text[..Math.Min(text.Length, 2000)]}");
        Assert.Equal(3_000, JsonNode.Parse(text)!["imported"]!.GetValue<int>());

        var tooLarge = await fixture.Http.PostAsync("/api/payments/import", PaymentsData.Form(new byte[17 * 1024 * 1024], "csv", "huge.csv"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        var problem = JsonNode.Parse(await tooLarge.Content.ReadAsStringAsync())!;
        Assert.Equal(413, problem["status"]!.GetValue<int>());
        Assert.Equal("Billing.StatementTooLarge", problem["code"]!.GetValue<string>());
        Assert.Equal("16", problem["args"]![0]!.ToString());
        Assert.Contains("16 MB", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // Any other endpoint keeps the API's 1 MB.
        var other = await fixture.Http.PostAsync("/api/invoices", new ByteArrayContent(new byte[2 * 1024 * 1024]) { Headers = { ContentType = new("application/json") } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, other.StatusCode);
    }
}

[Collection(SqlitePaymentsCollection.Name)]
public sealed class SqliteStatementSizeTests(SqlitePaymentsHost fixture) : StatementSizeTests(fixture);

[Collection(PostgresPaymentsCollection.Name)]
public sealed class PostgresStatementSizeTests(PostgresPaymentsHost fixture) : StatementSizeTests(fixture);
