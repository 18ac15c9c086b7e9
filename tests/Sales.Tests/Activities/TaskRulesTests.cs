using OrleansCrm.BuildingBlocks.Errors;
using OrleansCrm.Sales.Activities;
using OrleansCrm.Sales.Activities.Tasks;

namespace OrleansCrm.Sales.Tests.Activities;

/// <summary>The task loop's rules without a database: which step each status allows, and who may take it.</summary>
public sealed class TaskRulesTests
{
    private static readonly Guid Author = Guid.NewGuid();
    private static readonly Guid Executor = Guid.NewGuid();
    private static readonly SalesCaller AuthorCaller = new(Author, "author", false);
    private static readonly SalesCaller ExecutorCaller = new(Executor, "executor", false);
    private static readonly SalesCaller Stranger = new(Guid.NewGuid(), "stranger", false);
    private static readonly SalesCaller Head = new(Guid.NewGuid(), "head", true);

    [Theory]
    [InlineData(SalesTaskStatus.Set, TaskAction.Accept, SalesTaskStatus.Accepted)]
    [InlineData(SalesTaskStatus.Accepted, TaskAction.Done, SalesTaskStatus.Done)]
    [InlineData(SalesTaskStatus.Done, TaskAction.Check, SalesTaskStatus.Checked)]
    [InlineData(SalesTaskStatus.Done, TaskAction.Return, SalesTaskStatus.Returned)]
    [InlineData(SalesTaskStatus.Checked, TaskAction.Close, SalesTaskStatus.Closed)]
    [InlineData(SalesTaskStatus.Returned, TaskAction.Done, SalesTaskStatus.Done)]
    [InlineData(SalesTaskStatus.Accepted, TaskAction.Reassign, SalesTaskStatus.Set)]
    public void Each_step_leads_where_the_loop_says(SalesTaskStatus from, TaskAction action, SalesTaskStatus to) =>
        Assert.Equal(to, TaskRules.Apply(Task(from), Head, action));

    [Theory]
    [InlineData(SalesTaskStatus.Set, TaskAction.Done)]
    [InlineData(SalesTaskStatus.Accepted, TaskAction.Check)]
    [InlineData(SalesTaskStatus.Closed, TaskAction.Accept)]
    [InlineData(SalesTaskStatus.Done, TaskAction.Reassign)]
    [InlineData(SalesTaskStatus.Set, TaskAction.Close)]
    public void A_step_the_status_does_not_allow_is_a_conflict(SalesTaskStatus from, TaskAction action) =>
        Assert.Throws<ConflictException>(() => TaskRules.Apply(Task(from), Head, action));

    [Fact]
    public void The_executor_accepts_and_finishes_and_the_author_checks_returns_closes_and_reassigns()
    {
        Assert.Equal([TaskAction.Accept], TaskRules.Available(Task(SalesTaskStatus.Set), ExecutorCaller));
        Assert.Equal([TaskAction.Reassign], TaskRules.Available(Task(SalesTaskStatus.Set), AuthorCaller));
        Assert.Equal([TaskAction.Check, TaskAction.Return], TaskRules.Available(Task(SalesTaskStatus.Done), AuthorCaller));
        Assert.Empty(TaskRules.Available(Task(SalesTaskStatus.Done), ExecutorCaller));
        Assert.Empty(TaskRules.Available(Task(SalesTaskStatus.Set), Stranger));
        Assert.Throws<ForbiddenException>(() => TaskRules.Apply(Task(SalesTaskStatus.Set), AuthorCaller, TaskAction.Accept));
        // A robot's task has no author: its executor checks it.
        Assert.Equal([TaskAction.Check, TaskAction.Return], TaskRules.Available(Task(SalesTaskStatus.Done) with { AuthorId = null }, ExecutorCaller));
    }

    [Fact]
    public void An_open_task_is_overdue_due_today_or_later_and_a_finished_one_is_none()
    {
        var now = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        var endOfToday = new DateTimeOffset(2026, 12, 5, 22, 0, 0, TimeSpan.Zero);
        Assert.Equal(TaskDue.Overdue, TaskRules.DueOf(SalesTaskStatus.Accepted, now.AddMinutes(-1), now, endOfToday));
        Assert.Equal(TaskDue.Today, TaskRules.DueOf(SalesTaskStatus.Set, now.AddHours(9), now, endOfToday));
        Assert.Equal(TaskDue.Later, TaskRules.DueOf(SalesTaskStatus.Returned, endOfToday, now, endOfToday));
        Assert.Null(TaskRules.DueOf(SalesTaskStatus.Done, now.AddDays(-3), now, endOfToday));
    }

    private static SalesTask Task(SalesTaskStatus status) => new(
        Guid.NewGuid(), 1, "Задача", null, Author, Executor, DateTimeOffset.UtcNow, status, null, null, null, null,
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, null);
}
