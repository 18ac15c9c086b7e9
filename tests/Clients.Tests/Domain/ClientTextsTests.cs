using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients.Cards;
using OrleansCrm.Clients.Contracts;
using OrleansCrm.Clients.Domain;

namespace OrleansCrm.Clients.Tests.Domain;

/// <summary>The card's validation speaks the reader's language: the module's own messages and its field names.</summary>
public sealed class ClientTextsTests
{
    static ClientTextsTests()
    {
        new ServiceCollection().AddClientsModule(new ConfigurationBuilder().Build()); // registers the texts, as the host does
        ValidationTexts.TranslateFieldNames();
    }

    [Fact]
    public void A_bad_card_is_refused_in_Ukrainian_with_Ukrainian_field_names()
    {
        var input = new ClientInput
        {
            LegalName = "",
            Kind = (ClientKind)999,
            SupportStatus = (SupportStatus)999,
            TaxId = "12345670",
            Contacts = [null!, new ContactInput(null, "Іваненко", null, ["12"], ["not-an-email"])],
            Installations = [null!],
        };

        var errors = Validate(input, "uk");

        Assert.Equal("Вкажіть юридичну назву.", errors["LegalName"]);
        Assert.Equal("Контакт не може бути порожнім.", errors["Contacts[0]"]);
        Assert.Equal("Встановлений продукт не може бути порожнім.", errors["Installations[0]"]);
        Assert.Equal("Неправильна контрольна цифра ЄДРПОУ.", errors["TaxId"]);
        Assert.StartsWith("«12» — неприпустимий номер телефону", errors["Contacts[1].Phones[0]"], StringComparison.Ordinal);
        Assert.Contains("Вид", errors["Kind"], StringComparison.Ordinal); // FluentValidation's own sentence, with our field name
        Assert.Contains("Статус підтримки", errors["SupportStatus"], StringComparison.Ordinal);
        Assert.All(errors.Values, message => Assert.DoesNotMatch("[A-Za-z]{4,}", message.Replace("not-an-email", "")));

        var english = Validate(input, "en");
        Assert.Equal("The legal name is required.", english["LegalName"]);
        Assert.Equal("A contact cannot be empty.", english["Contacts[0]"]);
    }

    [Fact]
    public void Refusals_render_in_each_language()
    {
        var stale = ServerText.Of("Clients.StaleVersion", 3, 4);
        Assert.StartsWith("The client was changed by someone else: you edited version 3, the current version is 4.", ServerTexts.InEnglish(stale), StringComparison.Ordinal);
        Assert.StartsWith("Клієнта змінив хтось інший: ви редагували версію 3, поточна версія 4.", ServerTexts.Render(stale, CultureInfo.GetCultureInfo("uk")), StringComparison.Ordinal);
        Assert.StartsWith("Клиента изменил кто-то другой", ServerTexts.Render(stale, CultureInfo.GetCultureInfo("ru")), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Validate(ClientInput input, string culture)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return new ClientInputValidator(new PhoneNumberNormalizer("UA")).Validate(input).Errors
                .GroupBy(e => e.PropertyName)
                .ToDictionary(g => g.Key, g => g.First().ErrorMessage);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
