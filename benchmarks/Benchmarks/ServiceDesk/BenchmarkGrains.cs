using OrleansCrm.ServiceDesk.Contracts;
using OrleansCrm.ServiceDesk.Dispatching;

namespace OrleansCrm.Benchmarks.ServiceDesk;

/// <summary>Benchmark-only: the cheapest grain call there is, the baseline a dispatch decision is compared with.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    Task<int> Ping(int value);
}

internal sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);
}

/// <summary>The specialists and tickets of the service-desk benchmark: 200 specialists, 20 skill codes, 6 skills each.</summary>
public sealed class DispatchScenario
{
    public const int SpecialistCount = 200;
    public const int SkillsPerSpecialist = 6;

    /// <summary>The largest capacity the API accepts (CreateSpecialistValidator: 1–100).</summary>
    public const int Capacity = 100;

    public static readonly string[] SkillCodes =
    [
        "1c.erp", "1c.zup", "1c.ut", "1c.buh", "1c.ka", "1c.unf", "1c.rozn", "1c.dt", "bas.erp", "bas.buh",
        "bas.zup", "bas.ut", "bas.ka", "medoc", "medoc.zvit", "qes", "edo", "rro", "sql", "network",
    ];

    private const int Requirements = 4096;
    private readonly (Requirement Need, int Client)[] _requirements;
    private readonly Guid[] _clients = [.. Enumerable.Range(0, Clients).Select(_ => Guid.CreateVersion7())];

    /// <summary>(client id, specialist id) → last assignment: the client-affinity tie-break of the pure rows.</summary>
    private readonly Dictionary<(Guid Client, Guid Specialist), DateTimeOffset> _affinity = [];

    public DispatchScenario(int seed)
    {
        var random = new Random(seed);
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        Specialists = Enumerable.Range(0, SpecialistCount).Select(i => new SpecialistSeed(
            Guid.CreateVersion7(),
            $"Спеціаліст {i + 1:000}",
            SkillCodes.OrderBy(_ => random.Next()).Take(SkillsPerSpecialist).ToDictionary(code => code, _ => random.Next(1, 6)),
            QualificationGrade: random.Next(1, 6),
            Load: random.Next(0, 61),
            Rating: Math.Round(random.NextDouble() * 100, 1),
            LastAssignedAt: now.AddMinutes(-random.Next(0, 24 * 60)))).ToList();
        for (var client = 0; client < Clients; client++)
        {
            foreach (var specialist in Specialists.Where(_ => random.Next(10) == 0))
            {
                _affinity[(_clients[client], specialist.Id)] = now.AddHours(-random.Next(1, 24 * 30));
            }
        }

        _requirements = Enumerable.Range(0, Requirements).Select(_ => (Ticket(random), random.Next(Clients))).ToArray();
    }

    public const int Clients = 5;

    public IReadOnlyList<SpecialistSeed> Specialists { get; }

    public (Requirement Need, int Client) Requirement(int index) => _requirements[(index & int.MaxValue) % Requirements];

    /// <summary>
    /// The 200 candidates for one client's tickets needing one skill: each with their level in it (0 without it) and
    /// this client's affinity (prebuilt once by the pure rows).
    /// </summary>
    public IEnumerable<Candidate> Candidates(int client, string skill)
    {
        var clientId = _clients[client];
        return Specialists.Select(s => new Candidate(
            s.Id, OrleansCrm.Staff.Contracts.AvailabilityStatus.OnDuty, s.Skills.GetValueOrDefault(skill), Capacity, s.Load, s.Rating, s.LastAssignedAt.UtcTicks,
            _affinity.TryGetValue((clientId, s.Id), out var served) ? served.UtcTicks : 0));
    }

    /// <summary>
    /// A ticket as the benchmark opens them: any of the 20 skills; level 1 (50%), 2 (30%) or 3 (20%);
    /// Low 55%, Normal 35%, High 7%, Critical 3% (mean weight 1.61, so the benchmark's thousands of tickets fit the capacity).
    /// </summary>
    public static Requirement Ticket(Random random)
    {
        var skill = SkillCodes[random.Next(SkillCodes.Length)];
        var level = random.Next(10) switch { < 5 => 1, < 8 => 2, _ => 3 };
        var priority = random.Next(100) switch { < 55 => TicketPriority.Low, < 90 => TicketPriority.Normal, < 97 => TicketPriority.High, _ => TicketPriority.Critical };
        return new Requirement(skill, level, priority, OrleansCrm.ServiceDesk.Tickets.TicketRules.Weight(priority));
    }
}

public sealed record SpecialistSeed(
    Guid Id, string Name, IReadOnlyDictionary<string, int> Skills, int QualificationGrade, int Load, double Rating, DateTimeOffset LastAssignedAt);
