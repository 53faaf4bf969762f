using System.Text.Json;
using Json.Schema;

namespace RecoveryRules.Cli.Tests.Output;

/// <summary>The official SARIF 2.1.0 schema (Output/Sarif/README.md says where it comes from), evaluated in-process.</summary>
internal static class SarifSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Output", "Sarif", "sarif-schema-2.1.0.json")),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>The schema's errors for a log, each as "instance location: error"; empty when the log is valid.</summary>
    public static IReadOnlyList<string> Errors(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        var results = Schema.Value.Evaluate(
            document.RootElement,
            new Json.Schema.EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Value}"))
                .DefaultIfEmpty("invalid, without details")];
    }
}
