using RecoveryRules.Tests.Infrastructure;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

/// <summary><see cref="RecoveryPolicy.EvaluateMany"/> and <see cref="RecoveryPolicy.EvaluateManyAsync"/> (docs/embedding.md, "Many cases at once").</summary>
public sealed class EvaluateManyTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static readonly string[] Lines =
    [
        .. File.ReadAllLines(RepositoryRoot.Combine("examples", "retail", "cases.jsonl")).Where(line => line.Length > 0),
        // occurredAt after the clock: read, then an evaluation error (RR0410) in the middle of the batch
        """{"id": "future", "severity": "critical", "channel": "phone", "occurredAt": "2030-01-01T00:00:00+00:00", "orderValue": 80, "failureType": "technical", "proactive": false}""",
        .. File.ReadAllLines(RepositoryRoot.Combine("tests", "RecoveryRules.Tests", "Evaluation", "Data", "retail-cases.jsonl")).Where(line => line.Length > 0),
    ];

    [Fact]
    public void Every_result_is_what_TryEvaluate_gives_that_case_at_the_same_moment()
    {
        var (policy, clock) = Retail();
        var cases = ReadAll(policy);
        var results = new CaseResult[cases.Length];

        policy.EvaluateMany(cases, results);

        clock.Reads.Should().Be(1, "the clock is read once per call");
        var at = new EvaluationOptions { Now = clock.Last };
        results.Select(Describe).Should().Equal(cases.Select(c => Describe(OneByOne(policy, c, at))));
        results.Where(r => r.IsDecision).Select(r => r.Decision!.EvaluatedAt).Distinct().Should().Equal(clock.Last);
    }

    [Fact]
    public void A_case_that_fails_is_its_error_and_the_cases_after_it_are_decided()
    {
        var (policy, _) = Retail();
        var cases = ReadAll(policy);
        var results = new CaseResult[cases.Length];

        policy.EvaluateMany(cases, results);

        var future = Array.FindIndex(cases, c => c.Id == "future");
        future.Should().BeGreaterThan(0).And.BeLessThan(cases.Length - 1);
        results[future].IsDecision.Should().BeFalse();
        results[future].Error!.Id.Should().Be("RR0410");
        results[future].Error!.CaseId.Should().Be("future");
        results[(future + 1)..].Should().OnlyContain(r => r.IsDecision);
    }

    [Fact]
    public void The_moment_given_in_the_options_is_every_case_s_and_the_clock_is_not_read()
    {
        var (policy, clock) = Retail();
        var cases = ReadAll(policy);
        var results = new CaseResult[cases.Length + 2];
        var now = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(1));

        policy.EvaluateMany(cases, results, new EvaluationOptions { Now = now, Explain = true });

        clock.Reads.Should().Be(0);
        results[..cases.Length].Where(r => r.IsDecision).Should().OnlyContain(r => r.Decision!.EvaluatedAt == now && r.Decision.Explanation != null);
        results[cases.Length..].Should().OnlyContain(r => r == null, "the elements past the cases are left as they are");
    }

    [Fact]
    public void A_destination_shorter_than_the_cases_is_refused_before_any_case_is_evaluated()
    {
        var (policy, clock) = Retail();
        var cases = ReadAll(policy);

        FluentActions.Invoking(() => policy.EvaluateMany(cases, new CaseResult[cases.Length - 1]))
            .Should().Throw<ArgumentException>().WithParameterName("destination");
        clock.Reads.Should().Be(0);
    }

    [Fact]
    public void A_case_of_another_policy_is_refused_before_any_case_is_evaluated()
    {
        var (policy, clock) = Retail();
        var (other, _) = Retail();
        var cases = ReadAll(policy);
        cases[3] = other.ReadCase(Lines[0]);
        var results = new CaseResult[cases.Length];

        FluentActions.Invoking(() => policy.EvaluateMany(cases, results))
            .Should().Throw<ArgumentException>().WithParameterName("cases").WithMessage("*index 3*another policy*");
        results.Should().OnlyContain(r => r == null);
        clock.Reads.Should().Be(0);
    }

    [Fact]
    public void No_cases_give_no_results()
    {
        var (policy, _) = Retail();

        FluentActions.Invoking(() => policy.EvaluateMany([], Span<CaseResult>.Empty)).Should().NotThrow();
    }

    [Fact]
    public async Task The_stream_yields_what_TryEvaluate_gives_each_case_in_order_reading_the_clock_once()
    {
        var (policy, clock) = Retail();
        var cases = ReadAll(policy);

        var results = new List<CaseResult>();
        await foreach (var result in policy.EvaluateManyAsync(Slowly(cases, TestContext.Current.CancellationToken), cancellationToken: TestContext.Current.CancellationToken))
        {
            results.Add(result);
        }

        clock.Reads.Should().Be(1);
        var at = new EvaluationOptions { Now = clock.Last };
        results.Select(Describe).Should().Equal(cases.Select(c => Describe(OneByOne(policy, c, at))));
    }

    [Fact]
    public async Task Canceling_stops_the_stream()
    {
        var (policy, _) = Retail();
        var cases = ReadAll(policy);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var seen = 0;

        var enumerate = async () =>
        {
            await foreach (var _ in policy.EvaluateManyAsync(Slowly(cases, TestContext.Current.CancellationToken), cancellationToken: cancel.Token))
            {
                if (++seen == 2)
                {
                    await cancel.CancelAsync();
                }
            }
        };

        await enumerate.Should().ThrowAsync<OperationCanceledException>();
        seen.Should().Be(2);
    }

    [Fact]
    public async Task A_case_of_another_policy_in_the_stream_is_refused_when_it_comes()
    {
        var (policy, _) = Retail();
        var (other, _) = Retail();
        RecoveryCase[] cases = [policy.ReadCase(Lines[0]), other.ReadCase(Lines[1])];
        var seen = 0;

        var enumerate = async () =>
        {
            await foreach (var _ in policy.EvaluateManyAsync(Slowly(cases, TestContext.Current.CancellationToken), cancellationToken: TestContext.Current.CancellationToken))
            {
                seen++;
            }
        };

        await enumerate.Should().ThrowAsync<ArgumentException>().WithMessage("*index 1*another policy*");
        seen.Should().Be(1);
    }

    internal static (RecoveryPolicy Policy, CountingClock Clock) Retail()
    {
        var clock = new CountingClock(Start);
        var path = RepositoryRoot.Combine("examples", "retail", "retail.policy.yaml");
        var result = PolicyYaml.Compile(File.ReadAllText(path), path, null, new RecoveryPolicyOptions { TimeProvider = clock });
        return (result.Policy!, clock);
    }

    private static RecoveryCase[] ReadAll(RecoveryPolicy policy) =>
        [.. Lines.Select(line => policy.TryReadCase(line, out var c, out _) ? c : null).OfType<RecoveryCase>()];

    internal static CaseResult OneByOne(RecoveryPolicy policy, RecoveryCase recoveryCase, EvaluationOptions options) =>
        policy.TryEvaluate(recoveryCase, out var decision, out var error, options) ? new CaseResult(decision, null) : new CaseResult(null, error);

    internal static string Describe(CaseResult result) => result.ToJson();

    private static async IAsyncEnumerable<RecoveryCase> Slowly(IEnumerable<RecoveryCase> cases, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var recoveryCase in cases)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return recoveryCase;
        }
    }

    /// <summary>A clock that moves on a second at each read and counts its reads.</summary>
    internal sealed class CountingClock(DateTimeOffset start) : TimeProvider
    {
        public int Reads { get; private set; }

        public DateTimeOffset Last { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            Reads++;
            Last = start.AddSeconds(Reads);
            return Last;
        }
    }
}
