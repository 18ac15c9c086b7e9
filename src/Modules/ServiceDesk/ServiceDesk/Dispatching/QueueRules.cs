using FluentValidation;
using OrleansCrm.ServiceDesk.Contracts;

namespace OrleansCrm.ServiceDesk.Dispatching;

public static class QueueRules
{
    /// <summary>
    /// One of <see cref="SupportQueues.All"/>: a queue name from a query string addresses a dispatcher grain, and an
    /// unknown one would activate an empty dispatcher (and keep it) instead of answering 400.
    /// </summary>
    public static IRuleBuilderOptions<T, string> KnownQueue<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(queue => SupportQueues.All.Contains(queue)).WithMessage($"Unknown queue; the queues are: {string.Join(", ", SupportQueues.All)}.");
}
