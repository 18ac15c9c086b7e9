using OrleansCrm.BuildingBlocks.Printing;
namespace OrleansCrm.Agreements.Documents;

/// <summary>
/// A contract's text before the values are put in: a title, the preamble (who contracts with whom) and an ordered list
/// of sections, each an ordered list of clauses with <c>{placeholders}</c> (see <see cref="ContractPlaceholders"/>).
/// Numbers are not part of the text: sections are numbered 1, 2, … and clauses 1.1, 1.2, … when printed, so a clause
/// added or removed renumbers the rest. The parties' requisites and signatures close every contract.
/// </summary>
public sealed record ContractTemplate(string Title, IReadOnlyList<string> Preamble, IReadOnlyList<TemplateSection> Sections)
{
    private const string DefaultResource = "OrleansCrm.Agreements.Documents.Templates.support-subscription.txt";

    /// <summary>The common template of a support subscription (абонентське обслуговування), in Ukrainian.</summary>
    public static ContractTemplate SupportSubscription { get; } = Parse(ReadResource(DefaultResource));

    /// <summary>
    /// Reads the plain-text form: <c># </c> starts the title, <c>## </c> a section, every other non-blank line is a
    /// clause (or, before the first section, a paragraph of the preamble); lines starting with <c>//</c> are comments.
    /// </summary>
    public static ContractTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? title = null;
        var preamble = new List<string>();
        var sections = new List<TemplateSection>();
        string? heading = null;
        var clauses = new List<string>();
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
                continue;
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (heading is not null)
                    sections.Add(new TemplateSection(heading, clauses));
                heading = line[3..].Trim();
                clauses = [];
            }
            else if (line.StartsWith("# ", StringComparison.Ordinal))
                title = line[2..].Trim();
            else if (heading is null)
                preamble.Add(line);
            else
                clauses.Add(line);
        }
        if (heading is not null)
            sections.Add(new TemplateSection(heading, clauses));
        if (title is null)
            throw new FormatException("A contract template needs a title line starting with '# '.");
        return new ContractTemplate(title, preamble, sections);
    }

    /// <summary>The plain-text form <see cref="Parse"/> reads: what an edited outline is saved as.</summary>
    public string ToText()
    {
        var text = new System.Text.StringBuilder().Append("# ").Append(Title.Trim()).Append('\n');
        foreach (var paragraph in Preamble.Where(p => !string.IsNullOrWhiteSpace(p)))
            text.Append(OneLine(paragraph)).Append('\n');
        foreach (var section in Sections)
        {
            text.Append("\n## ").Append(section.Heading.Trim()).Append('\n');
            foreach (var clause in section.Clauses.Where(c => !string.IsNullOrWhiteSpace(c)))
                text.Append(OneLine(clause)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A clause is one line of the text: line breaks typed into it become spaces.</summary>
    private static string OneLine(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The text of a built-in template, <c>Templates/&lt;file&gt;.txt</c>.</summary>
    public static string Resource(string file) => ReadResource($"OrleansCrm.Agreements.Documents.Templates.{file}.txt");

    private static string ReadResource(string name)
    {
        using var stream = typeof(ContractTemplate).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The template resource {name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>A section of a contract: its heading and its clauses, in order.</summary>
public sealed record TemplateSection(string Heading, IReadOnlyList<string> Clauses);
