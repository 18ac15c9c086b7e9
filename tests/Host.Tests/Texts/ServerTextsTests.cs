using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Agreements;
using OrleansCrm.Audit;
using OrleansCrm.Billing;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Clients;
using OrleansCrm.Host.Tests.Architecture;
using OrleansCrm.Identity;
using OrleansCrm.Sales;
using OrleansCrm.ServiceDesk;
using OrleansCrm.Staff;

namespace OrleansCrm.Host.Tests.Texts;

/// <summary>Every module's server texts speak English, Russian and Ukrainian, with the same arguments in each.</summary>
public sealed partial class ServerTextsTests
{
    static ServerTextsTests()
    {
        // Registering the modules registers their texts, as the host does.
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        services.AddClientsModule(configuration);
        services.AddStaffModule(configuration);
        services.AddServiceDeskModule(configuration);
        services.AddIdentityModule(configuration);
        services.AddAuditModule();
        services.AddAgreementsModule(configuration);
        services.AddBillingModule(configuration);
        services.AddSalesModule(configuration);
        OrleansCrm.BuildingBlocks.Http.Texts.HttpTexts.Register();
        ServerTexts.Register(KitTexts.Module, KitTexts.Resources);
    }

    public static TheoryData<string> Modules() => new(ServerTexts.Registered.Keys.Order());

    [Theory]
    [MemberData(nameof(Modules))]
    public void Every_text_has_a_Russian_and_a_Ukrainian_translation_with_the_same_placeholders(string module)
    {
        var resources = ServerTexts.Registered[module];
        var english = Texts(resources, CultureInfo.InvariantCulture);
        Assert.NotEmpty(english);
        foreach (var language in new[] { "ru", "uk" })
        {
            var translated = Texts(resources, CultureInfo.GetCultureInfo(language));
            Assert.Empty(english.Keys.Except(translated.Keys).Select(key => $"{module}.{key} has no {language} text"));
            Assert.Empty(translated.Keys.Except(english.Keys).Select(key => $"{module}.{key} is in {language} only"));
            foreach (var (key, text) in english)
            {
                Assert.True(Placeholders(text).SetEquals(Placeholders(translated[key])), $"{module}.{key} in {language} has other placeholders than in English");
            }
        }
    }

    /// <summary>resx files merge by union (.gitattributes), which can bring a key in twice; the build only warns and keeps one.</summary>
    [Fact]
    public void No_resource_file_names_a_text_twice()
    {
        var files = Directory.GetFiles(Path.Combine(ModuleIsolationTests.RepositoryRoot(), "src"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        var twice = files.SelectMany(file => System.Xml.Linq.XDocument.Load(file).Root!.Elements("data")
                .GroupBy(d => (string)d.Attribute("name")!).Where(g => g.Count() > 1).Select(g => $"{Path.GetFileName(file)}: {g.Key}"))
            .ToList();
        Assert.Empty(twice);
    }

    [Fact]
    public void A_text_renders_in_the_readers_language_with_their_number_format()
    {
        var text = ServerText.Of("Staff.SpecialistExists", 1234.5m);

        Assert.Equal("Specialist 1234.5 already exists.", ServerTexts.InEnglish(text));
        Assert.Equal("Спеціаліст 1234,5 вже існує.", ServerTexts.Render(text, CultureInfo.GetCultureInfo("uk")));
        Assert.Equal("Специалист 1234,5 уже существует.", ServerTexts.Render(text, CultureInfo.GetCultureInfo("ru")));
    }

    [Fact]
    public void An_unknown_code_shows_itself_rather_than_nothing()
    {
        Assert.Equal("Nowhere.Nothing", ServerTexts.InEnglish(ServerText.Of("Nowhere.Nothing")));
    }

    private static Dictionary<string, string> Texts(ResourceManager resources, CultureInfo culture) =>
        resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value!);

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(match => match.Groups[1].Value)];

    [GeneratedRegex(@"\{(\d+)[^}]*\}")]
    private static partial Regex Placeholder();
}
