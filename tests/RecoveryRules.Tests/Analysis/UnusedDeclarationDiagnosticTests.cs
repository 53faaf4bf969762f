using RecoveryRules.Tests.Infrastructure;

namespace RecoveryRules.Tests.Analysis;

/// <summary>Facts, scale members, channels and roles nothing uses (docs/diagnostics.md RR1010–RR1013).</summary>
public sealed class UnusedDeclarationDiagnosticTests
{
    [Fact]
    public void Fact_without_a_default_that_nothing_reads_is_unused() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            facts:
              orderValue: money
              {|RR1010:ticketId|}: text
              source: { type: text, default: crm }
              repeatFailures: { type: number, default: 0 }
            define:
              repeated: repeatFailures > 1
            rules:
              - id: refund
                when: repeated
                then:
                  compensate:
                    - refund: 10% of orderValue
            """).Single().Message.Should().Be(
                "The fact 'ticketId' is never used: no rule, define, amount, limit or cap reads it, yet every case must give it");

    [Fact]
    public void Fact_read_only_by_the_cap_or_a_limit_is_used() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            facts:
              orderValue: money
              budget: money
            combine:
              cap: orderValue
            rules:
              - id: refund
                then:
                  compensate:
                    - apology
                  empower: { role: frontline, limit: budget }
            """);

    [Fact]
    public void Escalation_member_that_no_rule_escalates_to_is_unused() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            scales:
              escalation: [shift-lead, floor-manager, {|RR1011:owner|}]
            rules:
              - id: critical
                when: severity == critical
                then:
                  escalate: floor-manager
            otherwise:
              escalate: shift-lead
            """).Single().Message.Should().Be(
                "The member 'owner' of scale 'escalation' is never used: no 'escalate' or expression names it, and no expression orders escalation members");

    [Fact]
    public void Severity_scale_that_nothing_reads_is_unused_and_one_that_is_read_is_used()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            scales:
              severity: [{|RR1011:low|}, {|RR1011:high|}]
            rules:
              - id: everyone
                then:
                  compensate: [apology]
            """);
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            scales:
              severity: [low, medium, high]
              tier: [basic, premium]
            rules:
              - id: high
                when: severity == high
                then:
                  compensate: [apology]
            """);
    }

    [Fact]
    public void Channels_that_no_rule_reads_are_unused() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            channels: [{|RR1012:counter|}, {|RR1012:drive-thru|}]
            rules:
              - id: everyone
                then:
                  compensate: [apology]
            """)[0].Message.Should().Be("The channel 'counter' is never used: no expression names it or reads 'channel'");

    [Fact]
    public void Every_channel_is_used_once_a_rule_reads_the_channel_and_the_default_list_is_never_reported()
    {
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            channels: [counter, drive-thru, delivery-app]
            rules:
              - id: drive-thru
                when: channel == drive-thru
                then:
                  compensate: [apology]
            """);
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            channels: [phone, email, chat, social, store, app]
            rules:
              - id: everyone
                then:
                  compensate: [apology]
            """);
    }

    [Fact]
    public void Role_that_no_empowerment_names_is_unused() =>
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            scales:
              role: [crew, shift-lead, {|RR1013:owner|}]
            rules:
              - id: critical
                when: severity == critical
                then:
                  empower: { role: shift-lead, limit: 50 }
            otherwise:
              empower: { role: crew, limit: 10 }
            """).Single().Message.Should().Be(
                "The role 'owner' is never used: no 'empower' or expression names it, and no expression reads or orders roles");

    [Fact]
    public void Roles_named_by_empowerments_are_used() =>
        PolicyAssert.Clean("""
            policy: p
            version: "1"
            scales:
              role: [crew, shift-lead, owner]
            rules:
              - id: critical
                when: severity == critical
                then:
                  empower: { role: owner, limit: 50 }
              - id: major
                when: severity == major
                then:
                  empower: { role: shift-lead, limit: 20 }
            otherwise:
              empower: { role: crew, limit: 10 }
            """);
}
