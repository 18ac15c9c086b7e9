using System.Diagnostics;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Testing;
using Xunit.Abstractions;

namespace OrleansCrm.ServiceDesk.Tests.Properties;

/// <summary>
/// Random sequences of what people do at a service desk — create specialists, open tickets, accept, decline, start,
/// pause, resolve, close, reopen, cancel, redirect, change availability, rebalance; each valid or not — through the
/// API of one real host on SQLite, with every invariant of <see cref="DispatchInvariants"/> checked after every step.
/// Each case has a seed of its own (its skill code too), so a failure names the seed that repeats it:
/// <c>DISPATCH_PROPERTY_SEED=n dotnet test tests/ServiceDesk.Tests --filter FullyQualifiedName~Properties</c>.
/// </summary>
public sealed class DispatcherPropertyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Cases = 30;
    private const int Operations = 40;
    private const int FirstSeed = 20260500;

    private TestDatabase _database = null!;
    private CrmHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _host = _database.StartHost();
        _http = _host.Http();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_dispatcher_keeps_its_invariants_over_random_operations()
    {
        var seeds = int.TryParse(Environment.GetEnvironmentVariable(DispatchCase.SeedVariable), out var only)
            ? [only]
            : Enumerable.Range(FirstSeed, int.TryParse(Environment.GetEnvironmentVariable(DispatchCase.CasesVariable), out var cases) ? cases : Cases).ToArray();
        var total = new DispatchStats();
        var clock = Stopwatch.StartNew();
        foreach (var seed in seeds)
        {
            var dispatch = new DispatchCase(_http, seed);
            await dispatch.StartAsync();
            for (var i = 0; i < Operations; i++)
            {
                await dispatch.StepAsync();
            }

            await dispatch.FinishAsync();
            total.Add(dispatch.Stats);
        }

        output.WriteLine($"{seeds.Length} cases × {Operations} operations in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(total.ToString());
    }
}
