using Microsoft.Extensions.Diagnostics.HealthChecks;
using RecoveryRules.Hosting;
using RecoveryRules.Hosting.Health;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the RecoveryRules health check (docs/embedding.md, "Health").</summary>
public static class RecoveryRulesHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds a check that reports <paramref name="failureStatus"/> while any policy (or shadow candidate) failed its
    /// last reload and an older version stays in service, with every diagnostic in the result's data; healthy
    /// again after a good edit. Needs <c>services.AddRecoveryRules(…)</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported for a failed reload.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddRecoveryRules(this IHealthChecksBuilder builder, string name = "recoveryrules",
        HealthStatus failureStatus = HealthStatus.Unhealthy, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new RecoveryRulesHealthCheck(provider.GetService(typeof(IRecoveryEngine)) as IRecoveryEngine),
            failureStatus,
            tags));
    }
}
