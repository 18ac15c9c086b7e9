using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.Sales.Storage;

namespace OrleansCrm.Benchmarks.Sales;

/// <summary>What the reports run over: the demo pipelines and the managers the deals are spread over.</summary>
internal sealed record SalesWorld(Guid SalesPipeline, Guid ClaimsPipeline, IReadOnlyList<Guid> Managers, IReadOnlyList<Guid> Clients, DateTime Now);

/// <summary>
/// Loads the sales tables straight, with binary COPY (no grain, no API: the reports read the tables, and 200,000 deals
/// through the product would take an hour): deals over the demo pipelines, their stage history, interactions, and the
/// tasks (with their Create and Done history) the activity report counts. Spread over the 24 months before now:
/// recent deals mostly open, older ones won or lost; deals go back a stage and forward again (an offer revised), some
/// won deals go to claims and back, as the robots move them. The stage-history total is exact: the back-and-forth pairs
/// are dealt out to fill it. The tables' secondary indexes are dropped for the load and made again after it; the funnel's
/// rows are then made from the loaded deals by the product's own backfill.
/// </summary>
internal static class SalesDataSet
{
    private static readonly string[] SalesStages = ["new", "qualified", "offer", "invoice", "paid"];
    private static readonly string[] Reasons = ["Дорого", "Обрали іншого постачальника", "Відклали проєкт", "Не відповідає"];
    private static readonly string[] Channels = ["Телефон", "Сайт", "E-mail", "Виставка"];
    private static readonly string[] Sources = ["Рекомендація", "Повторний клієнт", "Реклама", "Холодний дзвінок"];
    private static readonly long[] Amounts = [4_800_000, 1_440_000, 360_000, 65_000, 9_600_000, 850_000, 520_000];
    private static readonly string FunnelBackfill = EmbeddedMigrations.Load(typeof(SalesDb).Assembly, DatabaseProvider.PostgreSql)
        .Single(m => m.Name == "deal_funnel_backfill").Sql;
    private static readonly string ActivityBackfill = EmbeddedMigrations.Load(typeof(SalesDb).Assembly, DatabaseProvider.PostgreSql)
        .Single(m => m.Name == "activity_prev_backfill").Sql;

    private static readonly string[] Tables = ["sales.deals", "sales.deal_stages", "sales.interactions", "sales.tasks", "sales.task_history"];

    public static async Task<(int Deals, long Stays, int Interactions, int Tasks, long TaskHistory, TimeSpan Took)> LoadAsync(
        string connectionString, SalesWorld world, int deals, int stays, int interactions, int tasks)
    {
        var clock = Stopwatch.StartNew();
        await using var source = NpgsqlDataSource.Create(connectionString);
        var indexes = await DropIndexesAsync(source);

        var plan = Plan(world, deals, stays);
        await using (var dealsConnection = await source.OpenConnectionAsync())
        await using (var staysConnection = await source.OpenConnectionAsync())
        {
            await using var dealRows = await dealsConnection.BeginBinaryImportAsync(
                "COPY sales.deals (id, version, pipeline_id, stage, status, client_id, title, amount, currency, channel, source, owner_id, expected_close_on, won_amount, lost_reason, closed_at, created_at, updated_at, search_text) FROM STDIN (FORMAT BINARY)");
            await using var stayRows = await staysConnection.BeginBinaryImportAsync(
                "COPY sales.deal_stages (deal_id, seq, pipeline_id, stage, entered_at, left_at, by_user) FROM STDIN (FORMAT BINARY)");
            var random = new Random(1801);
            for (var i = 0; i < deals; i++)
            {
                await WriteDealAsync(dealRows, stayRows, world, plan[i], i, random);
            }

            await dealRows.CompleteAsync();
            await stayRows.CompleteAsync();
        }

        Console.WriteLine($"  deals and stage history in {clock.Elapsed.TotalSeconds:F0} s");
        await LoadInteractionsAsync(source, world, plan, interactions);
        Console.WriteLine($"  interactions in {clock.Elapsed.TotalSeconds:F0} s");
        var history = await LoadTasksAsync(source, world, plan, tasks);
        Console.WriteLine($"  tasks in {clock.Elapsed.TotalSeconds:F0} s");

        foreach (var create in indexes)
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(create, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }

        // The funnel's rows (sales.deal_funnel) of the loaded deals: the product's own backfill (migration 0053), run again.
        await using (var connection = await source.OpenConnectionAsync())
        await using (var funnel = new NpgsqlCommand(FunnelBackfill, connection) { CommandTimeout = 0 })
        {
            await funnel.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"  funnel rows in {clock.Elapsed.TotalSeconds:F0} s");
        // The activity report's previous moves and completions (migration 0056, run again); it also marks the months
        // (sales.activity_months) to be built again, which the benchmark does before it measures.
        await using (var connection = await source.OpenConnectionAsync())
        await using (var activity = new NpgsqlCommand(ActivityBackfill, connection) { CommandTimeout = 0 })
        {
            await activity.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"  previous moves and completions in {clock.Elapsed.TotalSeconds:F0} s");
        await using (var connection = await source.OpenConnectionAsync())
        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE", connection) { CommandTimeout = 0 })
        {
            await analyze.ExecuteNonQueryAsync();
        }

        return (deals, plan.Sum(p => (long)p.Stays), interactions, tasks, history, clock.Elapsed);
    }

