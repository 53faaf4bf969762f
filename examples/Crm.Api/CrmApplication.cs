using System.Net;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RecoveryRules.Hosting;

namespace Crm.Api;

/// <summary>
/// Builds the example service. Settings (command line <c>--Key=value</c>, environment <c>Key__Sub</c> or appsettings.json):
/// <list type="bullet">
/// <item><c>Port</c>: the loopback port (default 5080; 0 picks a free one).</item>
/// <item><c>Policies:Folder</c>: the folder of <c>*.policy.yaml</c> files, each a named policy (default <c>policies</c>
/// under the content root, the project folder under <c>dotnet run</c>; else the copy beside the program).</item>
/// <item><c>Policies:Default</c>: the policy used without <c>?policy=</c> (default <c>retail</c>).</item>
/// <item><c>Policies:UsePolling</c>: poll the files instead of file-system events (mounted volumes).</item>
/// <item><c>Telemetry:Console</c>: OpenTelemetry metrics and traces to the console (default true).</item>
/// </list>
/// </summary>
public static class CrmApplication
{
    /// <summary>The service, built and ready to run (bound to 127.0.0.1 only).</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The application.</returns>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        IConfiguration configuration = builder.Configuration;

        int port = configuration.GetValue("Port", 5080);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, CrmJson.Default));

        builder.Services.AddRecoveryRules(rules => rules
            .AddPolicyFolder(PolicyFolder(configuration, builder.Environment.ContentRootPath))
            .UseDefaultPolicy(configuration.GetValue("Policies:Default", "retail")!)
            .MapCase<Ticket>(TicketMapping.Map)
            .WatchForChanges(watch => watch.UsePolling = configuration.GetValue("Policies:UsePolling", false)));
        builder.Services.AddHealthChecks().AddRecoveryRules();

        if (configuration.GetValue("Telemetry:Console", true))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("Crm.Api"))
                .WithMetrics(metrics => metrics
                    .AddMeter(RecoveryRulesTelemetry.MeterName, "Microsoft.AspNetCore.Hosting")
                    .AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 30_000))
                .WithTracing(tracing => tracing
                    .AddSource(RecoveryRulesTelemetry.ActivitySourceName, "Microsoft.AspNetCore")
                    .AddConsoleExporter());
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapRecoveryEndpoints();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = RecoveryEndpoints.WriteHealthAsync });
        return app;
    }

    private static string PolicyFolder(IConfiguration configuration, string contentRoot)
    {
        if (configuration["Policies:Folder"] is { Length: > 0 } folder)
        {
            return Path.GetFullPath(folder, contentRoot);
        }

        string beside = Path.Combine(contentRoot, "policies");
        return Directory.Exists(beside) ? beside : Path.Combine(AppContext.BaseDirectory, "policies");
    }
}
