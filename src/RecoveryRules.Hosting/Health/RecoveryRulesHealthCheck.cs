using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RecoveryRules.Hosting.Health;

/// <summary>
/// Healthy when every policy's last load succeeded; otherwise the failure status with every diagnostic
/// (docs/embedding.md, "Health"). Without <c>AddRecoveryRules</c> it reports the failure status saying so.
/// </summary>
internal sealed class RecoveryRulesHealthCheck(IRecoveryEngine? engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (engine is null)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
                "AddHealthChecks().AddRecoveryRules() needs services.AddRecoveryRules(…): no recovery engine is registered."));
        }

        IReadOnlyList<PolicyStatus> policies = engine.Policies;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var failed = new List<string>();
        foreach (PolicyStatus policy in policies)
        {
            data[policy.Name] = policy.Identity.Hash;
            if (!policy.IsHealthy)
            {
                failed.Add(policy.Name);
                data[policy.Name + ".errors"] = policy.FailedReloadDiagnostics.Select(d => d.ToString()).ToArray();
            }
        }

        if (failed.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy($"{policies.Count} policies in service.", data));
        }

        string description = string.Join("; ", policies.Where(p => !p.IsHealthy).Select(p =>
            $"policy '{p.Name}' failed to reload with {p.FailedReloadDiagnostics.Length} error(s), {p.Identity.Hash} stays in service"));
        return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, description, data: data));
    }
}
