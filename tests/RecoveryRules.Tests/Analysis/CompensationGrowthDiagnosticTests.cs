using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Analysis;

/// <summary>A compensation amount that grows without bound with a fact and that no cap limits (docs/diagnostics.md RR1009).</summary>
public sealed class CompensationGrowthDiagnosticTests
{
    [Fact]
    public void Amount_that_grows_with_the_delay_without_a_cap_is_reported() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: late
                when: delay > 24h
                then:
                  compensate:
                    - credit: {|RR1009:delay.hours * 2|}
            """).Single().Message.Should().Be("The amount of 'credit' in rule 'late' grows without bound with 'delay', and no cap limits it");

    [Fact]
    public void Amount_bounded_by_min_by_the_rule_s_own_conditions_or_at_most_all_of_a_money_fact_is_not_reported() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            facts:
              orderValue: money
            define:
              perHour: delay.hours * 2
            rules:
              - id: late
                when: delay > 24h
                then:
                  compensate:
                    - credit: min(perHour, 100)
              - id: late-but-not-very
                when: [delay > 24h, delay <= 72h]
                then:
                  compensate:
                    - credit: delay.hours
              - id: full-refund
                when: severity == critical
                then:
                  compensate:
                    - refund: 100% of orderValue
            """);

    [Fact]
    public void Amount_under_a_fixed_cap_is_not_reported() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            combine:
              cap: 500
            rules:
              - id: late
                when: delay > 24h
                then:
                  compensate:
                    - credit: delay.hours * 2
            """);

    [Fact]
    public void Amount_that_grows_with_a_count_is_reported_unless_the_rule_only_matches_small_counts() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts:
              repeatFailures: { type: number, default: 0 }
            rules:
              - id: repeat
                when: repeatFailures >= 2
                then:
                  compensate:
                    - voucher: {|RR1009:max(10, repeatFailures * 5)|}
              - id: second-failure
                when: [repeatFailures >= 1, repeatFailures < 3]
                then:
                  compensate:
                    - voucher: repeatFailures * 5
            """);

    [Fact]
    public void Amount_above_all_of_a_money_fact_is_reported_and_a_cap_at_that_fact_bounds_it()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts:
              orderValue: money
            rules:
              - id: double-refund
                when: severity == critical
                then:
                  compensate:
                    - refund: {|RR1009:200% of orderValue|}
            """).Single().Message.Should().Be(
                "The amount of 'refund' in rule 'double-refund' grows without bound with 'orderValue', faster than 'orderValue' itself, and no cap limits it");
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            facts:
              orderValue: money
            combine:
              cap: orderValue
            rules:
              - id: double-refund
                when: severity == critical
                then:
                  compensate:
                    - refund: 200% of orderValue
            """);
    }

    [Fact]
    public void Amount_whose_growth_depends_on_another_fact_is_not_reported() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            facts:
              claim: money
            rules:
              - id: interest
                when: delay > 14d
                then:
                  compensate:
                    - interest: 8% of claim * delay.days / 365
            """);
}
