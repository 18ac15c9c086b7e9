using System.Globalization;
using System.Text;
using OrleansCrm.Benchmarks.Billing;
using OrleansCrm.Benchmarks.ServiceDesk;

namespace OrleansCrm.Benchmarks.Sales;

/// <summary>benchmarks/results/sales.md: the summary table first (goal, measured, met), then the rows and the method.</summary>
internal static class SalesReport
{
    public const double ReportGoalMs = 100;
    public const double MoveGoalMs = 50;

    public static string Write(IReadOnlyList<SalesBenchmark.ReportRun> reports, SalesBenchmark.MoveResults moves, SalesWorld world, string loaded,
        MachineLoad before, MachineLoad after, TimeSpan whole, string server)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var underLoad = before.Loaded || after.Loaded ? " (under load)" : "";
        text.AppendLine("# Sales: the funnel, plan and activity reports, and a deal move with its robot (PostgreSQL)");
        text.AppendLine();
        text.AppendLine("| goal | measured in this run | met |");
        text.AppendLine("|---|---|---|");
        foreach (var report in reports.GroupBy(r => r.Report))
        {
            var worst = report.MaxBy(r => r.Samples.Percentile(95))!;
            var met = report.All(r => r.Samples.Percentile(95) <= ReportGoalMs);
            text.AppendLine(culture, $"| the {report.Key} report through the API: p95 ≤ {ReportGoalMs:F0} ms in every variant | worst p95 **{worst.Samples.Percentile(95):F1} ms** ({worst.Variant}); best {report.Min(r => r.Samples.Percentile(95)):F1} ms; {report.Count()} variants | {(met ? "yes" : "**no**")}{underLoad} |");
        }

