namespace RecoveryRules.Tests.Infrastructure;

public sealed class PolicyAssertTests
{
    [Fact]
    public void A_mismatch_fails_with_the_actual_diagnostics_as_paste_ready_markup()
    {
        var check = () => PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: severity == critcal
                then: { note: x }
            """);
        check.Should().Throw<Xunit.Sdk.XunitException>()
            .Which.Message.Should().Contain("reported but not expected: RR0201 at (5,23)-(5,30)")
            .And.Contain("    when: severity == {|RR0201:critcal|}");
    }

    [Fact]
    public void A_wrong_span_end_is_a_mismatch()
    {
        var check = () => PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: severity == {|RR0201:critca|}l
                then: { note: x }
            """);
        check.Should().Throw<Xunit.Sdk.XunitException>().Which.Message.Should().Contain("expected but not reported: RR0201");
    }

    [Fact]
    public void An_empty_span_checks_only_the_start()
    {
        PolicyAssert.Diagnostics("""
            policy: p
            version: "1"
            rules:
              - id: r
                when: severity == {|RR0201:|}critcal
                then: { note: x }
            """);
    }
}
