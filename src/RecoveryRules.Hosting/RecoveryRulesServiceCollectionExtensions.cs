using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RecoveryRules.Hosting;
using RecoveryRules.Hosting.Engine;
using RecoveryRules.Hosting.Loading;
using RecoveryRules.Hosting.Reload;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers RecoveryRules in a service collection (docs/embedding.md, "Register").</summary>
public static class RecoveryRulesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IRecoveryEngine"/> (a singleton), its options with <c>ValidateOnStart</c> (a policy that
    /// does not compile, or a case mapping that does not bind to it, stops the host with an
    /// <see cref="OptionsValidationException"/> whose message holds every diagnostic as
    /// <c>path(line,col): error RRnnnn: message</c>), the file watcher (a hosted service) and the metrics. Calling it
    /// again adds to the same registration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adds the policies, mappings, watching and shadow candidates.</param>
    /// <returns>The builder (its <see cref="RecoveryRulesBuilder.Services"/> leads back to the services).</returns>
    public static RecoveryRulesBuilder AddRecoveryRules(this IServiceCollection services, Action<RecoveryRulesBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        RecoveryRulesRegistration? registration = services
            .FirstOrDefault(d => d.ServiceType == typeof(RecoveryRulesRegistration) && !d.IsKeyedService)?
            .ImplementationInstance as RecoveryRulesRegistration;
        if (registration is null)
        {
            registration = new RecoveryRulesRegistration();
            services.AddSingleton(registration);
            services.AddOptions<RecoveryRulesOptions>().ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RecoveryRulesOptions>, RecoveryRulesOptionsValidation>());
            services.AddMetrics();
            services.TryAddSingleton<RecoveryRulesInstrumentation>();
            services.TryAddSingleton(provider => new PolicyCatalog(
                registration,
                provider.GetRequiredService<RecoveryRulesInstrumentation>(),
                provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
            services.TryAddSingleton<IRecoveryEngine, RecoveryEngine>();
            services.AddHostedService<PolicyWatcher>();
        }

        var builder = new RecoveryRulesBuilder(services, registration);
        configure(builder);
        return builder;
    }
}
