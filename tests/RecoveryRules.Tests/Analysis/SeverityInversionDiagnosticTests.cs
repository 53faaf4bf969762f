using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Analysis;

/// <summary>A more severe case escalated lower, or later, than a less severe one with everything else equal (docs/diagnostics.md RR1014).</summary>
public sealed class SeverityInversionDiagnosticTests
{
    [Fact]
    public void More_severe_case_escalated_to_a_lower_target_is_an_inversion() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: major
                when: severity == major
                then:
                  escalate: { to: supervisor, within: 4h }
              - {|RR1014:|}id: critical
                when: severity == critical
                then:
                  escalate: { to: team-lead, within: 1h }
            """).Single().Message.Should().Be(
                "A more severe case gets a lower escalation target: with everything else equal, severity=critical gets 'team-lead' within PT1H (rule 'critical'), but severity=major gets 'supervisor' within PT4H (rule 'major')");

    [Fact]
    public void More_severe_case_with_the_same_target_but_a_longer_within_is_an_inversion() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: major-gold
                when: [severity >= major, customer.tier >= gold]
                then:
                  escalate: { to: supervisor, within: 4h }
              - {|RR1014:|}id: critical-gold
                priority: 1
                when: [severity == critical, customer.tier >= gold]
                stop: true
                then:
                  escalate: { to: supervisor, within: 8h }
            """).Single().Message.Should().Be(
                "A more severe case gets a longer 'within' for the same target: with tier=gold, severity=critical gets 'supervisor' within PT8H (rule 'critical-gold'), but severity=major gets 'supervisor' within PT4H (rule 'major-gold')");

    [Fact]
    public void Escalation_that_rises_with_severity_is_not_an_inversion() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            rules:
              - id: major
                when: severity == major
                then:
                  escalate: { to: supervisor, within: 4h }
              - id: critical
                when: severity == critical
                then:
                  escalate: { to: duty-manager, within: 8h }
              - id: every-late-case
                when: delay > 24h
                then:
                  escalate: { to: team-lead, within: 1h }
            """);
}
