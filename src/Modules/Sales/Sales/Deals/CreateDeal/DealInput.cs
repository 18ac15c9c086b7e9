using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using OrleansCrm.BuildingBlocks.Money;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Lifecycle;
using OrleansCrm.Sales.Deals.Pipelines;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.CreateDeal;

/// <summary>The fields a deal is created and edited with (the API's names).</summary>
public abstract record DealInput
{
    public string? Title { get; init; }
    public decimal? Amount { get; init; }
    /// <summary>ISO 4217; UAH when absent.</summary>
    public string? Currency { get; init; }
    public string? Channel { get; init; }
    public string? Source { get; init; }
    public IReadOnlyList<DealParticipant>? Participants { get; init; }
    public string? PrimaryDemand { get; init; }
    /// <summary>Custom fields by key, typed as the pipeline declares them.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Fields { get; init; }
    /// <summary>Default: the caller. A Manager may only name themselves.</summary>
    public Guid? OwnerId { get; init; }
    public DateOnly? ExpectedCloseOn { get; init; }

    /// <summary>The custom fields in their stored form; a 400 naming each one the pipeline does not declare or whose value does not fit its type.</summary>
    public Dictionary<string, string> FieldsFor(Pipeline pipeline)
    {
        var failures = new List<ValidationFailure>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Fields ?? new Dictionary<string, JsonElement>())
        {
            var field = pipeline.CustomFields.FirstOrDefault(f => f.Key == key);
            if (field is null)
            {
                failures.Add(SalesTexts.Failure($"fields.{key}", SalesTexts.Say("FieldUnknown", key)));
            }
            else if (value.ValueKind != JsonValueKind.Null)
            {
                if (DealRules.Normalize(field.Type, value) is { } stored)
                {
                    values[key] = stored;
                }
                else
                {
                    failures.Add(SalesTexts.Failure($"fields.{key}", SalesTexts.Say("FieldValueInvalid", field.Name, SalesTexts.Label(field.Type))));
                }
            }
        }

        return failures.Count > 0 ? throw new ValidationException(failures) : values;
    }

    public IReadOnlyList<DealParticipant> CleanParticipants() =>
        (Participants ?? []).Select(p => new DealParticipant(p.Name.Trim(), string.IsNullOrWhiteSpace(p.Role) ? null : p.Role.Trim(), p.ContactId)).ToList();

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The rules every deal input follows; the pipeline's own (custom fields) are checked by the handler.</summary>
public sealed class DealInputRules : AbstractValidator<DealInput>
{
    public DealInputRules()
    {
        RuleFor(d => d.Title).NotEmpty().WithText(SalesTexts.Code("TitleRequired")).AtMost(300);
        RuleFor(d => d.Amount).Must(a => a is null || (a >= 0 && a < 1_000_000_000m && Hryvnias.IsWholeKopiykas(a.Value)))
            .WithText(SalesTexts.Code("AmountInvalid"));
        RuleFor(d => d.Currency).Matches("^[A-Z]{3}$").When(d => d.Currency is not null).WithText(SalesTexts.Code("CurrencyInvalid"));
        RuleFor(d => d.Channel).AtMost(100);
        RuleFor(d => d.Source).AtMost(100);
        RuleFor(d => d.PrimaryDemand).AtMost(2000);
        RuleFor(d => d.Participants).Must(p => p is null || p.Count <= 50).WithText(SalesTexts.Code("TooManyParticipants"));
        RuleForEach(d => d.Participants).NotNull().WithText(SalesTexts.Code("ParticipantMissing")).ChildRules(p =>
        {
            p.RuleFor(x => x.Name).NotEmpty().WithText(SalesTexts.Code("ParticipantNameRequired")).AtMost(200);
            p.RuleFor(x => x.Role).AtMost(100);
        });
        RuleFor(d => d.Fields).Must(f => f is null || f.Count <= 50).WithText(SalesTexts.Code("TooManyFields"));
        RuleFor(d => d.OwnerId).Must(o => o != Guid.Empty).WithText(SalesTexts.Code("OwnerRequired"));
    }
}
