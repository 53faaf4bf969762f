using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;

namespace RecoveryRules.Hosting.Tests.Support;

/// <summary>A real host (generic host, fake logging, metrics, health checks) around <c>AddRecoveryRules</c>.</summary>
internal static class TestHost
{
    public static IHost Build(Action<RecoveryRulesBuilder> configure, Action<IServiceCollection>? services = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddFakeLogging();
        builder.Services.AddMetrics();
        builder.Services.AddRecoveryRules(configure);
        builder.Services.AddHealthChecks().AddRecoveryRules();
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    public static async Task<IHost> StartAsync(Action<RecoveryRulesBuilder> configure, Action<IServiceCollection>? services = null)
    {
        IHost host = Build(configure, services);
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    public static IRecoveryEngine Engine(this IHost host) => host.Services.GetRequiredService<IRecoveryEngine>();

    public static FakeLogCollector Logs(this IHost host) => host.Services.GetFakeLogCollector();

    public static async Task<HealthReport> HealthAsync(this IHost host) =>
        await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails with <paramref name="what"/> after the deadline.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? deadline = null)
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        DateTime until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new Xunit.Sdk.XunitException($"Not within {deadline ?? TimeSpan.FromSeconds(30)}: {what}");
            }

            await Task.Delay(25, cancellationToken);
        }
    }
}
