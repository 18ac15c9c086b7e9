using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansCrm.Audit.SearchAudit;
using OrleansCrm.BuildingBlocks.Security;

namespace OrleansCrm.Audit;

/// <summary>The audit log's HTTP API: one read, for Directors and Admins.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async Task<Ok<AuditPage>> (
                string? entity, string? id, string? actor, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize,
                ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(
                new SearchAudit.SearchAudit(entity, id, actor, from, to, page ?? 1, pageSize ?? 50) { Caller = Caller.From(user) }, cancellationToken)))
        .WithTags("Audit")
        .WithSummary("Who changed what and when")
        .WithDescription("entity (client, ticket, specialist, user) and id narrow it to one thing, actor to a user name (or system:…), from and to (ISO 8601) to a period; newest first; pages count from 1, pageSize ≤ 200. Directors and Admins.")
        .RequireAuthorization(policy => policy.RequireRole(SearchAudit.SearchAudit.Readers))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }
}
