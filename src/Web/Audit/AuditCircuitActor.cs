using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using OrleansCrm.BuildingBlocks.Audit;

namespace OrleansCrm.Web.Audit;

/// <summary>
/// A Blazor circuit's edge of the audit log: every event the browser sends (a click, a form submitted) runs with the
/// circuit's signed-in user as its actor (<see cref="AuditContext"/>), so whatever a page's command changes is logged
/// under them without the page passing anyone.
/// </summary>
public sealed class AuditCircuitActor(AuthenticationStateProvider authentication) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var actor = AuditActor.From((await authentication.GetAuthenticationStateAsync()).User);
            using (AuditContext.Use(actor))
            {
                await next(context);
            }
        };
}