    /// <summary>One deal's shape: where it got to, how it ended, and how many stays that made.</summary>
    private sealed record DealPlan(DateTime Created, byte Status, int Depth, bool Claims, Guid Owner, Guid Client, long Amount)
    {
        public int Pairs { get; set; }

        /// <summary>One stay more: the deal ends a stage back (it only makes the total exact).</summary>
        public bool StepBack { get; set; }

        public int Stays => Depth + 1 + 2 * Pairs + (Claims ? 5 : 0) + (StepBack ? 1 : 0);

        public Guid Id { get; } = Guid.CreateVersion7();
    }

    private static DealPlan[] Plan(SalesWorld world, int deals, int stays)
    {
        var random = new Random(18);
        var plans = new DealPlan[deals];
        for (var i = 0; i < deals; i++)
        {
            var age = TimeSpan.FromHours(1 + random.NextDouble() * 730 * 24);
            var recent = age < TimeSpan.FromDays(45);
            var roll = random.NextDouble();
            // status: 0 Open, 1 Won, 2 Lost (sales.deals)
            byte status = recent ? (roll < 0.65 ? (byte)0 : roll < 0.80 ? (byte)1 : (byte)2) : (roll < 0.04 ? (byte)0 : roll < 0.44 ? (byte)1 : (byte)2);
            var depth = status switch
            {
                1 => 4,
                2 => random.NextDouble() switch { < 0.25 => 0, < 0.60 => 1, < 0.85 => 2, _ => 3 },
                _ => random.Next(0, 5),
            };
            // A fifth of the managers take half the deals: the busy ones.
            var owner = random.NextDouble() < 0.5 ? world.Managers[random.Next(world.Managers.Count / 5)] : world.Managers[random.Next(world.Managers.Count)];
            plans[i] = new DealPlan(world.Now - age, status, depth, status == 1 && random.NextDouble() < 0.12, owner,
                world.Clients[random.Next(world.Clients.Count)], Amounts[random.Next(Amounts.Length)] * (50 + random.Next(150)) / 100);
        }

        var missing = stays - plans.Sum(p => (long)p.Stays);
        if (missing < 0)
        {
            throw new InvalidOperationException($"{stays:N0} stage-history rows are fewer than {deals:N0} deals' paths need.");
        }

        // Back-and-forth pairs to deals past their first stage, a third of them (the haggled ones) taking most.
        var movable = plans.Where(p => p.Depth >= 1).ToArray();
        var haggled = movable.Where((_, i) => i % 3 == 0).ToArray();
        for (var pairs = missing / 2; pairs > 0; pairs--)
        {
            (random.NextDouble() < 0.6 ? haggled[random.Next(haggled.Length)] : movable[random.Next(movable.Length)]).Pairs++;
        }

        if (missing % 2 == 1)
        {
            movable.First(p => p.Status == 0).StepBack = true;
        }

        return plans;
    }

