using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansCrm.Host.Persistence;
using Xunit.Abstractions;

namespace OrleansCrm.Host.Tests.Persistence.Golden;

/// <summary>
/// Grain states as the product stored them, read back field by field: a stored type that changes incompatibly (a field
/// id reused or retyped, a renamed state type, a renumbered enum, a field the packing drops) fails here, not in a
/// customer's database. Payloads are <c>Golden/&lt;StateType&gt;/&lt;n&gt;.b64</c>; how to add one: Golden/README.md.
/// </summary>
public sealed class GoldenPayloadTests(ITestOutputHelper output)
{
    /// <summary>
    /// Members added to a state after its first payloads: "Type.Member" → the first payload number that holds it. Older
    /// payloads are not checked for it (they read it as its default). Add an entry with every new field.
    /// </summary>
    private static readonly Dictionary<string, int> AddedIn = new()
    {
        ["TicketState.Number"] = 2,
        ["TicketHistoryEntry.Text"] = 2,
        ["ContractState.SuspendedOn"] = 2,
        ["ContractState.SuspensionReason"] = 2,
        ["ContractState.Suspensions"] = 3,
        ["ContractState.WithdrawnTerminationOn"] = 3,
        ["ContractState.TextEdited"] = 3,
        ["ContractState.OwnText"] = 3,
    };

    /// <summary>Write-only members kept to read older states ("read, never written"): always null, nothing to fill.</summary>
    private static readonly HashSet<string> LegacyReadOnly =
    [
        "SpecialistState.StoredOpenTickets",
        "SpecialistState.StoredLastApplied",
        "SpecialistState.StoredResolvedAt",
    ];

    private static readonly BinaryGrainStateSerializer Storage = new(new ServiceCollection()
        .AddSerializer(builder =>
        {
            foreach (var state in GoldenStates.All.Keys)
            {
                builder.AddAssembly(state.Assembly);
            }
        })
        .BuildServiceProvider().GetRequiredService<Serializer>());

    public static TheoryData<string> States => [.. GoldenStates.All.Keys.Select(t => t.Name)];

    [Fact]
    public void Every_persistent_state_of_every_grain_has_a_golden_sample()
    {
        var stored = StateShape.PersistentStates().Select(s => s.State).Distinct().OrderBy(t => t.FullName).ToList();

        Assert.NotEmpty(stored);
        Assert.Equal(stored, GoldenStates.All.Keys.OrderBy(t => t.FullName));
    }

    [Theory]
    [MemberData(nameof(States))]
    public void Every_sample_fills_every_field(string state)
    {
        var sample = GoldenStates.All[Type(state)]();

        Assert.Empty(StateShape.Unfilled(sample, LegacyReadOnly));
    }

    [Theory]
    [MemberData(nameof(States))]
    public void Every_golden_payload_reads_back_every_field(string state)
    {
        var payloads = Payloads(state);
        Assert.True(payloads.Count > 0, $"No golden payload for {state}: run the tests once with CRM_WRITE_GOLDEN=1 (Golden/README.md).");
        var newest = payloads[^1].Number;
        Assert.All(AddedIn.Where(a => a.Key.StartsWith(state + ".", StringComparison.Ordinal)), added =>
            Assert.True(added.Value <= newest, $"{added.Key} is added in payload {added.Value}, which is not written yet: run with CRM_WRITE_GOLDEN=1."));

        foreach (var (number, bytes) in payloads)
        {
            var read = Read(state, bytes);
            var differences = StateShape.Differences(GoldenStates.All[Type(state)](), read, member => AddedIn.TryGetValue(member, out var since) && since > number);
            Assert.True(differences.Count == 0, $"{state} payload {number} no longer reads as written:\n" + string.Join("\n", differences));
        }
    }

    [Theory]
    [MemberData(nameof(States))]
    public void The_current_state_round_trips_through_the_stored_format(string state)
    {
        var sample = GoldenStates.All[Type(state)]();

        var read = Read(state, Write(sample));

        Assert.Empty(StateShape.Differences(sample, read));
    }

    /// <summary>
    /// With <c>CRM_WRITE_GOLDEN=1</c>, writes a new payload of every state whose newest payload does not read back as
    /// today's sample (a field was added), numbered after the last one; old payloads are never touched.
    /// </summary>
    [Fact]
    public void Writes_a_new_golden_payload_when_asked()
    {
        if (Environment.GetEnvironmentVariable("CRM_WRITE_GOLDEN") != "1")
        {
            return;
        }

        foreach (var (type, sample) in GoldenStates.All)
        {
            var payloads = Payloads(type.Name);
            if (payloads.Count > 0 && StateShape.Differences(sample(), Read(type.Name, payloads[^1].Bytes)).Count == 0)
            {
                continue;
            }

            var folder = Path.Combine(SourceFolder(), type.Name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{(payloads.Count == 0 ? 1 : payloads[^1].Number + 1)}.b64");
            File.WriteAllText(path, Convert.ToBase64String(Write(sample())) + "\n");
            output.WriteLine("written " + path);
        }
    }

    private static Type Type(string state) => GoldenStates.All.Keys.Single(t => t.Name == state);

    private static byte[] Write(object state) =>
        ((BinaryData)typeof(BinaryGrainStateSerializer).GetMethod(nameof(BinaryGrainStateSerializer.Serialize))!
            .MakeGenericMethod(state.GetType()).Invoke(Storage, [state])!).ToArray();

    private static object Read(string state, byte[] payload) =>
        typeof(BinaryGrainStateSerializer).GetMethod(nameof(BinaryGrainStateSerializer.Deserialize))!
            .MakeGenericMethod(Type(state)).Invoke(Storage, [new BinaryData(payload)])!;

    private static List<(int Number, byte[] Bytes)> Payloads(string state)
    {
        var folder = Path.Combine(SourceFolder(), state);
        return !Directory.Exists(folder)
            ? []
            : Directory.GetFiles(folder, "*.b64")
                .Select(path => (Number: int.Parse(Path.GetFileNameWithoutExtension(path), System.Globalization.CultureInfo.InvariantCulture), Bytes: Convert.FromBase64String(File.ReadAllText(path).Trim())))
                .OrderBy(p => p.Number)
                .ToList();
    }

    /// <summary>Read from the source tree, not the build output, so a payload just written is read without a rebuild.</summary>
    private static string SourceFolder([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}
