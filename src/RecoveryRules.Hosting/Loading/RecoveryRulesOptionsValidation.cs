using Microsoft.Extensions.Options;
using RecoveryRules.Hosting.Engine;

namespace RecoveryRules.Hosting.Loading;

/// <summary>
/// The start-up check (<c>ValidateOnStart</c>): loads every policy, candidate and mapping once; each error is one
/// failure, <c>path(line,col): error RRnnnn: message</c>, all in the <see cref="OptionsValidationException"/>.
/// </summary>
internal sealed class RecoveryRulesOptionsValidation(PolicyCatalog catalog) : IValidateOptions<RecoveryRulesOptions>
{
    public ValidateOptionsResult Validate(string? name, RecoveryRulesOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        if (options.TimeProvider is null)
        {
            return ValidateOptionsResult.Fail("error: RecoveryRulesOptions.TimeProvider is null.");
        }

        if (options.ReaderOptions is null)
        {
            return ValidateOptionsResult.Fail("error: RecoveryRulesOptions.ReaderOptions is null.");
        }

        var failures = catalog.EnsureLoaded(options);
        return failures.IsEmpty ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
