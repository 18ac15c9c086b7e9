using OrleansCrm.BuildingBlocks.Printing;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansCrm.Agreements.Documents;

/// <summary>A contract's text with every value put in, numbered, and the parties for the requisites at the end.</summary>
public sealed record RenderedContract(
    string Title, IReadOnlyList<string> Preamble, IReadOnlyList<RenderedSection> Sections, PrintedParty Supplier, PrintedParty Client)
{
    /// <summary>The heading of the closing section that every contract has: the parties' requisites and signatures.</summary>
    public const string RequisitesHeading = "Реквізити та підписи Сторін";

    /// <summary>The closing section's number (the one after the last clause section).</summary>
    public int RequisitesNumber => Sections.Count + 1;
}

/// <summary>A numbered section: clause i is printed as "<see cref="Number"/>.i.".</summary>
public sealed record RenderedSection(int Number, string Heading, IReadOnlyList<string> Clauses);

/// <summary>A template used placeholders it does not know, or that have no value for this contract: every one is listed.</summary>
public sealed class ContractTemplateException(IReadOnlyList<string> unknown, IReadOnlyList<string> missing)
    : Exception(Describe(unknown, missing))
{
    /// <summary>Placeholders that are not in <see cref="ContractPlaceholders"/> (a typo, or one not supported).</summary>
    public IReadOnlyList<string> Unknown { get; } = unknown;

    /// <summary>Known placeholders with no value for this contract (a client with no IBAN on file).</summary>
    public IReadOnlyList<string> Missing { get; } = missing;

    private static string Describe(IReadOnlyList<string> unknown, IReadOnlyList<string> missing)
    {
        var text = new StringBuilder("The contract cannot be printed:");
        if (unknown.Count > 0)
            text.Append(" unknown placeholders ").AppendJoin(", ", unknown.Select(n => $"{{{n}}}")).Append(';');
        if (missing.Count > 0)
            text.Append(" no value for ").AppendJoin(", ", missing.Select(n => $"{{{n}}}")).Append(';');
        return text.ToString().TrimEnd(';') + ".";
    }
}

/// <summary>Puts a contract's values into a template's clauses.</summary>
public static partial class ContractText
{
    [GeneratedRegex(@"\{([^{}\s]*)\}")]
    private static partial Regex Placeholder();

    /// <summary>The names of the placeholders a template uses, each once, in order of first use.</summary>
    public static IReadOnlyList<string> PlaceholdersIn(ContractTemplate template) =>
        Texts(template).SelectMany(t => Placeholder().Matches(t).Select(m => m.Groups[1].Value)).Distinct().ToList();

    public static RenderedContract Render(ContractTemplate template, ContractPrintModel model) =>
        Render(template, ContractPlaceholders.Values(model), model.Supplier, model.Client);

    /// <summary>
    /// Fills the template, or throws <see cref="ContractTemplateException"/> naming every unknown placeholder and every
    /// placeholder without a value: a contract never goes out with a blank where a name or an IBAN should be.
    /// </summary>
    public static RenderedContract Render(
        ContractTemplate template, IReadOnlyDictionary<string, string?> values, PrintedParty supplier, PrintedParty client)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var used = PlaceholdersIn(template);
        var known = ContractPlaceholders.All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = used.Where(n => !known.Contains(n)).ToList();
        var missing = used.Where(n => known.Contains(n) && (!values.TryGetValue(n, out var v) || string.IsNullOrWhiteSpace(v))).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
            throw new ContractTemplateException(unknown, missing);

        string Fill(string text) => Placeholder().Replace(text, m => values[m.Groups[1].Value]!);
        return new RenderedContract(
            Fill(template.Title),
            template.Preamble.Select(Fill).ToList(),
            template.Sections.Select((s, i) => new RenderedSection(i + 1, Fill(s.Heading), s.Clauses.Select(Fill).ToList())).ToList(),
            supplier,
            client);
    }

    /// <summary>The whole contract as plain text (numbered), e.g. for a preview or a search index.</summary>
    public static string ToPlainText(RenderedContract contract)
    {
        var text = new StringBuilder().AppendLine(contract.Title);
        foreach (var paragraph in contract.Preamble)
            text.AppendLine(paragraph);
        foreach (var section in contract.Sections)
        {
            text.AppendLine($"{section.Number}. {section.Heading}");
            for (var i = 0; i < section.Clauses.Count; i++)
                text.AppendLine($"{section.Number}.{i + 1}. {section.Clauses[i]}");
        }
        return text.ToString();
    }

    private static IEnumerable<string> Texts(ContractTemplate template) =>
        new[] { template.Title }.Concat(template.Preamble)
            .Concat(template.Sections.SelectMany(s => s.Clauses.Prepend(s.Heading)));
}
