using System.Buffers;
using System.Text;
using CsCheck;
using RecoveryRules.Evaluation;
using RecoveryRules.Tests.Properties;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// The decision line's lists and moment (docs/design.md §43) against the reference (<see cref="Decision.ToJson"/> of the decision
/// <see cref="RecoveryPolicy.TryEvaluate"/> gives): rule ids of every length around the 16-byte block that holds an id with its
/// length (ids of at most 15 bytes with their quotes and comma, then longer ones that take the old copies), in the <c>fired</c>
/// and the empowerment's <c>rules</c> lists, notes of every length, in every mode; more fired rules than the thread's first lists
/// hold; and moments that change from line to line on one thread. The probe checks that both id paths ran.
/// </summary>
public sealed class DecisionLineListTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, 120, TimeSpan.FromHours(2));

    private static readonly Condition Always = new("orderValue >= 0", _ => true);

    [Theory]
    [InlineData(1U)]
    [InlineData(2U)]
    [InlineData(3U)]
    public void Lines_with_ids_and_notes_of_every_length_are_their_decision_json(uint seed)
    {
        var probe = new DecisionLine.LinePaths();
        DecisionLine.Probe = probe;
        var written = 0;
        var withBlocks = 0;
        var withoutBlocks = 0;
        try
        {
            var random = new PCG(seed, 43);
            for (var p = 0; p < 40; p++)
            {
                // Half the policies have ids of at most 15 bytes with their quotes and comma (",\"" + 12 + "\""), half may have longer.
                var longest = p % 2 == 0 ? 12 : 20;
                var policy = Compile(random, Gen.OneOf("sum", "max", "first").Generate(random, null, out _), longest, out var blocks);
                var lines = 0;
                foreach (var c in PolicyGenerators.Cases.Array[25, 25].Generate(random, null, out _))
                {
                    lines += PlainLineComparison.Compare(policy, c.ToJson(), Now) == PlainLine.Written ? 1 : 0;
                }

                written += lines;
                withBlocks += blocks ? lines : 0;
                withoutBlocks += blocks ? 0 : lines;
            }
        }
        finally
        {
            DecisionLine.Probe = null;
        }

        // Not vacuous: lines were written with ids as blocks and with the old copies (a policy with an id of 16 bytes or more).
        written.Should().BeGreaterThan(500);
        probe.Lines.Should().Be(written);
        probe.BlockIds.Should().Be(withBlocks);
        withBlocks.Should().BePositive();
        withoutBlocks.Should().BePositive();
        probe.SeveralEmpowering.Should().BePositive("the rules list of several empowering rules is written too");
    }

    [Fact]
    public void Ids_of_fifteen_and_sixteen_bytes_take_their_own_paths_and_write_the_same_lines()
    {
        // ",\"" + 12 characters + "\"" is 15 bytes: blocks; 13 characters make 16: the old copies.
        foreach (var (length, blocks) in new[] { (12, true), (13, false), (1, true) })
        {
            var id = new string('q', length);
            var generated = new GeneratedPolicy("sum", "highest", "highest", null,
            [
                new GeneratedRule(id, null, false, [Always], new GeneratedDecision([new("gift", new Amount("5", _ => 0m), null)], null,
                    new GeneratedEmpowerment("frontline", null, ["refund"]), "A note")),
                new GeneratedRule("b", null, false, [Always], new GeneratedDecision([], null, new GeneratedEmpowerment("frontline", null, ["credit"]), null)),
            ], null);
            var policy = PolicyYaml.Compile(generated.ToYaml(), "ids.policy.yaml").GetPolicyOrThrow();
            var probe = new DecisionLine.LinePaths();
            DecisionLine.Probe = probe;
            try
            {
                PlainLineComparison.Compare(policy, PolicyGenerators.Cases.Generate(new PCG(9, 43), null, out _).ToJson(), Now).Should().Be(PlainLine.Written);
            }
            finally
            {
                DecisionLine.Probe = null;
            }

            probe.BlockIds.Should().Be(blocks ? 1 : 0, $"an id of {length} characters");
        }
    }

    [Fact]
    public void More_fired_rules_than_the_first_lists_hold_and_a_moment_that_changes_write_the_same_lines()
    {
        // 300 rules that all fire: the thread's lists (768 elements at first) grow; every line is at another moment than the last,
        // now and then the same moment again, or the same moment in another offset.
        var generated = new GeneratedPolicy("sum", "highest", "highest", null,
            [.. Enumerable.Range(0, 300).Select(i => new GeneratedRule($"rule-{i:D3}", null, false, [Always],
                new GeneratedDecision([new("gift", new Amount("1", _ => 0m), null)], null,
                    i % 3 == 0 ? new GeneratedEmpowerment("frontline", null, ["refund"]) : null, i % 2 == 0 ? $"Note {i}" : null)))], null);
        var policy = PolicyYaml.Compile(generated.ToYaml(), "many.policy.yaml").GetPolicyOrThrow();
        var moments = new[]
        {
            Now, Now.AddTicks(1), Now, Now.AddSeconds(1), Now.ToOffset(TimeSpan.Zero), Now.AddMilliseconds(-120), Now, Now.AddDays(400),
        };
        var cases = PolicyGenerators.Cases.Array[16, 16].Generate(new PCG(11, 43), null, out _);
        for (var i = 0; i < cases.Length; i++)
        {
            PlainLineComparison.Compare(policy, cases[i].ToJson(), moments[i % moments.Length]).Should().Be(PlainLine.Written);
        }
    }

    private static RecoveryPolicy Compile(PCG random, string mode, int longestId, out bool blocks)
    {
        var items = Gen.Frequency(
            (3, Gen.Select(Gen.OneOf("refund", "credit", "gift"), PolicyGenerators.Amounts, (kind, amount) => new GeneratedItem(kind, amount, null))),
            (1, Gen.OneOf("apology", "upgrade").Select(kind => new GeneratedItem(kind, null, null))));
        var notes = Gen.Frequency((2, Gen.Const((string?)null)), (3, Gen.Int[1, 70].Select(n => (string?)new string('n', n))));
        var decisions = Gen.Select(items.Array[0, 2], PolicyGenerators.Empowerments.Null(0.4), notes,
            (i, empower, note) => new GeneratedDecision(i, null, empower, note));
        var rules = Gen.Select(Gen.Frequency((3, Gen.Const(Always)), (1, PolicyGenerators.Atom)), decisions, Gen.Int[0, longestId - 3]).Array[3, 40]
            .Generate(random, null, out _);

        // Each id is unique (its number) and padded to a random length: up to longestId characters.
        var ids = rules.Select((rule, i) => $"r{i:D2}" + new string('x', rule.Item3)).ToArray();
        blocks = ids.All(id => id.Length + 3 <= 15);
        var generated = new GeneratedPolicy(mode, "highest", "highest", null,
            [.. rules.Select((rule, i) => new GeneratedRule(ids[i], null, false, [rule.Item1], rule.Item2))], null);
        return PolicyYaml.Compile(generated.ToYaml(), "lists.policy.yaml").GetPolicyOrThrow();
    }
}
