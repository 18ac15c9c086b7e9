using Mediator;
using OrleansCrm.Agreements;
using OrleansCrm.Audit;
using OrleansCrm.Billing;
using OrleansCrm.BuildingBlocks.Audit;
using OrleansCrm.BuildingBlocks.Persistence;
using OrleansCrm.BuildingBlocks.Validation;
using OrleansCrm.Clients;
using OrleansCrm.Sales;
using OrleansCrm.Host.Demo;
using OrleansCrm.Host.Hosting;
using OrleansCrm.Staff;
using OrleansCrm.ServiceDesk;

var builder = WebApplication.CreateBuilder(args);
builder.AddCrmAddresses();

var database = builder.AddCrmDatabase();
builder.AddCrmOrleans(database);
builder.AddCrmApi();
builder.AddCrmSecurity(database);
builder.AddCrmLiveFeed();
builder.AddCrmTelemetry();
builder.AddCrmWeb();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Singleton;
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});

builder.Services.AddClientsModule(builder.Configuration);
builder.Services.AddStaffModule(builder.Configuration);
builder.Services.AddServiceDeskModule(builder.Configuration);
builder.Services.AddAuditModule();
builder.Services.AddAgreementsModule(builder.Configuration);
builder.Services.AddBillingModule(builder.Configuration);
builder.Services.AddSalesModule(builder.Configuration);
builder.AddCrmJobs(database);

if (builder.Configuration.GetValue<bool?>($"{DemoOptions.Section}:{nameof(DemoOptions.Seed)}") ?? database.Provider == DatabaseProvider.Sqlite)
{
    builder.Services.AddHostedService<DemoDataService>();
    builder.Services.AddSingleton<IDemoDataSeeder, ContractDemoSeeder>();
    builder.Services.AddSingleton<IDemoDataSeeder, TicketDemoSeeder>();
    builder.Services.Configure<SalesDemoOptions>(sales => sales.ManagerIds = [.. OrleansCrm.Clients.Demo.DemoClients.Managers]);
}

var app = builder.Build();
app.UseCrmApi();
var api = app.CrmEndpoints();
app.UseCrmSecurity(api);
app.UseAuditActors();
api.MapClientEndpoints();
api.MapStaffEndpoints();
api.MapServiceDeskEndpoints();
api.MapAuditEndpoints();
api.MapAgreementsEndpoints();
api.MapBillingEndpoints();
api.MapSalesEndpoints();
app.MapCrmLiveFeed();
app.MapCrmTelemetry();
app.MapCrmJobs();
app.UseCrmWeb();
try
{
    app.Run();
}
catch (Exception exception) when (exception is not HostAbortedException && System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    // The product's own process cannot serve (its database is unreachable, its port is taken): one clear line, not a
    // stack trace. A process that hosts it (tests, benchmarks) gets the exception instead.
    Console.Error.WriteLine(AddressHosting.PortInUse(exception, builder.Configuration) ?? $"OrleansCrm stopped: {exception.GetBaseException().Message}");
    Environment.ExitCode = 1;
}

/// <summary>Entry point, public for WebApplicationFactory in tests.</summary>
public partial class Program;
