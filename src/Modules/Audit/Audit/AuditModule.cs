using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.Audit.ReadModel;
using OrleansCrm.Audit.Texts;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Texts;
using OrleansCrm.BuildingBlocks.Validation;

namespace OrleansCrm.Audit;

/// <summary>
/// The audit log: its table, the search (<c>GET /api/audit</c>) and who is acting (an outgoing grain call filter for
/// the parts of the product that act on their own). Entries are written by the kit, in each change's own transaction.
/// </summary>
public static class AuditModule
{
    public static IServiceCollection AddAuditModule(this IServiceCollection services)
    {
        ServerTexts.Register(AuditTexts.Module, AuditTexts.Resources);
        services.AddMessageValidators(typeof(AuditModule).Assembly);
        services.AddSingleton<IModuleSchema, AuditSchema>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<IOutgoingGrainCallFilter, AuditCallFilter>();
        return services;
    }
}
