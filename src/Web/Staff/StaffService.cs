using Mediator;
using Microsoft.AspNetCore.Components.Authorization;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.CreateSpecialist;
using OrleansCrm.Staff.GetSpecialist;
using OrleansCrm.Staff.SearchSpecialists;
using OrleansCrm.Staff.SetAvailability;
using OrleansCrm.Staff.SetCapacity;
using OrleansCrm.Staff.SetSkills;
using OrleansCrm.Staff.Specialists;

namespace OrleansCrm.Web.Staff;

/// <summary>What the staff workplace asks of the Staff module, as Mediator messages. One per circuit, like its user.</summary>
public sealed class StaffService(ISender sender, AuthenticationStateProvider authentication)
{
    public ValueTask<SpecialistPage> SearchAsync(StaffFilter filter, SpecialistSort sort, bool descending, int page, int pageSize, CancellationToken cancellationToken = default) =>
        sender.Send(new SearchSpecialists(Blank(filter.Search), Blank(filter.Skill), Blank(filter.Skill) is null ? null : filter.MinLevel, filter.Availability, page, pageSize)
        {
            Sort = sort,
            Descending = descending,
        }, cancellationToken);

    public ValueTask<SpecialistDetails> GetAsync(Guid id, CancellationToken cancellationToken = default) => sender.Send(new GetSpecialist(id), cancellationToken);

    /// <summary>Every skill code some specialist has, for the filter and the skills editor.</summary>
    public async Task<IReadOnlyList<string>> SkillCodesAsync(CancellationToken cancellationToken = default) =>
        (await EveryoneAsync(cancellationToken)).SelectMany(s => s.Skills).Select(s => s.Code).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Every specialist, from the staff table (pages of the largest size, no grains): a team has tens, not thousands.</summary>
    public async Task<IReadOnlyList<SpecialistSummary>> EveryoneAsync(CancellationToken cancellationToken = default)
    {
        var specialists = new List<SpecialistSummary>();
        for (var page = 1; ; page++)
        {
            var result = await sender.Send(new SearchSpecialists(null, null, null, null, page, SearchSpecialistsValidator.MaxPageSize), cancellationToken);
            specialists.AddRange(result.Items);
            if (page * result.PageSize >= result.Total)
            {
                return specialists;
            }
        }
    }

    public ValueTask<SpecialistDetails> CreateAsync(NewSpecialistForm form, CancellationToken cancellationToken = default) =>
        sender.Send(new CreateSpecialist(form.Name, null, Skills(form.Skills), form.QualificationGrade, [], form.Capacity) { IdempotencyKey = form.IdempotencyKey }, cancellationToken);

    public ValueTask<SpecialistDetails> SetSkillsAsync(Guid id, IEnumerable<SkillRow> skills, CancellationToken cancellationToken = default) =>
        sender.Send(new SetSkills(Skills(skills)) { SpecialistId = id }, cancellationToken);

    public ValueTask<SpecialistDetails> SetCapacityAsync(Guid id, int? capacity, CancellationToken cancellationToken = default) =>
        sender.Send(new SetCapacity(capacity) { SpecialistId = id }, cancellationToken);

    public async Task<SpecialistDetails> SetAvailabilityAsync(Guid id, AvailabilityStatus? status, DateTimeOffset? until, CancellationToken cancellationToken = default) =>
        await sender.Send(new SetAvailability(status, until) { SpecialistId = id, Caller = await CallerAsync() }, cancellationToken);

    public async Task<Caller> CallerAsync() => Caller.From((await authentication.GetAuthenticationStateAsync()).User);

    private static List<SkillInput> Skills(IEnumerable<SkillRow> skills) => skills.Select(s => new SkillInput(s.Code, s.Level)).ToList();

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The list's filters; null means any.</summary>
public sealed record StaffFilter(string? Search = null, string? Skill = null, int? MinLevel = null, AvailabilityStatus? Availability = null);

/// <summary>One line of a skills editor: what the user typed, checked by the module's validator when sent.</summary>
public sealed class SkillRow
{
    public string? Code { get; set; }
    public int? Level { get; set; } = 3;
}

/// <summary>What the new-specialist form edits.</summary>
public sealed class NewSpecialistForm
{
    /// <summary>One per form: a double click creates one specialist, not two.</summary>
    public string IdempotencyKey { get; } = Guid.NewGuid().ToString("N");

    public string? Name { get; set; }
    public int? QualificationGrade { get; set; } = 3;
    public int? Capacity { get; set; } = 10;
    public List<SkillRow> Skills { get; } = [];
}

/// <summary>
/// What the signed-in user may do on the staff page: the same role lists the Staff API authorizes with, so the page
/// shows no action the module would refuse. Setting availability is also the specialist's own (not on this page).
/// </summary>
public sealed record StaffAccess(bool Create, bool Skills, bool Capacity, bool Availability)
{
    public static StaffAccess For(Caller caller) => new(
        OrleansCrm.Staff.StaffEndpoints.Creators.Any(caller.IsIn),
        OrleansCrm.Staff.StaffEndpoints.SkillEditors.Any(caller.IsIn),
        OrleansCrm.Staff.StaffEndpoints.CapacityEditors.Any(caller.IsIn),
        OrleansCrm.Staff.StaffEndpoints.AvailabilityEditors.Any(caller.IsIn));

    public bool Any => Create || Skills || Capacity || Availability;
}
