using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using OrleansCrm.BuildingBlocks.Security;
using OrleansCrm.Staff.Contracts;
using OrleansCrm.Staff.SearchSpecialists;

namespace OrleansCrm.Staff;

/// <summary>
/// The Staff HTTP API: thin, each endpoint one Mediator message. Every signed-in user reads specialists; creating one and setting capacity
/// is for Directors, Dispatchers and Admins, setting skills also for Methodologists, availability also for the specialist themself.
/// </summary>
public static class StaffEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static readonly string[] Creators = [CrmRoles.Director, CrmRoles.Dispatcher, CrmRoles.Admin];

    public static readonly string[] SkillEditors = [CrmRoles.Director, CrmRoles.Dispatcher, CrmRoles.Methodologist, CrmRoles.Admin];

    /// <summary>Capacity is planning, as creating is: the same roles.</summary>
    public static readonly string[] CapacityEditors = Creators;

    /// <summary>Anyone's availability (the specialist themself may set their own as well: SetAvailability checks the caller).</summary>
    public static readonly string[] AvailabilityEditors = [CrmRoles.Director, CrmRoles.Dispatcher, CrmRoles.Admin];

    public static IEndpointRouteBuilder MapStaffEndpoints(this IEndpointRouteBuilder app)
    {
        var specialists = app.MapGroup("/api/specialists").WithTags("Staff");

        specialists.MapPost("/", async Task<Created<SpecialistDetails>> (
            CreateSpecialist.CreateSpecialist command,
            [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey,
            IMediator mediator,
            CancellationToken cancellationToken) =>
        {
            var specialist = await mediator.Send(command with { IdempotencyKey = idempotencyKey }, cancellationToken);
            return TypedResults.Created($"/api/specialists/{specialist.Id}", specialist);
        })
        .WithSummary("Create a specialist")
        .WithDescription("qualificationGrade defaults to 3, capacity to 10. Send an Idempotency-Key header to make retries safe. Directors, Dispatchers and Admins.")
        .RequireAuthorization(policy => policy.RequireRole(Creators))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);

        specialists.MapGet("/", async Task<Ok<SpecialistPage>> (
            string? search, string? skill, int? minLevel, AvailabilityStatus? availability, SpecialistSort? sort, bool? descending, int? page, int? pageSize,
            IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(
                new SearchSpecialists.SearchSpecialists(search, skill, minLevel, availability, page ?? 1, pageSize ?? 20) { Sort = sort ?? SpecialistSort.Name, Descending = descending ?? false },
                cancellationToken)))
        .WithSummary("List specialists")
        .WithDescription("search matches any part of the name; skill (with minLevel, 1 by default) and availability filter; sort (Name, Load: the share of capacity in use, "
            + "Capacity, Rating; ties by name) with descending=true; pages count from 1.")
        .ProducesValidationProblem();

        specialists.MapGet("/{id:guid}", async Task<Ok<SpecialistDetails>> (Guid id, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(new GetSpecialist.GetSpecialist(id), cancellationToken)))
        .WithSummary("A specialist with live load, counters and rating (with its parts)")
        .ProducesProblem(StatusCodes.Status404NotFound);

        specialists.MapPut("/{id:guid}/skills", async Task<Ok<SpecialistDetails>> (Guid id, SetSkills.SetSkills command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { SpecialistId = id }, cancellationToken)))
        .WithSummary("Replace a specialist's skills")
        .WithDescription("Body: { \"skills\": [{ \"code\": \"medoc\", \"level\": 3 }] }; codes are lower-cased, levels 1–5. Directors, Dispatchers, Methodologists and Admins.")
        .RequireAuthorization(policy => policy.RequireRole(SkillEditors))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        specialists.MapPut("/{id:guid}/capacity", async Task<Ok<SpecialistDetails>> (Guid id, SetCapacity.SetCapacity command, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { SpecialistId = id }, cancellationToken)))
        .WithSummary("Set a specialist's capacity")
        .WithDescription("Body: { \"capacity\": 10 }: the weighted load carried at once, 1–100; tickets already held stay. Directors, Dispatchers and Admins.")
        .RequireAuthorization(policy => policy.RequireRole(CapacityEditors))
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        specialists.MapPut("/{id:guid}/availability", async Task<Ok<SpecialistDetails>> (
            Guid id, SetAvailability.SetAvailability command, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken) =>
            TypedResults.Ok(await mediator.Send(command with { SpecialistId = id, Caller = Caller.From(user) }, cancellationToken)))
        .WithSummary("Set a specialist's availability")
        .WithDescription("Body: { \"status\": \"OnDuty|Absent|OffShift\", \"until\": null }; until (future) only with Absent, which then ends by itself. "
            + "Directors, Dispatchers, Admins, and the specialist themself.")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }
}
