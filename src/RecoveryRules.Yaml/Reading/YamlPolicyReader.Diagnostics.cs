using System.Collections.Immutable;
using RecoveryRules.Syntax;

namespace RecoveryRules.Yaml.Reading;

// Reads severity configuration (docs/policy-language.md, "Severity configuration"): the policy's
// `diagnostics: {RR1003: error}` and a rule's `suppress: {RR1004: "why"}`. Ids and words stay text: the
// compiler checks them on every load (Compilation/DiagnosticConfiguration in the core).
internal sealed partial class YamlPolicyReader
{
    // diagnostics: { RR1003: error, RR1004: none }
    private ImmutableArray<SeveritySettingSyntax> ReadDiagnosticSettings(YamlMappingEntry? entry)
    {
        if (entry is null || ReadMapping(entry) is not { } settings)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<SeveritySettingSyntax>(settings.Entries.Count);
        foreach (var setting in settings.Entries)
        {
            if (ReadScalar(setting.Value, $"The severity of '{setting.Key.Value}'", "error, warning, info or none") is { } severity)
            {
                result.Add(new SeveritySettingSyntax(ToSyntax(setting.Key), severity));
            }
        }

        return result.ToImmutable();
    }

    // suppress: { RR1004: "otherwise covers it on purpose" }
    private ImmutableArray<SuppressionSyntax> ReadSuppressions(YamlMappingEntry? entry)
    {
        if (entry is null || ReadMapping(entry) is not { } suppressions)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<SuppressionSyntax>(suppressions.Entries.Count);
        foreach (var suppression in suppressions.Entries)
        {
            if (ReadScalar(suppression.Value, $"The reason for suppressing '{suppression.Key.Value}'", "a text") is { } reason)
            {
                result.Add(new SuppressionSyntax(ToSyntax(suppression.Key), reason));
            }
        }

        return result.ToImmutable();
    }
}
