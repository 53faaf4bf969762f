using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// Loads the test policies (real YAML files under a folder's <c>Data</c>, copied to the output)
/// with a fake clock, and evaluates cases against them with short, failing-loudly helpers.
/// </summary>
/// <remarks>
/// Every policy is compiled in each <see cref="RuleExecution"/> mode. The policy handed to a test is
/// the <see cref="RuleExecution.Compiled"/> one; <see cref="Decide"/> and <see cref="Reject"/> also
/// evaluate the case with the <see cref="RuleExecution.Interpreted"/> and the default
/// <see cref="RuleExecution.Tiered"/> twins and fail unless all three give the same outcome, so every
/// evaluation test runs in every mode.
/// </remarks>
internal static class Policies
{
    private static readonly ConditionalWeakTable<RecoveryPolicy, (RuleExecution Execution, RecoveryPolicy Policy)[]> Twins = [];

    /// <summary>The clock of the example decision of docs/embedding.md §5.</summary>
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
        clock ??= Clock();
        var policy = CompileIn(RuleExecution.Compiled);
        Twins.Add(policy, [(RuleExecution.Interpreted, CompileIn(RuleExecution.Interpreted)), (RuleExecution.Tiered, CompileIn(RuleExecution.Tiered))]);
        return policy;

        RecoveryPolicy CompileIn(RuleExecution execution)
        {
            var result = PolicyYaml.Compile(yaml, path, null, new RecoveryPolicyOptions { TimeProvider = clock, Execution = execution });
            result.Success.Should().BeTrue(string.Join(Environment.NewLine, result.Diagnostics.Select(d => d.ToString())));
            return result.Policy!;
        }
    }

    /// <summary>Evaluates one JSON case that must give a decision.</summary>
    public static Decision Decide(this RecoveryPolicy policy, string json, EvaluationOptions? options = null)
    {
        var result = policy.EvaluateInEveryMode(json, options);
        result.IsDecision.Should().BeTrue(result.Error?.ToString());
        return result.Decision!;
    }

    /// <summary>Evaluates one JSON case that must be rejected, and returns why.</summary>
    public static CaseError Reject(this RecoveryPolicy policy, string json)
    {
        var result = policy.EvaluateInEveryMode(json, null);
        result.IsDecision.Should().BeFalse(result.Decision is null ? string.Empty : "the case should be an error, but gave " + result.Decision.ToJson());
        result.Error!.Message.Should().NotMatchRegex(@"\{\d+\}", "a message must have all its arguments");
        return result.Error;
    }

    /// <summary>Evaluates with the policy and, when it was made by <see cref="Compile"/>, with its twins in the other modes, which must agree.</summary>
    private static CaseResult EvaluateInEveryMode(this RecoveryPolicy policy, string json, EvaluationOptions? options)
    {
        var result = policy.EvaluateJson(json, options);
        if (Twins.TryGetValue(policy, out var twins))
        {
            foreach (var (execution, twin) in twins)
            {
                twin.EvaluateJson(json, options).ToJson().Should().Be(result.ToJson(),
                    $"the {execution} policy must decide as the compiled one does");
            }
        }

        return result;
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
