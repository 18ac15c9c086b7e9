using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Billing.Contracts;
using OrleansCrm.BuildingBlocks.Calendar;
using OrleansCrm.BuildingBlocks.LiveFeed;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.Sales.Activities;
using OrleansCrm.Sales.Contracts;
using OrleansCrm.Sales.Deals.Lifecycle;
using OrleansCrm.Sales.Deals.Pipelines;
using OrleansCrm.Sales.Texts;

namespace OrleansCrm.Sales.Deals.Robots;

/// <summary>
/// What a stage's robots do when a deal has entered it, run from the deal's outbox after the commit. Each effect carries
/// the key <c>robot:{deal}:{seq}:{index}</c>, so a delivery repeated after a lost answer makes nothing twice. A
/// MoveToPipeline robot is not here: the grain follows it in the change itself.
/// </summary>
internal sealed class DealRobots(IServiceProvider services, PipelineStore pipelines, WorkCalendar calendar, ILiveFeed feed, ISender sender, TimeProvider time)
{
    /// <summary>Activities implements the tasks and interactions; resolved on use, so deals run before it is wired.</summary>
    private IDealActivities Activities => services.GetRequiredService<IDealActivities>();

    /// <returns>The invoice a DraftInvoice robot made (or had made before), for the deal to remember.</returns>
    public async Task<Guid?> RunAsync(DealDetails deal, DealMessage entered)
    {
        Guid? invoice = null;
        var pipeline = await pipelines.GetAsync(entered.PipelineId);
        var robots = pipeline?.Stage(entered.Stage)?.Robots ?? [];
        for (var index = 0; index < robots.Count; index++)
        {
            var robot = robots[index];
            var key = $"robot:{deal.Id:D}:{entered.Seq}:{index}";
            switch (robot.Kind)
            {
                case RobotKind.CreateTask:
                    await Activities.CreateTasksAsync(
                        new NewTask(robot.Title!, robot.Text, null, Due(entered.At, robot.DueAfter), deal.Id, entered.Stage, deal.ClientId, null, key),
                        Assignees(robot, deal), CancellationToken.None);
                    break;
                case RobotKind.Notify:
                    foreach (var user in Assignees(robot, deal))
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

    /// <summary>The deal's owner; a role's users are not known to Sales yet, so a role falls back to the owner (see README).</summary>
    private static IReadOnlyList<Guid> Assignees(StageRobot robot, DealDetails deal) => [deal.OwnerId];
}
