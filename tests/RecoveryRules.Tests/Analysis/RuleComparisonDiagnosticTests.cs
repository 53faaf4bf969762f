using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Analysis;

/// <summary>
/// Rules compared with each other (docs/diagnostics.md RR1007, RR1008): equivalent conditions, and
/// a rule whose cases all match another rule that decides the same.
/// </summary>
public sealed class RuleComparisonDiagnosticTests
{
    [Fact]
    public void Rule_with_conditions_written_differently_but_matching_the_same_cases_is_equivalent() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: gold-late
                when: [customer.tier >= gold, delay > 24h]
                then:
                  compensate:
                    - voucher: 20
              - {|RR1007:|}id: platinum-late
                when: ["customer.tier in [gold, platinum]", delay.hours > 24]
                then:
                  compensate:
                    - voucher: 30
            """).Single().Message.Should().Be(
                "The rule 'platinum-late' matches exactly the cases that 'gold-late' matches; merge the two, or make their conditions differ");

    [Fact]
    public void Rules_whose_conditions_differ_in_one_case_are_not_equivalent() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            rules:
              - id: gold-late
                when: [customer.tier >= gold, delay > 24h]
                then:
                  compensate:
                    - voucher: 20
              - id: platinum-late
                when: [customer.tier == platinum, delay.hours > 24]
                then:
                  compensate:
                    - voucher: 30
            """);

    [Fact]
    public void Rules_whose_equivalence_the_analysis_cannot_decide_are_not_reported() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            facts:
              orderValue: money
            rules:
              - id: big-order
                when: orderValue > customer.value
                then:
                  compensate:
                    - voucher: 20
              - id: big-order-again
                when: orderValue > customer.value
                then:
                  escalate: supervisor
            """);

    [Fact]
    public void Rule_whose_cases_all_match_a_rule_deciding_the_same_is_subsumed() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: late
                when: delay > 24h
                then:
                  compensate:
                    - voucher: 10
              - {|RR1008:|}id: very-late
                when: [delay > 72h, severity >= moderate]
                then:
                  compensate:
                    - voucher: 10
            """).Single().Message.Should().Be(
                "The rule 'very-late' adds nothing to 'late': every case it matches also matches 'late', which decides the same; with 'compensation: sum' such a case gets its compensation twice");

    [Fact]
    public void Subsumed_rule_is_found_when_the_wider_rule_comes_later() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            combine:
              compensation: max
            rules:
              - {|RR1008:|}id: critical-social
                when: [severity == critical, channel == social]
                then:
                  escalate: { to: duty-manager, within: 1h }
              - id: critical
                when: severity == critical
                then:
                  escalate: { to: duty-manager, within: 1h }
            """).Single().Message.Should().Be(
                "The rule 'critical-social' adds nothing to 'critical': every case it matches also matches 'critical', which decides the same");

    [Fact]
    public void Narrower_rule_that_decides_more_is_not_subsumed() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            rules:
              - id: late
                when: delay > 24h
                then:
                  compensate:
                    - voucher: 10
              - id: very-late
                when: [delay > 72h, severity >= moderate]
                then:
                  compensate:
                    - voucher: 25
            """);

    [Fact]
    public void Stop_rule_between_the_two_keeps_the_narrower_rule_from_being_subsumed() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            facts:
              outage: bool
            rules:
              - id: critical-social
                when: [severity == critical, channel == social]
                then:
                  escalate: duty-manager
              - id: outage
                when: outage
                stop: true
                then:
                  compensate: [apology]
              - id: critical
                when: severity == critical
                then:
                  escalate: duty-manager
            """);
}
