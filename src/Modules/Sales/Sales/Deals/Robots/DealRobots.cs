using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.Ids;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Activities;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Lifecycle;
using OrleansCrm.Sales.Deals.Pipelines;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Sales.Storage;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.Robots;

/// <summary>
/// What a stage's robots do when a deal has entered it, run from the deal's outbox after the commit. Each effect carries
/// the key <c>robot:{deal}:{seq}:{index}</c>, so a delivery repeated after a lost answer makes nothing twice. A
/// MoveToPipeline robot is not here: the grain follows it in the change itself.
/// </summary>
internal sealed class DealRobots(
    IServiceProvider services, PipelineStore pipelines, WorkCalendar calendar, ILiveFeed feed, ISender sender, SalesDb db, AuditLog audit, TimeProvider time)
{
    /// <summary>Activities implements the tasks and interactions; resolved on use, so deals run before it is wired.</summary>
    private IDealActivities Activities => services.GetRequiredService<IDealActivities>();

    /// <param name="pipeline">The pipeline entered, when the change that entered it has just read it.</param>
    /// <returns>The invoice a DraftInvoice robot made (or had made before), for the deal to remember.</returns>
    public async Task<Guid?> RunAsync(DealDetails deal, DealMessage entered, Pipeline? pipeline = null)
    {
        Guid? invoice = null;
        pipeline ??= await pipelines.GetAsync(entered.PipelineId);
        var robots = pipeline?.Stage(entered.Stage)?.Robots ?? [];
        for (var index = 0; index < robots.Count; index++)
        {
            var robot = robots[index];
            var key = $"robot:{deal.Id:D}:{entered.Seq}:{index}";
            switch (robot.Kind)
            {
                case RobotKind.CreateTask:
                    var (executor, note) = await TaskExecutorAsync(robot, deal, key);
                    await Activities.CreateTasksAsync(
                        new NewTask(robot.Title!, note is null ? robot.Text : string.Join("\n\n", new[] { robot.Text, note }.OfType<string>()), null,
                            Due(entered.At, robot.DueAfter), deal.Id, entered.Stage, deal.ClientId, null, key),
                        [executor], CancellationToken.None);
                    break;
                case RobotKind.Notify:
                    foreach (var user in await NoticeAssigneesAsync(robot, deal))
                    {
                        // A live notice is gone once shown: a repeat shows it again, which is harmless.
                        feed.Publish(new DealNotice(user, deal.Id, deal.Title, "Sales.Notice_Robot", [robot.Text ?? "", entered.Stage], time.GetUtcNow()));
                    }

                    break;
                case RobotKind.PlanInteraction:
                    await Activities.PlanInteractionAsync(
                        new NewInteraction(robot.Interaction ?? InteractionKind.Call, deal.ClientId, null, deal.Id, deal.OwnerId,
                            Due(entered.At, robot.DueAfter), robot.Title, key),
                        CancellationToken.None);
                    break;
                case RobotKind.DraftInvoice:
                    var drafted = await sender.Send(new DraftInvoiceFromContract(deal.ClientId, deal.Id, deal.Amount > 0 ? deal.Amount : null, deal.Title, key));
                    invoice = drafted?.InvoiceId ?? invoice;
                    break;
                case RobotKind.MoveToPipeline:
                    break; // made with the change itself
            }
        }

        return invoice;
    }

    /// <summary>A pause ended: a task for the owner, due by the end of the working day, and a notice now.</summary>
    public async Task RemindPauseEndedAsync(DealDetails deal, DealMessage ended)
    {
        var key = $"pause:{deal.Id:D}:{ended.PausedUntil:yyyy-MM-dd}";
        var due = calendar.AddWorkingTime(ended.At, TimeSpan.FromHours(4));
        await Activities.CreateTasksAsync(
            new NewTask(ServerTexts.Render(SalesTexts.Say("PauseEndedTask", deal.Title)), null, null, due, deal.Id, null, deal.ClientId, null, key),
            [deal.OwnerId], CancellationToken.None);
        feed.Publish(new DealNotice(deal.OwnerId, deal.Id, deal.Title, "Sales.Notice_PauseEnded", [ended.PausedUntil?.ToString("yyyy-MM-dd") ?? ""], time.GetUtcNow()));
    }

    /// <summary>The due time: the delay counted in working time from the moment the deal entered the stage (not from now: a late delivery is not later work).</summary>
    public DateTimeOffset Due(DateTimeOffset from, string? dueAfter)
    {
        if (!WorkingDelay.TryParse(dueAfter, out var delay))
        {
            return calendar.NextWorkingMoment(from);
        }

        return delay.Days > 0 ? calendar.AddWorkingDays(from, delay.Days) : calendar.AddWorkingTime(from, delay.Time);
    }

    /// <summary>Who a notice goes to: the owner, or every active user of the role (the owner when the role has none).</summary>
    private async Task<IReadOnlyList<Guid>> NoticeAssigneesAsync(StageRobot robot, DealDetails deal) =>
        robot.Assignee is null or DealFieldNames.Assignee ? [deal.OwnerId]
        : (await sender.Send(new GetUsersInRole(robot.Assignee))).Select(u => u.Id).ToList() is { Count: > 0 } users ? users : [deal.OwnerId];

    /// <summary>
    /// Who does a robot's task: the owner, or the role's active user with the fewest open sales tasks (ties by name). A role
    /// with no active user gives it to the owner, and says so in the task's description and the deal's audit trail (the
    /// entry keyed by the robot's key: a repeated delivery writes it once).
    /// </summary>
    private async Task<(Guid Executor, string? Note)> TaskExecutorAsync(StageRobot robot, DealDetails deal, string key)
    {
        if (robot.Assignee is null or DealFieldNames.Assignee)
        {
            return (deal.OwnerId, null);
        }

        var users = await sender.Send(new GetUsersInRole(robot.Assignee));
        if (users.Count > 0)
        {
            var open = await Activities.CountOpenTasksAsync(users.Select(u => u.Id).ToList(), CancellationToken.None);
            return (RobotAssignment.Pick(users, open).Id, null);
        }

        var note = ServerTexts.Render(SalesTexts.Say("RobotRoleHasNobody", robot.Assignee));
        await using var connection = await db.OpenAsync();
        await audit.WriteAsync(connection, null, new AuditEntry(DeterministicGuid.Create("audit", key + ":assignee"), "deal", deal.Id.ToString(), null,
            SalesTexts.Module, AuditContext.Current ?? AuditActor.Product, time.GetUtcNow(), "RobotAssignedToOwner",
            [new AuditChange("assignee", robot.Assignee, deal.OwnerId.ToString())]), CancellationToken.None);
        return (deal.OwnerId, note);
    }
}

/// <summary>Which of a role's users takes a robot's task: the fewest open tasks, then the first by name (plain, unit-tested).</summary>
internal static class RobotAssignment
{
    public static RoleUser Pick(IReadOnlyList<RoleUser> users, IReadOnlyDictionary<Guid, int> openTasks) =>
        users.OrderBy(u => openTasks.GetValueOrDefault(u.Id)).ThenBy(u => u.UserName, StringComparer.Ordinal).ThenBy(u => u.Id).First();
}
