using OrleansCrm.Agreements.Documents;

namespace OrleansCrm.Web.Contracts;

/// <summary>
/// A contract text (a template's body or a contract's own text) as the editor changes it: the title, the preamble, and
/// ordered sections of ordered clauses. Read from and written back to the module's <see cref="ContractTemplate"/>, whose
/// plain-text form is what the API stores.
/// </summary>
public sealed class ContractTextModel
{
    public string Title { get; set; } = "";

    /// <summary>The paragraphs before the first section, one per line.</summary>
    public string Preamble { get; set; } = "";

    public List<SectionModel> Sections { get; } = [];

    public static ContractTextModel From(ContractTemplate template)
    {
        var model = new ContractTextModel { Title = template.Title, Preamble = string.Join('\n', template.Preamble) };
        model.Sections.AddRange(template.Sections.Select(s => new SectionModel { Heading = s.Heading, Clauses = s.Clauses.Select(c => new ClauseModel { Text = c }).ToList() }));
        return model;
    }

    public static ContractTextModel Parse(string text) => From(ContractTemplate.Parse(text));

    public string ToText() => new ContractTemplate(
        Title,
        Preamble.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Sections.Select(s => new TemplateSection(s.Heading, s.Clauses.Select(c => c.Text).ToList())).ToList()).ToText();

    /// <summary>Moves <paramref name="item"/> one place up (-1) or down (+1) in <paramref name="list"/>, when there is room.</summary>
    public static void Move<T>(List<T> list, T item, int by)
    {
        var from = list.IndexOf(item);
        var to = from + by;
        if (from < 0 || to < 0 || to >= list.Count)
            return;
        list.RemoveAt(from);
        list.Insert(to, item);
    }
}

public sealed class SectionModel
{
    public string Heading { get; set; } = "";

    public List<ClauseModel> Clauses { get; set; } = [];
}

/// <summary>A clause; a class rather than a string so the editor keeps its identity while the list is reordered.</summary>
public sealed class ClauseModel
{
    public string Text { get; set; } = "";
}
