using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// Loads the test policies (real YAML files under a folder's <c>Data</c>, copied to the output)
/// with a fake clock, and evaluates cases against them with short, failing-loudly helpers.
/// </summary>
internal static class Policies
{
    /// <summary>The clock of POLICY-FORMAT §5's example decision.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(Now);

    public static string DataPath(string folder, string file) => Path.Combine(AppContext.BaseDirectory, folder, "Data", file);

    public static string ReadData(string folder, string file) => File.ReadAllText(DataPath(folder, file));

    /// <summary>Loads <c>Evaluation/Data/<paramref name="file"/></c>, which must compile without errors.</summary>
    public static RecoveryPolicy Load(string file, TimeProvider? clock = null) => LoadFrom("Evaluation", file, clock);

    public static RecoveryPolicy LoadFrom(string folder, string file, TimeProvider? clock = null) =>
        Compile(ReadData(folder, file), file, clock);

    public static RecoveryPolicy Compile(string yaml, string path = "test.policy.yaml", TimeProvider? clock = null)
    {
        var result = PolicyYaml.Compile(yaml, path, null, new RecoveryPolicyOptions { TimeProvider = clock ?? Clock(), Execution = RuleExecution.Compiled });
        result.Success.Should().BeTrue(string.Join(Environment.NewLine, result.Diagnostics.Select(d => d.ToString())));
        return result.Policy!;
    }

    /// <summary>Evaluates one JSON case that must give a decision.</summary>
    public static Decision Decide(this RecoveryPolicy policy, string json, EvaluationOptions? options = null)
    {
        var result = policy.EvaluateJson(json, options);
        result.IsDecision.Should().BeTrue(result.Error?.ToString());
        return result.Decision!;
    }

    /// <summary>Evaluates one JSON case that must be rejected, and returns why.</summary>
    public static CaseError Reject(this RecoveryPolicy policy, string json)
    {
        var result = policy.EvaluateJson(json);
        result.IsDecision.Should().BeFalse(result.Decision is null ? string.Empty : "the case should be an error, but gave " + result.Decision.ToJson());
        result.Error!.Message.Should().NotMatchRegex(@"\{\d+\}", "a message must have all its arguments");
        return result.Error;
    }

    /// <summary>A case with the three built-in required facts, plus the given JSON members (<c>"a": true, …</c>).</summary>
    public static string Case(string more = "") =>
        "{\"id\": \"t\", \"severity\": \"minor\", \"channel\": \"email\", \"delay\": \"1h\"" + (more.Length == 0 ? string.Empty : ", " + more) + "}";

    public static decimal?[] Amounts(this Decision decision) => [.. decision.Compensation.Items.Select(i => i.Amount)];

    public static string[] ItemRules(this Decision decision) => [.. decision.Compensation.Items.Select(i => i.Rule)];

    /// <summary>The decision's JSON with <paramref name="property"/> picked out, as raw JSON text.</summary>
    public static string Raw(this Decision decision, params string[] path)
    {
        using var document = JsonDocument.Parse(decision.ToJson());
        var element = document.RootElement;
        foreach (var step in path)
        {
            element = int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? element[index] : element.GetProperty(step);
        }

        return element.GetRawText();
    }
}