    private static async Task WriteDealAsync(NpgsqlBinaryImporter dealRows, NpgsqlBinaryImporter stayRows, SalesWorld world, DealPlan deal, int number, Random random)
    {
        // The path: forward to its depth, with its pairs (back one stage and forward again) at random stages on the way.
        var path = new List<(Guid Pipeline, string Stage, bool Robot, bool Instant)>();
        var pairsAt = new int[deal.Depth + 1];
        for (var p = 0; p < deal.Pairs; p++)
        {
            pairsAt[1 + random.Next(deal.Depth)]++;
        }

        for (var s = 0; s <= deal.Depth; s++)
        {
            path.Add((world.SalesPipeline, SalesStages[s], false, false));
            for (var p = 0; p < pairsAt[s]; p++)
            {
                path.Add((world.SalesPipeline, SalesStages[s - 1], false, false));
                path.Add((world.SalesPipeline, SalesStages[s], false, false));
            }
        }

        if (deal.Claims)
        {
            // claim's robot hands the deal to claims at once, fixed's brings it back to paid (robot moves: by nobody)
            path.Add((world.SalesPipeline, "claim", false, true));
            path.Add((world.ClaimsPipeline, "review", true, false));
            path.Add((world.ClaimsPipeline, "fixing", false, false));
            path.Add((world.ClaimsPipeline, "fixed", false, true));
            path.Add((world.SalesPipeline, "paid", true, false));
        }

        if (deal.StepBack)
        {
            path.Add((world.SalesPipeline, SalesStages[deal.Depth - 1], false, false));
        }

        var age = world.Now - deal.Created;
        var closed = deal.Status != 0;
        // A closed deal took 3 days to 4 months (not past now); an open one's last stay began a while ago.
        var span = closed
            ? TimeSpan.FromTicks(Math.Min(age.Ticks, TimeSpan.FromDays(3 + random.NextDouble() * 117).Ticks))
            : age * (0.3 + 0.65 * random.NextDouble());
        var weights = path.Select(p => p.Instant ? 0 : -Math.Log(1 - random.NextDouble())).ToArray();
        // An open deal's span ends where its last stay begins: that stay has no share.
        var shares = closed ? weights.Sum() : weights.Take(weights.Length - 1).Sum();
        var at = deal.Created;
        for (var s = 0; s < path.Count; s++)
        {
            var last = s == path.Count - 1;
            DateTime? left = last && !closed ? null
                : last ? deal.Created + span
                : at + (shares == 0 ? TimeSpan.Zero : span * (weights[s] / shares));
            await stayRows.StartRowAsync();
            await stayRows.WriteAsync(deal.Id, NpgsqlDbType.Uuid);
            await stayRows.WriteAsync(s + 1, NpgsqlDbType.Integer);
            await stayRows.WriteAsync(path[s].Pipeline, NpgsqlDbType.Uuid);
            await stayRows.WriteAsync(path[s].Stage, NpgsqlDbType.Varchar);
            await stayRows.WriteAsync(at, NpgsqlDbType.TimestampTz);
            await Nullable(stayRows, left, NpgsqlDbType.TimestampTz);
            await Nullable(stayRows, path[s].Robot || (s > 0 && random.NextDouble() < 0.1) ? null : (Guid?)deal.Owner, NpgsqlDbType.Uuid);
            at = left ?? at;
        }

        var closedAt = closed ? deal.Created + span : (DateTime?)null;
        var title = $"Угода {number + 1}: {(number % 3 == 0 ? "Перехід на BAS" : number % 3 == 1 ? "Супровід 1С" : "M.E.Doc")}";
        await dealRows.StartRowAsync();
        await dealRows.WriteAsync(deal.Id, NpgsqlDbType.Uuid);
        await dealRows.WriteAsync(path.Count + (closed ? 1 : 0), NpgsqlDbType.Integer);
        await dealRows.WriteAsync(path[^1].Pipeline, NpgsqlDbType.Uuid);
        await dealRows.WriteAsync(path[^1].Stage, NpgsqlDbType.Varchar);
        await dealRows.WriteAsync((short)deal.Status, NpgsqlDbType.Smallint);
        await dealRows.WriteAsync(deal.Client, NpgsqlDbType.Uuid);
        await dealRows.WriteAsync(title, NpgsqlDbType.Varchar);
        await dealRows.WriteAsync(deal.Amount, NpgsqlDbType.Bigint);
        await dealRows.WriteAsync("UAH", NpgsqlDbType.Char);
        await dealRows.WriteAsync(Channels[number % Channels.Length], NpgsqlDbType.Varchar);
        await dealRows.WriteAsync(Sources[number % Sources.Length], NpgsqlDbType.Varchar);
        await dealRows.WriteAsync(deal.Owner, NpgsqlDbType.Uuid);
        await dealRows.WriteAsync(DateOnly.FromDateTime(deal.Created.AddDays(10 + random.Next(80))), NpgsqlDbType.Date);
        await Nullable(dealRows, deal.Status == 1 ? deal.Amount * (80 + random.Next(21)) / 100 : (long?)null, NpgsqlDbType.Bigint);
        await NullableText(dealRows, deal.Status == 2 ? Reasons[number % Reasons.Length] : null);
        await Nullable(dealRows, closedAt, NpgsqlDbType.TimestampTz);
        await dealRows.WriteAsync(deal.Created, NpgsqlDbType.TimestampTz);
        await dealRows.WriteAsync(closedAt ?? at, NpgsqlDbType.TimestampTz);
        await dealRows.WriteAsync(title.ToLowerInvariant(), NpgsqlDbType.Varchar);
    }

