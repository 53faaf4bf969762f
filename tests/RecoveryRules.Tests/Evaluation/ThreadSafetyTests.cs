using System.Collections.Concurrent;
using static RecoveryRules.Tests.Evaluation.Policies;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>A compiled policy is immutable and shared: many threads evaluating at once decide exactly as one thread does.</summary>
public sealed class ThreadSafetyTests
{
    private static readonly string[] Severities = ["minor", "moderate", "major", "critical", "critcal"];
    private static readonly string[] Tiers = ["standard", "silver", "gold", "platinum"];
    private static readonly string[] Channels = ["phone", "email", "chat", "social", "store", "app"];
    private static readonly string[] FailureTypes = ["information", "operation", "communication", "technical"];
    private static readonly string[] Delays = ["30m", "3h", "PT2H", "1d1h", "2d", "90s"];

    /// <summary>Thousands of varied cases, a few of them errors (a misspelled severity), deterministically.</summary>
    private static string[] VariedCases(int count)
    {
        var random = new Random(20261122);
        var cases = new string[count];
        for (var i = 0; i < count; i++)
        {
            cases[i] = $"{{\"id\": \"c-{i}\", \"severity\": \"{Severities[random.Next(Severities.Length)]}\", \"channel\": \"{Channels[random.Next(Channels.Length)]}\", "
                + $"\"delay\": \"{Delays[random.Next(Delays.Length)]}\", \"customer\": {{\"tier\": \"{Tiers[random.Next(Tiers.Length)]}\", \"value\": {random.Next(0, 20000)}}}, "
                + $"\"orderValue\": {random.Next(0, 50000) / 100m}, \"failureType\": \"{FailureTypes[random.Next(FailureTypes.Length)]}\", \"proactive\": {(random.Next(2) == 0 ? "true" : "false")}, "
                + $"\"repeatFailures\": {random.Next(0, 4)}}}";
        }

        return cases;
    }

    [Fact]
    public void Parallel_evaluation_of_one_policy_gives_the_same_decisions_as_sequential()
    {
        var policy = Load("retail.policy.yaml");
        var cases = VariedCases(5000);
        var sequential = cases.Select(c => policy.EvaluateJson(c).ToJson()).ToArray();
        sequential.Select(line => line.Contains("\"error\"", StringComparison.Ordinal)).Distinct().Should().HaveCount(2, "the mix holds decisions and errors");

        var parallel = new string[cases.Length];
        var explained = new string[cases.Length];
        Parallel.For(0, cases.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount) }, i =>
        {
            parallel[i] = policy.EvaluateJson(cases[i]).ToJson();
            var result = policy.EvaluateJson(cases[i], EvaluationOptions.WithExplanation);
            explained[i] = result.IsDecision ? (result.Decision with { Explanation = null }).ToJson() : result.Error.ToJson();
        });

        parallel.Should().Equal(sequential);
        explained.Should().Equal(sequential, "the explaining program decides exactly like the fast one");
    }

    [Fact]
    public void Parallel_evaluation_interleaving_several_policies_on_the_same_threads_keeps_them_apart()
    {
        var policies = new[] { Load("retail.policy.yaml"), Load("money-usd.policy.yaml"), Load("order.policy.yaml") };
        var retailCases = VariedCases(1000);
        string CaseFor(int policy, int i) => policy switch
        {
            0 => retailCases[i],
            1 => Case($"\"scenario\": \"{(i % 2 == 0 ? "thirds" : "value")}\", \"orderValue\": {i}.125"),
            _ => Case(),
        };

        var expected = new string[3000];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = policies[i % 3].EvaluateJson(CaseFor(i % 3, i / 3)).ToJson();
        }

        var actual = new ConcurrentDictionary<int, string>();
        Parallel.For(0, expected.Length, i => actual[i] = policies[i % 3].EvaluateJson(CaseFor(i % 3, i / 3)).ToJson());

        Enumerable.Range(0, expected.Length).Select(i => actual[i]).Should().Equal(expected);
    }

    [Fact]
    public void Cases_read_once_can_be_evaluated_from_many_threads()
    {
        var policy = Load("retail.policy.yaml");
        var cases = VariedCases(2000).Select(c => policy.TryReadCase(c, out var read, out _) ? read : null).OfType<RecoveryCase>().ToArray();
        var sequential = cases.Select(c => policy.Evaluate(c).ToJson()).ToArray();

        var parallel = new string[cases.Length];
        Parallel.For(0, cases.Length, i => parallel[i] = policy.Evaluate(cases[i]).ToJson());

        parallel.Should().Equal(sequential);
    }
}
