using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Tests.Api;
using OrleansCrm.Sales.Texts;
using OrleansCrm.Testing;

namespace OrleansCrm.Sales.Tests.Texts;

/// <summary>
/// Every rule of every Sales request's validator (child rules included) fails with a Sales text code that English,
/// Russian and Ukrainian each have, so no Sales message reaches a user in FluentValidation's words; and the API says
/// the code beside the English message.
/// </summary>
public abstract class ValidatorTextTests(HostFixture fixture)
{
    private static readonly CultureInfo[] Languages = [CultureInfo.GetCultureInfo("en"), CultureInfo.GetCultureInfo("ru"), CultureInfo.GetCultureInfo("uk")];

    [Fact]
    public void Every_rule_of_every_sales_validator_carries_a_code_each_language_has()
    {
        var requests = typeof(SalesTexts).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMessage).IsAssignableFrom(t) && !typeof(INotification).IsAssignableFrom(t))
            .ToList();
        var validators = requests.SelectMany(r => fixture.Host.Services.GetServices(typeof(IValidator<>).MakeGenericType(r)).Cast<IValidator>()).ToList();
        var rules = new List<(string Where, string? Code)>();
        foreach (var validator in validators)
        {
            Collect(validator, validator.GetType().Name, rules);
        }

        Assert.True(validators.Count >= 25, $"Only {validators.Count} Sales validators found");
        Assert.True(rules.Count >= 100, $"Only {rules.Count} rules found: are child rules walked?");
        var uncoded = rules.Where(r => r.Code is null || !r.Code.StartsWith(SalesTexts.Module + ".", StringComparison.Ordinal)).Select(r => $"{r.Where}: {r.Code}").ToList();
        Assert.True(uncoded.Count == 0, "Rules without a Sales text code:\n" + string.Join("\n", uncoded));
        var untranslated = rules.Select(r => r.Code!).Distinct()
            .SelectMany(code => Languages.Where(l => !Has(code, l)).Select(l => $"{code} ({l.Name})")).ToList();
        Assert.True(untranslated.Count == 0, "Codes a language lacks: " + string.Join(", ", untranslated));
    }

    [Fact]
    public async Task The_funnel_without_a_pipeline_and_plans_without_lines_answer_with_their_codes()
    {
        using var head = await fixture.Host.HttpAsync("texts-head", ["SalesHead"]);

        var funnel = JsonNode.Parse(await Bad(await head.GetAsync("/api/reports/funnel?from=2026-12-01&to=2026-11-01")))!;
        Assert.Equal("Sales.Plans_PipelineRequired", funnel["errorCodes"]!["pipelineId"]![0]!.GetValue<string>());
        Assert.Equal("Sales.Plans_FunnelToBeforeFrom", funnel["errorCodes"]!["to"]![0]!.GetValue<string>());

        var plans = JsonNode.Parse(await Bad(await head.PutAsJsonAsync("/api/plans/2026-12",
            new { items = new object[] { new { userId = Guid.Empty, amount = -1m, count = -1 } } }, CrmHost.Json)))!;
        Assert.Equal("Sales.Plans_UserInvalid", plans["errorCodes"]!["items[0].userId"]![0]!.GetValue<string>());
        Assert.Equal("Sales.Plans_AmountInvalid", plans["errorCodes"]!["items[0].amount"]![0]!.GetValue<string>());
        Assert.Equal("Sales.NumberOutOfRange", plans["errorCodes"]!["items[0].count"]![0]!.GetValue<string>());
        Assert.Equal("Число від 0 до 100000.", ServerTexts.Render(ServerText.Of("Sales.NumberOutOfRange", 0, 100_000), CultureInfo.GetCultureInfo("uk")));
    }

    private static async Task<string> Bad(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        return text;
    }

    private static bool Has(string code, CultureInfo language) =>
        SalesTexts.Resources.GetResourceSet(language.Name == "en" ? CultureInfo.InvariantCulture : language, createIfNotExists: true, tryParents: false)
            ?.GetString(code[(SalesTexts.Module.Length + 1)..]) is not null;

    /// <summary>Each rule component's code; a child validator (ChildRules, SetValidator) is walked instead of counted.</summary>
    private static void Collect(IValidator validator, string where, List<(string, string?)> rules)
    {
        var descriptor = validator.CreateDescriptor();
        foreach (var rule in descriptor.Rules)
        {
            foreach (var component in rule.Components)
            {
                var at = $"{where}.{rule.PropertyName ?? "(object)"} {component.Validator.Name}";
                if (component.Validator is IChildValidatorAdaptor)
                {
                    var adaptor = component.Validator.GetType();
                    var context = Activator.CreateInstance(typeof(ValidationContext<>).MakeGenericType(adaptor.GetGenericArguments()[0]), [null]);
                    var child = (IValidator)adaptor.GetMethod("GetValidator")!.Invoke(component.Validator, [context, null])!;
                    Collect(child, at, rules);
                }
                else if (rule.PropertyName is not null)
                {
                    rules.Add((at, component.ErrorCode));
                }

                // A rule over the whole request is a Custom one that adds its own failures (SavePipeline's cross-field
                // rule, through SalesTexts.Failure): it has no code of its own to check.
            }
        }
    }
}

[Collection(SqliteHostCollection.Name)]
public sealed class ValidatorTextsOnSqlite(SqliteHostFixture fixture) : ValidatorTextTests(fixture);

[Collection(PostgresHostCollection.Name)]
public sealed class ValidatorTextsOnPostgres(PostgresHostFixture fixture) : ValidatorTextTests(fixture);