    /// <summary>Calls, meetings, e-mails and notes: nine in ten done at a moment of the 24 months, the rest planned around now.</summary>
    private static async Task LoadInteractionsAsync(NpgsqlDataSource source, SalesWorld world, DealPlan[] deals, int count)
    {
        var random = new Random(1802);
        await using var connection = await source.OpenConnectionAsync();
        await using var rows = await connection.BeginBinaryImportAsync(
            "COPY sales.interactions (id, version, idempotency_key, kind, client_id, deal_id, owner_id, planned_at, done_at, notes, created_at, updated_at) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < count; i++)
        {
            var deal = random.NextDouble() < 0.7 ? deals[random.Next(deals.Length)] : null;
            var owner = deal?.Owner ?? world.Managers[random.Next(world.Managers.Count)];
            var done = random.NextDouble() < 0.9;
            var moment = done ? world.Now.AddHours(-random.NextDouble() * 730 * 24) : world.Now.AddHours(-7 * 24 + random.NextDouble() * 37 * 24);
            var roll = random.NextDouble();
            short kind = roll < 0.45 ? (short)0 : roll < 0.60 ? (short)1 : roll < 0.90 ? (short)2 : (short)3;
            await rows.StartRowAsync();
            await rows.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
            await rows.WriteAsync(1, NpgsqlDbType.Integer);
            await rows.WriteAsync($"bench/interaction/{i}", NpgsqlDbType.Varchar);
            await rows.WriteAsync(kind, NpgsqlDbType.Smallint);
            await rows.WriteAsync(deal?.Client ?? world.Clients[random.Next(world.Clients.Count)], NpgsqlDbType.Uuid);
            await Nullable(rows, deal?.Id, NpgsqlDbType.Uuid);
            await rows.WriteAsync(owner, NpgsqlDbType.Uuid);
            await rows.WriteAsync(done ? moment.AddMinutes(-random.Next(60 * 24 * 3)) : moment, NpgsqlDbType.TimestampTz);
            await Nullable(rows, done ? moment : (DateTime?)null, NpgsqlDbType.TimestampTz);
            await rows.WriteAsync(i % 5 == 0 ? "Обговорили оновлення і ціну" : "Дзвінок щодо продовження", NpgsqlDbType.Text);
            await rows.WriteAsync(moment.AddDays(-1), NpgsqlDbType.TimestampTz);
            await rows.WriteAsync(moment, NpgsqlDbType.TimestampTz);
        }

        await rows.CompleteAsync();
    }

    /// <summary>Robots' and managers' tasks with their Create and (for four in five) Done history rows.</summary>
    private static async Task<long> LoadTasksAsync(NpgsqlDataSource source, SalesWorld world, DealPlan[] deals, int count)
    {
        var random = new Random(1803);
        long history = 0;
        await using var tasksConnection = await source.OpenConnectionAsync();
        await using var historyConnection = await source.OpenConnectionAsync();
        await using var taskRows = await tasksConnection.BeginBinaryImportAsync(
            "COPY sales.tasks (id, version, idempotency_key, title, executor_id, due_at, status, deal_id, deal_stage, client_id, created_at, updated_at, done_at) FROM STDIN (FORMAT BINARY)");
        await using var historyRows = await historyConnection.BeginBinaryImportAsync(
            "COPY sales.task_history (task_id, seq, at, action, actor_id, actor_name, from_status, to_status, executor_id) FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < count; i++)
        {
            var deal = deals[random.Next(deals.Length)];
            var id = Guid.CreateVersion7();
            var created = world.Now.AddHours(-random.NextDouble() * 730 * 24);
            DateTime? done = random.NextDouble() < 0.8 && created.AddHours(2) < world.Now ? created.AddHours(1 + random.NextDouble() * Math.Min(72, (world.Now - created).TotalHours - 1)) : null;
            // task status: 0 Set, 2 Done (sales.tasks)
            short status = done is null ? (short)0 : (short)2;
            await taskRows.StartRowAsync();
            await taskRows.WriteAsync(id, NpgsqlDbType.Uuid);
            await taskRows.WriteAsync(done is null ? 1 : 2, NpgsqlDbType.Integer);
            await taskRows.WriteAsync($"bench/task/{i}", NpgsqlDbType.Varchar);
            await taskRows.WriteAsync("Надіслати КП", NpgsqlDbType.Varchar);
            await taskRows.WriteAsync(deal.Owner, NpgsqlDbType.Uuid);
            await taskRows.WriteAsync(created.AddHours(4), NpgsqlDbType.TimestampTz);
            await taskRows.WriteAsync(status, NpgsqlDbType.Smallint);
            await taskRows.WriteAsync(deal.Id, NpgsqlDbType.Uuid);
            await taskRows.WriteAsync("offer", NpgsqlDbType.Varchar);
            await taskRows.WriteAsync(deal.Client, NpgsqlDbType.Uuid);
            await taskRows.WriteAsync(created, NpgsqlDbType.TimestampTz);
            await taskRows.WriteAsync(done ?? created, NpgsqlDbType.TimestampTz);
            await Nullable(taskRows, done, NpgsqlDbType.TimestampTz);

            await HistoryAsync(1, created, "Create", null, 0);
            if (done is { } finished)
            {
                await HistoryAsync(2, finished, "Done", 0, 2);
            }

            async Task HistoryAsync(int seq, DateTime at, string action, short? from, short to)
            {
                history++;
                await historyRows.StartRowAsync();
                await historyRows.WriteAsync(id, NpgsqlDbType.Uuid);
                await historyRows.WriteAsync(seq, NpgsqlDbType.Integer);
                await historyRows.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await historyRows.WriteAsync(action, NpgsqlDbType.Varchar);
                await NullableText(historyRows, seq == 1 ? null : deal.Owner.ToString());
                await historyRows.WriteAsync(seq == 1 ? "Робот" : "Менеджер", NpgsqlDbType.Varchar);
                await Nullable(historyRows, from, NpgsqlDbType.Smallint);
                await historyRows.WriteAsync(to, NpgsqlDbType.Smallint);
                await historyRows.WriteAsync(deal.Owner, NpgsqlDbType.Uuid);
            }
        }

        await taskRows.CompleteAsync();
        await historyRows.CompleteAsync();
        return history;
    }

    /// <summary>Drops the loaded tables' secondary indexes (not their keys) and returns the statements that make them again.</summary>
    private static async Task<List<string>> DropIndexesAsync(NpgsqlDataSource source)
    {
        await using var connection = await source.OpenConnectionAsync();
        var indexes = new List<(string Name, string Create)>();
        await using (var list = new NpgsqlCommand("""
            SELECT i.schemaname || '.' || i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname || '.' || i.tablename = ANY(@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')
            """, connection))
        {
            list.Parameters.AddWithValue("tables", Tables);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX {name}", connection);
            await drop.ExecuteNonQueryAsync();
        }

        return indexes.Select(i => i.Create).ToList();
    }

    private static Task Nullable<T>(NpgsqlBinaryImporter rows, T? value, NpgsqlDbType type) where T : struct =>
        value is { } some ? rows.WriteAsync(some, type) : rows.WriteNullAsync();

    private static Task NullableText(NpgsqlBinaryImporter rows, string? value) =>
        value is null ? rows.WriteNullAsync() : rows.WriteAsync(value, NpgsqlDbType.Varchar);
}
