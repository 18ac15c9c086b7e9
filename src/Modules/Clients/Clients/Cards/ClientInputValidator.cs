using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Domain;
using OrleansCrm.Clients.Texts;

namespace OrleansCrm.Clients.Cards;

/// <summary>Every rule of a client card, with field names as the API spells them.</summary>
public sealed class ClientInputValidator : AbstractValidator<ClientInput>
{
    public const int MaxContacts = 100;

    public ClientInputValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.LegalName).NotEmpty().WithText(ClientsTexts.Code("LegalNameRequired")).MaximumLength(300);
        RuleFor(c => c.ShortName).MaximumLength(150);
        // Undefined numbers (kind: 999) get past the JSON reader and the UI calls this directly: refuse them here.
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.SupportStatus).IsInEnum();
        RuleFor(c => c.TaxId).Custom((taxId, context) =>
        {
            if (!string.IsNullOrWhiteSpace(taxId) && TaxId.Validate(taxId) is { } error)
            {
                context.AddFailure(new ValidationFailure(context.PropertyPath, ServerTexts.Render(error)) { ErrorCode = error.Code });
            }
        });
        RuleFor(c => c.Contacts).Must(c => c is null || c.Count <= MaxContacts).WithText(ClientsTexts.Code("TooManyContacts"), MaxContacts);
        // A null element (contacts: [null]) is skipped by child validators, so it is named here rather than failing later.
        RuleForEach(c => c.Contacts).NotNull().WithText(ClientsTexts.Code("ContactMissing")).SetValidator(new ContactInputValidator(phones));
        RuleForEach(c => c.Segments).NotEmpty().MaximumLength(50);
        RuleFor(c => c.Attributes).Custom((attributes, context) =>
        {
            foreach (var (key, value) in attributes ?? new Dictionary<string, AttributeInput>())
            {
                var field = $"Attributes.{key}";
                if (string.IsNullOrWhiteSpace(key) || key.Length > 100)
                {
                    context.AddFailure(Failure(field, ClientsTexts.Say("AttributeKeyLength")));
                }
                else if (value?.Type is not { } type || !Enum.IsDefined(type))
                {
                    context.AddFailure(Failure(field, ClientsTexts.Say("AttributeTypeRequired")));
                }
                else if (!AttributeValues.TryCanonical(type, value.Value, out _))
                {
                    context.AddFailure(Failure(field, ClientsTexts.Say("AttributeValueInvalid", value.Value, ClientsTexts.Label(type))));
                }
            }
        });
        RuleFor(c => c.RemoteAccess!.Method).MaximumLength(100).When(c => c.RemoteAccess is not null);
        RuleFor(c => c.RemoteAccess!.Notes).MaximumLength(4000).When(c => c.RemoteAccess is not null);
        RuleFor(c => c.Particularities).MaximumLength(4000);
        RuleForEach(c => c.Installations).NotNull().WithText(ClientsTexts.Code("InstallationMissing")).ChildRules(installation =>
        {
            installation.RuleFor(i => i.Product).NotEmpty().WithText(ClientsTexts.Code("ProductRequired")).MaximumLength(150);
            installation.RuleFor(i => i.Release).MaximumLength(50);
            installation.RuleForEach(i => i.Databases).NotEmpty().MaximumLength(200);
        });
    }

    private static ValidationFailure Failure(string field, ServerText text) => new(field, ServerTexts.Render(text)) { ErrorCode = text.Code };
}

public sealed class ContactInputValidator : AbstractValidator<ContactInput>
{
    public ContactInputValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.Name).NotEmpty().WithText(ClientsTexts.Code("ContactNameRequired")).MaximumLength(200);
        RuleFor(c => c.Position).MaximumLength(200);
        RuleForEach(c => c.Phones)
            .Must(p => phones.TryNormalize(p, out _))
            .WithText(ClientsTexts.Code("PhoneInvalidWithRegion"), (_, phone) => [phone, phones.DefaultRegion]);
        RuleForEach(c => c.Emails)
            .Must(e => EmailAddresses.TryNormalize(e, out _))
            .WithText(ClientsTexts.Code("EmailInvalid"), (_, email) => [email]);
    }
}

/// <summary>Custom attribute values are kept as invariant text, so a number or a date reads the same in every culture.</summary>
public static class AttributeValues
{
    public static bool TryCanonical(Contracts.AttributeType? type, string? value, out string canonical)
    {
        canonical = "";
        if (type is null || value is null)
        {
            return false;
        }

        switch (type)
        {
            case Contracts.AttributeType.Text when value.Length <= 4000:
                canonical = value;
                return true;
            case Contracts.AttributeType.Number when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number):
                canonical = number.ToString("0.############################", CultureInfo.InvariantCulture); // 12.50 and 12.5 are one value
                return true;
            case Contracts.AttributeType.Date when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                canonical = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return true;
            case Contracts.AttributeType.Bool when bool.TryParse(value, out var flag):
                canonical = flag ? "true" : "false";
                return true;
            default:
                return false;
        }
    }
}