        var openMet = moves.Failed == 0 && moves.Open.Count > 0 && moves.Open.Percentile(99) <= MoveGoalMs;
        var robotMet = moves.TasksMissing == 0 && moves.OpenToTask.Count > 0 && moves.OpenToTask.Percentile(99) <= MoveGoalMs;
        text.AppendLine(culture, $"| a deal move (`POST /api/deals/{{id}}/move` into a stage whose robot creates a task): p99 ≤ {MoveGoalMs:F0} ms at half its peak rate | answer p99 **{moves.Open.Percentile(99):F1} ms** (p50 {moves.Open.Percentile(50):F1}, p95 {moves.Open.Percentile(95):F1}) at {moves.Open.PerSecond:F0} moves/s, open loop | {(openMet ? "yes" : "**no**")}{underLoad} |");
        text.AppendLine(culture, $"| … with its robot: until the robot's task is stored | p99 **{(moves.OpenToTask.Count > 0 ? moves.OpenToTask.Percentile(99).ToString("F1", culture) : "—")} ms** (p50 {(moves.OpenToTask.Count > 0 ? moves.OpenToTask.Percentile(50).ToString("F1", culture) : "—")}){(moves.TasksMissing > 0 ? $", {moves.TasksMissing} tasks missing" : "")} | {(robotMet ? "yes" : "**no**")}{underLoad} |");
        text.AppendLine(culture, $"| the peak, against PostgreSQL's single-row insert rate (same run, as many connections) | {moves.Peak.PerSecond:F0} moves/s with {moves.Peak.Concurrency} clients (p99 {moves.Peak.Percentile(99):F1} ms) = **{moves.Peak.PerSecond / moves.Baseline.PerSecond:P1}** of {moves.Baseline.PerSecond:N0} inserts/s | (no goal) |");
        text.AppendLine();
        text.AppendLine(culture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `benchmarks/run.sh sales` on {Environment.ProcessorCount} cores, .NET {Environment.Version} (Release), PostgreSQL {server} on the same machine. Whole run {whole.TotalSeconds:F0} s. {MachineLoad.Note(before, after)}");
        text.AppendLine();
        text.AppendLine(culture, $"**Method.** The product runs as itself inside the benchmark's process (`ProductHost`: its `Program`, Kestrel on 127.0.0.1, one silo, `Crm:Database:Provider=PostgreSQL`) with its demo data (`Crm:Demo:Seed=true`: the pipelines «Продажі» and «Рекламації» linked to it, the 200 demo clients, the demo managers and their deals, plans and activities). The managers are the two demo ones and {world.Managers.Count - 2} Manager users made through the user API ({world.Managers.Count} in all; a fifth of them own half the deals). The sales tables were {loaded}: deals spread over the 24 months before the load, recent ones mostly open and older ones won or lost; each a path through the stages with offers revised (back a stage and forward again) and an eighth of the won ones handed to claims and back, as the robots move them. Plans for every month were set through `PUT /api/plans/{{period}}`. The reports are requested through the HTTP API as a SalesHead (`HttpClient`, one request at a time, after 2 untimed ones up to 100 timed requests per variant or as many as 30 s allowed, at least 20: the count is in the table); latency is the client's, request to the whole answer read. The funnel for both pipelines, the last whole month and the last whole quarter, all owners and one (the busiest manager); the plan report for last month and this month (it takes a month); the activity report for the month and the quarter (it has no owner filter: one report for all).");
        text.AppendLine();
        text.AppendLine("Deal moves: deals opened through `POST /api/deals` in «Продажі» (demo clients, the managers as owners) and moved, untimed, to «Кваліфікація»; the timed move takes each to «Комерційна пропозиція», whose robot creates the owner's task «Надіслати КП» (due in 4 working hours), as a SalesHead. The answer comes once the deal's state and its row and stage-history rows are stored; the robot runs from the deal's stored outbox right after, so \"with its robot\" is measured to the task's `created_at` (the product's clock, which is this process's). Each deal is moved once. Closed loops (N clients, each sending its next move when the last answered, up to the count or 8 s), each right after PostgreSQL's single-row insert baseline (N Npgsql connections, each a prepared one-row `INSERT`, autocommit, 5 s, the service-desk benchmark's `InsertBaseline`); the best closed loop is the peak. Then an open loop: a move due every 1/rate s at half the peak rate whatever the answers, latency counted from the moment it was due. The measured writes run with `synchronous_commit=on` (the load ran with it off).");
        text.AppendLine();
        text.AppendLine("## Reports");
        text.AppendLine();
        text.AppendLine("| report | variant | requests | p50 ms | p95 ms | p99 ms | answer bytes | goal p95 | met | CPU |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var run in reports)
        {
            var s = run.Samples;
            text.AppendLine(culture, $"| {run.Report} | {run.Variant} | {s.Count} | {s.Percentile(50):F1} | {s.Percentile(95):F1} | {s.Percentile(99):F1} | {run.Bytes:N0} | ≤ {ReportGoalMs:F0} | {(s.Percentile(95) <= ReportGoalMs ? "yes" : "**no**")} | {s.Cpu} |");
        }

        text.AppendLine();
        text.AppendLine("## Deal moves");
        text.AppendLine();
        text.AppendLine("| run | clients / rate | moves | seconds | per second | p50 ms | p95 ms | p99 ms | / inserts (same connections) | CPU (all / this process / PostgreSQL / other) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        void Row(string name, Samples s, string clients, string ratio) =>
            text.AppendLine(culture, $"| {name} | {clients} | {s.Count:N0} | {s.Elapsed.TotalSeconds:F1} | {s.PerSecond:F1} | {s.Percentile(50):F1} | {s.Percentile(95):F1} | {s.Percentile(99):F1} | {ratio} | {s.Cpu} |");
        Row("closed loop, unloaded", moves.Unloaded, "1", "");
        foreach (var (baseline, closed) in moves.Closed)
        {
            Row($"single-row INSERT baseline", baseline, baseline.Concurrency.ToString(culture), "");
            Row(closed == moves.Peak ? "closed loop (peak)" : "closed loop", closed, closed.Concurrency.ToString(culture), (closed.PerSecond / baseline.PerSecond).ToString("P1", culture));
        }

        Row("open loop at half the peak: the answer", moves.Open, moves.Rate.ToString("F0", culture) + "/s", "");
        if (moves.OpenToTask.Count > 0)
        {
            text.AppendLine(culture, $"| open loop: until the robot's task is stored | | {moves.OpenToTask.Count:N0} | | | {moves.OpenToTask.Percentile(50):F1} | {moves.OpenToTask.Percentile(95):F1} | {moves.OpenToTask.Percentile(99):F1} | | |");
        }

        text.AppendLine();
        text.AppendLine(culture, $"Moves refused or failed: {moves.Failed}; robot tasks missing after 10 s: {moves.TasksMissing}.");
        return text.ToString();
    }
}
