using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansCrm.BuildingBlocks.Jobs;
using OrleansCrm.Billing.Payments.ImportStatement;
using OrleansCrm.Billing.Storage;

namespace OrleansCrm.Billing.Payments;

internal static class PaymentsModule
{
    /// <summary>The payments' services.</summary>
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentsOptions>().Bind(configuration.GetSection(PaymentsOptions.Section));
        services.AddSingleton<PaymentLedger>();
        services.AddSingleton<PaidNotices>();
        services.AddRecurringJob<PaidNoticeDelivery>();
        services.AddSingleton(provider => new MoneyChangeNotices(provider.GetServices<Wall.IMoneyChanges>()));
        return services;
    }
}

/// <summary>
/// Tells the wall that money moved, after a commit that imported or settled payments. Every registered
/// <c>IMoneyChanges</c> is told (taken as a list): with the wall's registration it hears; without one nobody does, and
/// payments work the same.
/// </summary>
public sealed class MoneyChangeNotices
{
    private readonly Wall.IMoneyChanges[] listeners;

    internal MoneyChangeNotices(IEnumerable<Wall.IMoneyChanges> listeners) => this.listeners = [.. listeners];

    internal void Changed()
    {
        foreach (var listener in listeners)
        {
            listener.Changed();
        }
    }
}
