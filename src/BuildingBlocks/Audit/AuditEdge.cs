using Microsoft.AspNetCore.Builder;

namespace OrleansCrm.BuildingBlocks.Audit;

/// <summary>Where the actor of a change comes from: the edges that set <see cref="AuditContext"/> for what runs behind them.</summary>
public static class AuditEdge
{
    /// <summary>
    /// Each HTTP request runs as its signed-in user: every grain call made while serving it carries them. After
    /// authentication. (A Blazor circuit sets its user per event instead: the web UI's circuit handler.)
    /// </summary>
    public static IApplicationBuilder UseAuditActors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (AuditActor.From(context.User) is not { } actor)
        {
            await next(context);
            return;
        }

        using (AuditContext.Use(actor))
        {
            await next(context);
        }
    });
}
