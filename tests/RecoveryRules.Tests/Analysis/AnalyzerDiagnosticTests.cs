using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Analysis;

/// <summary>
/// Each analyzer of the policy analysis (docs/diagnostics.md RR1002–RR1006): a policy that
/// triggers it, with the exact id, line and column, and the corrected policy that does not.
/// </summary>
public sealed class AnalyzerDiagnosticTests
{
    private static readonly RecoveryPolicyOptions Coverage = new() { ReportCoverageGaps = true };

    [Fact]
    public void Rule_whose_conditions_contradict_each_other_never_matches() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            define:
              late: delay.hours > 24
            rules:
              - {|RR1003:id: late-but-quick
                when: [late, delay < 12h]
                then:
                  compensate: [apology]|}
            """);

    [Fact]
    public void Rule_whose_conditions_can_hold_together_is_not_reported() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            define:
              late: delay.hours > 12
            rules:
              - id: late-but-quick
                when: [late, delay < 24h]
                then:
                  compensate: [apology]
            """);

    [Fact]
    public void Rule_whose_oneOf_conditions_exclude_each_other_never_matches() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts:
              segment: { oneOf: [consumer, business] }
            rules:
              - {|RR1003:id: both
                when:
                  - segment == business
                  - segment in [consumer]
                then:
                  compensate: [apology]|}
            """);

    [Fact]
    public void Condition_comparing_two_facts_is_unknown_so_the_rule_is_not_reported() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            facts:
              orderValue: money
            rules:
              - id: between
                when: [orderValue > customer.value, orderValue < customer.value]
                then:
                  compensate: [apology]
            """);

    [Fact]
    public void Rule_that_earlier_stop_rules_always_pre_empt_is_unreachable() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts:
              outage: bool
            rules:
              - id: known-outage
                when: outage
                stop: true
                then:
                  compensate: [apology]
              - id: critical-outage
                when: [severity == critical, not outage]
                stop: true
                then:
                  escalate: duty-manager
              - {|RR1002:id: critical-callback
                when: severity >= critical
                then:
                  escalate: supervisor
            |}otherwise:
              escalate: team-lead
            """).Single().Message.Should().Be(
                "The rule 'critical-callback' is never considered: 'known-outage' or 'critical-outage' match and stop whenever it would match");

    [Fact]
    public void Rule_that_a_stop_rule_pre_empts_only_sometimes_is_not_reported() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            facts:
              outage: bool
            rules:
              - id: known-outage
                when: outage
                stop: true
                then:
                  compensate: [apology]
              - id: critical-callback
                when: severity >= critical
                then:
                  escalate: supervisor
            otherwise:
              escalate: team-lead
            """);

    [Fact]
    public void When_that_every_case_satisfies_always_holds() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: any-delay
                when: [{|RR1004:delay >= 0s|}, customer.tier >= standard]
                then:
                  compensate: [apology]
            """);

    [Fact]
    public void When_that_some_case_fails_and_a_literal_true_are_not_reported() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            rules:
              - id: some-delay
                when: [delay >= 1m, customer.tier >= standard]
                then:
                  compensate: [apology]
              - id: on-purpose
                when: true
                then:
                  compensate: [voucher]
            """);

    [Fact]
    public void Combinations_that_fall_to_no_rule_are_listed_as_escalation_gaps()
    {
        var diagnostic = PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            channels: [phone, social]
            scales:
              tier: [standard, gold]
            {|RR1005:rules|}:
              - id: critical
                when: severity == critical
                then:
                  escalate: duty-manager
              - id: major-gold
                when: [severity >= major, customer.tier >= gold, delay > 24h]
                then:
                  escalate: supervisor
              - id: moderate-phone
                when: [severity >= moderate, channel == phone]
                then:
                  compensate: [apology]
            """,
            policyOptions: Coverage).Single();
        diagnostic.Message.Should().Be(
            "No rule and no 'otherwise' decides escalation for 7 combination(s): whatever the other facts, their cases match no rule: "
            + "severity=minor, tier=standard, channel=phone; severity=minor, tier=standard, channel=social; severity=minor, tier=gold, channel=phone; "
            + "severity=minor, tier=gold, channel=social; severity=moderate, tier=standard, channel=social; and 2 more");
    }

    [Fact]
    public void Otherwise_that_escalates_closes_every_gap() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            rules:
              - id: critical
                when: severity == critical
                then:
                  escalate: duty-manager
            otherwise:
              escalate: team-lead
            """,
            Coverage);

    [Fact]
    public void Coverage_gaps_are_reported_only_when_asked_for() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            rules:
              - id: critical
                when: severity == critical
                then:
                  escalate: duty-manager
            """);

    [Fact]
    public void Coverage_past_the_enumeration_limit_is_said_to_be_skipped() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts:
              a: { oneOf: [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9] }
              b: { oneOf: [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9] }
              c: { oneOf: [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9] }
              d: { oneOf: [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9] }
            {|RR1006:rules|}:
              - id: ra
                when: a == a0
                then:
                  escalate: supervisor
              - id: rb
                when: b == b0
                then:
                  compensate: [apology]
              - id: rc
                when: c == c0
                then:
                  compensate: [apology]
              - id: rd
                when: d == d0
                then:
                  compensate: [apology]
            """,
            policyOptions: Coverage).Single().Message.Should().Be(
                "The analysis did not look at the escalation coverage: it spans 960000 cells, and the analysis enumerates at most 100000 cells for a rule and 4000000 for a policy");

    [Fact]
    public void Rule_past_the_enumeration_limit_is_said_to_be_skipped() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts: {a: bool, b: bool, c: bool, d: bool, e: bool, f: bool, g: bool, h: bool, i: bool, j: bool, k: bool, l: bool, m: bool, n: bool, o: bool, p: bool, q: bool}
            rules:
              - {|RR1006:id: any-flag
                when: a or b or c or d or e or f or g or h or i or j or k or l or m or n or o or p or q
                then:
                  compensate: [apology]|}
            """).Single().Severity.Should().Be(RecoveryRules.Diagnostics.DiagnosticSeverity.Info);

    [Fact]
    public void Rule_just_under_the_enumeration_limit_is_analyzed() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts: {a: bool, b: bool, c: bool, d: bool, e: bool, f: bool, g: bool, h: bool, i: bool, j: bool, k: bool, l: bool, m: bool, n: bool, o: bool, p: bool}
            rules:
              - id: any-flag
                when: [{|RR1004:a or not a or b or c or d or e or f or g or h or i or j or k or l or m or n or o or p|}]
                then:
                  compensate: [apology]
            """);
}
