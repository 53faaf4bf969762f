using System.Globalization;
using System.Reflection;
using System.Text;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>The retail example policy (docs/policy-language.md §1) and cases (embedded from examples/retail), and the check that the hand-written baseline decides exactly as the engine.</summary>
public static class RetailFixtures
{
    public const string Critical = "critical";
    public const string MajorOnTime = "major-on-time";
    public const string Otherwise = "otherwise";

    public static string PolicyYamlText { get; } = Resource("retail.policy.yaml");

    /// <summary>The lines of examples/retail/cases.jsonl, by case id.</summary>
    public static IReadOnlyDictionary<string, string> JsonById { get; } = Resource("cases.jsonl")
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .ToDictionary(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!, StringComparer.Ordinal);

    /// <summary>The three representative cases: the critical case (c-1042), a major on-time case (c-1043), and one no rule matches (c-1045, decided by otherwise).</summary>
    public static (string Json, RetailCase Typed) Get(string name) => name switch
    {
        Critical => (JsonById["c-1042"], new RetailCase("c-1042", Severity.Critical, Channel.Phone, TimeSpan.FromHours(3), Tier.Gold, 12000m, 80m, 0m, FailureType.Technical, false)),
        MajorOnTime => (JsonById["c-1043"], new RetailCase("c-1043", Severity.Major, Channel.Email, TimeSpan.FromHours(5), Tier.Standard, 0m, 120m, 0m, FailureType.Operation, false)),
        Otherwise => (JsonById["c-1045"], new RetailCase("c-1045", Severity.Minor, Channel.Chat, TimeSpan.FromMinutes(30), Tier.Standard, 0m, 20m, 0m, FailureType.Information, false)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown case."),
    };

    public static RecoveryPolicy LoadPolicy() => PolicyYaml.Compile(PolicyYamlText, "examples/retail/retail.policy.yaml", policyOptions: new RecoveryPolicyOptions { Execution = RuleExecution.Compiled }).GetPolicyOrThrow();

    /// <summary>The decision as JSON without <c>evaluatedAt</c>, for comparing two decisions.</summary>
    public static string Comparable(Decision decision) => (decision with { EvaluatedAt = default, Explanation = null }).ToJson();

    /// <summary>
    /// Throws unless the hand-written policy decides exactly as the engine: for the three benchmark
    /// cases and for <paramref name="randomCases"/> generated cases (fixed seed) that cover every
    /// combination of the rules, the stop rule and the cap.
    /// </summary>
    public static void CheckBaseline(RecoveryPolicy policy, RetailHandWritten handWritten, int randomCases = 2000)
    {
        foreach (var name in new[] { Critical, MajorOnTime, Otherwise })
        {
            var (json, typed) = Get(name);
            Compare(policy, handWritten, json, typed);
        }

        foreach (var typed in RandomCases(randomCases))
        {
            Compare(policy, handWritten, ToJson(typed), typed);
        }
    }

    /// <summary>Generated cases (fixed seed) that cover every combination of the rules, the stop rule and the cap.</summary>
    public static IEnumerable<RetailCase> RandomCases(int count)
    {
        var random = new Random(1042);
        for (var n = 0; n < count; n++)
        {
            yield return new RetailCase(
                "r-" + n.ToString(CultureInfo.InvariantCulture),
                (Severity)random.Next(4),
                (Channel)random.Next(6),
                TimeSpan.FromMinutes(random.Next(0, 4 * 24 * 60)),
                (Tier)random.Next(4),
                random.Next(0, 3) == 0 ? 10000m : random.Next(0, 2000000) / 100m,
                random.Next(0, 3) == 0 ? random.Next(0, 60) : random.Next(0, 100000) / 1000m,
                random.Next(0, 5),
                (FailureType)random.Next(4),
                random.Next(2) == 0);
        }
    }

    private static void Compare(RecoveryPolicy policy, RetailHandWritten handWritten, string json, RetailCase typed)
    {
        var expected = Comparable(policy.Evaluate(policy.ReadCase(json)));
        var actual = Comparable(handWritten.Evaluate(typed));
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The hand-written baseline drifted from the engine for {json}:{Environment.NewLine}engine:       {expected}{Environment.NewLine}hand-written: {actual}");
        }
    }

    public static string ToJson(RetailCase c)
    {
        static string Member<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
        var seconds = ((decimal)c.Delay.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"id": "{{c.Id}}", "severity": "{{Member(c.Severity)}}", "channel": "{{Member(c.Channel)}}", "delay": "{{seconds}}s", "customer": {"tier": "{{Member(c.Tier)}}", "value": {{c.CustomerValue}}}, "orderValue": {{c.OrderValue}}, "repeatFailures": {{c.RepeatFailures}}, "failureType": "{{Member(c.FailureType)}}", "proactive": {{(c.Proactive ? "true" : "false")}}}""");
    }

    public static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
