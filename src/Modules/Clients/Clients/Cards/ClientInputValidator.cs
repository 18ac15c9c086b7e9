using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using OrleansCrm.Clients.Domain;

namespace OrleansCrm.Clients.Cards;

/// <summary>Every rule of a client card, with field names as the API spells them.</summary>
public sealed class ClientInputValidator : AbstractValidator<ClientInput>
{
    public const int MaxContacts = 100;

    public ClientInputValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.LegalName).NotEmpty().WithMessage("The legal name is required.").MaximumLength(300);
        RuleFor(c => c.ShortName).MaximumLength(150);
        RuleFor(c => c.TaxId).Custom((taxId, context) =>
        {
            if (!string.IsNullOrWhiteSpace(taxId) && TaxId.Validate(taxId) is { } error)
            {
                context.AddFailure(error);
            }
        });
        RuleFor(c => c.Contacts).Must(c => c is null || c.Count <= MaxContacts).WithMessage($"A client has at most {MaxContacts} contacts.");
        RuleForEach(c => c.Contacts).SetValidator(new ContactInputValidator(phones));
        RuleForEach(c => c.Segments).NotEmpty().MaximumLength(50);
        RuleFor(c => c.Attributes).Custom((attributes, context) =>
        {
            foreach (var (key, value) in attributes ?? new Dictionary<string, AttributeInput>())
            {
                var field = $"Attributes.{key}";
                if (string.IsNullOrWhiteSpace(key) || key.Length > 100)
                {
                    context.AddFailure(new ValidationFailure(field, "An attribute key has 1 to 100 characters."));
                }
                else if (value?.Type is null)
                {
                    context.AddFailure(new ValidationFailure(field, "The attribute needs a type: Text, Number, Date or Bool."));
                }
                else if (!AttributeValues.TryCanonical(value.Type, value.Value, out _))
                {
                    context.AddFailure(new ValidationFailure(field, $"'{value.Value}' is not a valid {value.Type.Value.ToString().ToLowerInvariant()} value."));
                }
            }
        });
        RuleFor(c => c.RemoteAccess!.Method).MaximumLength(100).When(c => c.RemoteAccess is not null);
        RuleFor(c => c.RemoteAccess!.Notes).MaximumLength(4000).When(c => c.RemoteAccess is not null);
        RuleFor(c => c.Particularities).MaximumLength(4000);
        RuleForEach(c => c.Installations).ChildRules(installation =>
        {
            installation.RuleFor(i => i.Product).NotEmpty().WithMessage("The product is required.").MaximumLength(150);
            installation.RuleFor(i => i.Release).MaximumLength(50);
            installation.RuleForEach(i => i.Databases).NotEmpty().MaximumLength(200);
        });
    }
}

public sealed class ContactInputValidator : AbstractValidator<ContactInput>
{
    public ContactInputValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("The contact's name is required.").MaximumLength(200);
        RuleFor(c => c.Position).MaximumLength(200);
        RuleForEach(c => c.Phones)
            .Must(p => phones.TryNormalize(p, out _))
            .WithMessage((_, phone) => $"'{phone}' is not a valid phone number (a number without a country code is read as {phones.DefaultRegion}).");
        RuleForEach(c => c.Emails)
            .Must(e => EmailAddresses.TryNormalize(e, out _))
            .WithMessage((_, email) => $"'{email}' is not a valid e-mail address.");
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
