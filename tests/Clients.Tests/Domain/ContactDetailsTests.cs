using OrleansCrm.Clients.Domain;
using OrleansCrm.Clients.SearchClients;

namespace OrleansCrm.Clients.Tests.Domain;

public sealed class ContactDetailsTests
{
    private readonly PhoneNumberNormalizer _phones = new("UA");

    [Theory]
    [InlineData("+380 44 123 45 67", "+380441234567")]
    [InlineData("(044) 123-45-67", "+380441234567")]
    [InlineData("0441234567", "+380441234567")]
    [InlineData("380441234567", "+380441234567")]
    [InlineData("+38 (067) 555-12-34", "+380675551234")]
    [InlineData("+48 22 123 45 67", "+48221234567")] // a foreign number keeps its own country
    [InlineData("+7 495 123-45-67", "+74951234567")]
    public void Phones_normalise_to_e164(string input, string expected)
    {
        Assert.True(_phones.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("+380 12")]
    [InlineData("телефон")]
    [InlineData("+380 44 123 45 67 89 00")]
    public void Invalid_phones_are_refused(string input) => Assert.False(_phones.TryNormalize(input, out _));

    [Theory]
    [InlineData("Buh@Client.com.ua", "buh@client.com.ua")]
    [InlineData(" info@example.org ", "info@example.org")]
    public void Emails_normalise_to_lower_case(string input, string expected)
    {
        Assert.True(EmailAddresses.TryNormalize(input, out var email));
        Assert.Equal(expected, email);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("a@b")]
    [InlineData("Name <a@b.com>")]
    [InlineData("a@@b.com")]
    [InlineData("a@b.com.")]
    public void Invalid_emails_are_refused(string input) => Assert.False(EmailAddresses.TryNormalize(input, out _));

    [Fact]
    public void Search_terms_pick_their_index()
    {
        Assert.Equal(new ClientSearchTerm("buh@x.ua", null, null, null), ClientSearchTerm.Parse(" Buh@X.ua ", _phones));
        Assert.Equal(new ClientSearchTerm(null, "14360570", null, null), ClientSearchTerm.Parse("14360570", _phones));
        Assert.Equal(new ClientSearchTerm(null, "0441234567", "+380441234567", null), ClientSearchTerm.Parse("044 123 45 67", _phones));
        Assert.Equal(new ClientSearchTerm(null, null, "+380441234567", null), ClientSearchTerm.Parse("+38 (044) 123-45-67", _phones));
        Assert.Equal(new ClientSearchTerm(null, null, null, "%ромашка%"), ClientSearchTerm.Parse("Ромашка", _phones));
        Assert.Equal(new ClientSearchTerm(null, null, null, "%100\\% \\_ok%"), ClientSearchTerm.Parse("100% _ok", _phones));
        Assert.Equal(new ClientSearchTerm(null, null, null, "%№ 100%"), ClientSearchTerm.Parse("№ 100", _phones));
        Assert.Equal(new ClientSearchTerm(null, null, null, "%4217%"), ClientSearchTerm.Parse("4217", _phones));
    }
}
