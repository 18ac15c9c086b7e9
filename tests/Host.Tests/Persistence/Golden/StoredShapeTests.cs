using System.Reflection;
using System.Runtime.CompilerServices;
using OrleansCrm.Staff.Specialists;

namespace OrleansCrm.Host.Tests.Persistence.Golden;

/// <summary>
/// What the stored format depends on besides the golden payloads: enums are written as numbers, so every stored enum's
/// names and numbers are listed in StoredEnums.txt and must match exactly (a renumbered, removed or unlisted member
/// fails); a member without <c>[Id]</c> is silently not stored, and a hand-packed type silently drops a field its
/// packing does not know.
/// </summary>
public sealed class StoredShapeTests
{
    /// <summary>
    /// Members that carry no <c>[Id]</c> on purpose: stored through another member that packs them. Adding one here
    /// means its packing writes and reads it (the golden round trip checks that it does).
    /// </summary>
    private static readonly Dictionary<string, string> PackedElsewhere = new()
    {
        ["SpecialistState.OpenTickets"] = "SpecialistState.PackedWork",
        ["SpecialistState.LastApplied"] = "SpecialistState.PackedWork",
        ["SpecialistArchive.Applied"] = "SpecialistArchive.Packed",
    };

    /// <summary>The fields SpecialistWork packs per entry, in its layout's order. Change with the packing and its format byte.</summary>
    private static readonly Dictionary<Type, string[]> HandPacked = new()
    {
        [typeof(OpenTicket)] = [nameof(OpenTicket.TicketId), nameof(OpenTicket.Weight), nameof(OpenTicket.Sequence)],
        [typeof(AppliedWork)] = [nameof(AppliedWork.Sequence), nameof(AppliedWork.AppliedAt)],
    };

    private static IReadOnlySet<Type> StoredTypes => StateShape.Reachable(GoldenStates.All.Keys);

    [Fact]
    public void Every_stored_enum_keeps_the_names_and_numbers_listed_in_StoredEnums_txt()
    {
        var stored = StoredTypes.Select(t => Nullable.GetUnderlyingType(t) ?? t).Where(t => t.IsEnum).ToList();

        Assert.NotEmpty(stored);
        var problems = EnumProblems(ListedEnums(), stored).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_enum_check_catches_a_renumbered_an_added_and_an_unlisted_member()
    {
        var listed = Parse(
        [
            "# a comment",
            "OrleansCrm.ServiceDesk.Contracts.TicketChannel: Phone=0 Email=1 Web=2 Assistant=3 Scheduled=4", // as it is
            "OrleansCrm.ServiceDesk.Contracts.TicketPriority: Low=0 Normal=1 High=3 Critical=4", // as if High had been inserted
            "OrleansCrm.Staff.Contracts.WorkEventKind: Assigned=0", // as if the others were added unlisted
            "OrleansCrm.Gone.Contracts.OldKind: Only=0", // renamed or moved
        ]);
        Type[] stored = [typeof(ServiceDesk.Contracts.TicketChannel), typeof(ServiceDesk.Contracts.TicketPriority), typeof(Staff.Contracts.WorkEventKind), typeof(Clients.Contracts.ClientKind)];

        var problems = EnumProblems(listed, stored).ToList();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("OrleansCrm.ServiceDesk.Contracts.TicketPriority changed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("OrleansCrm.Staff.Contracts.WorkEventKind changed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("OrleansCrm.Gone.Contracts.OldKind in StoredEnums.txt no longer exists", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("OrleansCrm.Clients.Contracts.ClientKind is stored", StringComparison.Ordinal));
    }

    /// <summary>Every stored enum must be listed; every listed enum must exist with exactly the listed names and numbers.</summary>
    private static IEnumerable<string> EnumProblems(IReadOnlyDictionary<string, Dictionary<string, long>> listed, IEnumerable<Type> stored)
    {
        foreach (var type in stored.Where(t => !listed.ContainsKey(t.FullName!)))
        {
            yield return $"{type.FullName} is stored in grain state but not listed in StoredEnums.txt: give its members explicit values and list them.";
        }

        var known = ProductEnums.Concat(stored).DistinctBy(t => t.FullName).ToDictionary(t => t.FullName!);
        foreach (var (name, expected) in listed)
        {
            if (!known.TryGetValue(name, out var type))
            {
                yield return $"{name} in StoredEnums.txt no longer exists: a stored enum was renamed or moved, and stored rows may name it.";
                continue;
            }

            var actual = Enum.GetNames(type).ToDictionary(n => n, n => Convert.ToInt64(Enum.Parse(type, n), System.Globalization.CultureInfo.InvariantCulture));
            if (expected.Count != actual.Count || !expected.All(e => actual.TryGetValue(e.Key, out var v) && v == e.Value))
            {
                yield return $"{name} changed: listed {Show(expected)}, now {Show(actual)}. Stored numbers must not change; a new member takes a new number and is listed on purpose.";
            }
        }
    }

    [Fact]
    public void Every_stored_member_has_an_id_or_is_packed_by_one_that_has()
    {
        var unstored = StoredTypes.Where(StateShape.IsProductType)
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetCustomAttribute<IdAttribute>() is null && !PackedElsewhere.ContainsKey(StateShape.Key(p)))
            .Select(StateShape.Key)
            .ToList();

        Assert.True(unstored.Count == 0, "Settable members of stored types that Orleans will not store (no [Id]): " + string.Join(", ", unstored));
        Assert.All(PackedElsewhere.Values, packer => Assert.Contains(StoredTypes.Where(StateShape.IsProductType).SelectMany(StateShape.Members),
            m => StateShape.Key(m) == packer && m.GetCustomAttribute<IdAttribute>() is not null));
    }

    [Fact]
    public void Hand_packed_types_have_exactly_the_fields_their_packing_writes()
    {
        foreach (var (type, packed) in HandPacked)
        {
            var stored = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetCustomAttribute<IdAttribute>() is not null)
                .OrderBy(p => p.GetCustomAttribute<IdAttribute>()!.Id).Select(p => p.Name).ToArray();
            Assert.True(stored.SequenceEqual(packed),
                $"{type.Name} has the fields [{string.Join(", ", stored)}] but SpecialistWork packs [{string.Join(", ", packed)}]: "
                + "extend the packing (with a new format byte that still reads format 1), then this list.");
        }
    }

    private static IEnumerable<Type> ProductEnums => Architecture.ProductAssemblies.All.SelectMany(a => a.GetTypes()).Where(t => t.IsEnum);

    private static Dictionary<string, Dictionary<string, long>> ListedEnums([CallerFilePath] string source = "") =>
        Parse(File.ReadAllLines(Path.Combine(Path.GetDirectoryName(source)!, "StoredEnums.txt")));

    private static Dictionary<string, Dictionary<string, long>> Parse(IEnumerable<string> lines) =>
        lines.Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':', 2))
            .ToDictionary(
                parts => parts[0].Trim(),
                parts => parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('='))
                    .ToDictionary(p => p[0], p => long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)));

    private static string Show(IReadOnlyDictionary<string, long> members) => string.Join(" ", members.OrderBy(m => m.Value).Select(m => $"{m.Key}={m.Value}"));
}
