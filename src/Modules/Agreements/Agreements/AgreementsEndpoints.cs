using Microsoft.AspNetCore.Routing;

namespace OrleansCrm.Agreements;

/// <summary>The contracts' HTTP API (<c>/api/contracts</c>, templates): camelCase JSON, enums as strings, ProblemDetails.</summary>
public static class AgreementsEndpoints
{
    public static IEndpointRouteBuilder MapAgreementsEndpoints(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
