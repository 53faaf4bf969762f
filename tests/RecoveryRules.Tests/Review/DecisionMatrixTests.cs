using System.Globalization;
using System.Text;
using RecoveryRules.Analysis;
using RecoveryRules.Yaml;

namespace RecoveryRules.Tests.Review;

/// <summary>The decision matrix of a known policy (Data/review.policy.yaml), cell by cell (docs/design.md, "The decision matrix").</summary>
public sealed class DecisionMatrixTests
{
    private static readonly RecoveryPolicy Policy =
        PolicyYaml.LoadFile(Path.Combine(AppContext.BaseDirectory, "Review", "Data", "review.policy.yaml"));

    private static readonly DecisionMatrix Matrix = DecisionMatrix.Create(Policy);

    [Fact]
    public void The_matrix_has_a_cell_for_every_channel_severity_and_tier_in_that_order()
    {
        Matrix.IsComplete.Should().BeTrue();
        Matrix.Severities.Should().Equal("minor", "major", "critical");
        Matrix.Tiers.Should().Equal("standard", "gold");
        Matrix.Channels.Should().Equal("phone", "social");
        Matrix.EscalationLevels.Should().Equal("support-lead", "duty-manager");
        Matrix.Policy.Should().Be(Policy.Identity);
        Matrix.Currency.Should().Be("EUR");
        Matrix.Cells.Select(c => $"{c.Channel}/{c.Severity}/{c.Tier}").Should().Equal(
            "phone/minor/standard", "phone/minor/gold", "phone/major/standard", "phone/major/gold", "phone/critical/standard", "phone/critical/gold",
            "social/minor/standard", "social/minor/gold", "social/major/standard", "social/major/gold", "social/critical/standard", "social/critical/gold");
    }

    [Fact]
    public void Highest_escalation_wins_with_the_shortest_sla_and_the_total_is_capped()
    {
        var cell = Matrix.Cell("critical", "gold", "phone");

        // critical always fires; gold-late when late (support-lead 2h), so the SLA is 1h either way.
        cell.Escalations.Should().Equal(new EscalationReach("duty-manager", 1, TimeSpan.FromHours(1)));
        cell.MayNotEscalate.Should().BeFalse();
        cell.Compensation.Should().Be(new CompensationRange("EUR", 50m, 75m));
        cell.CompensationKinds.Should().Equal("refund", "voucher", "credit");
        cell.Rules.Should().Equal("critical", "gold-late", "big-order");
        cell.Coverage.Should().Be(CellCoverage.Covered);
    }

    [Fact]
    public void A_cell_where_some_cases_match_no_rule_is_partly_covered_and_gets_otherwise()
    {
        var cell = Matrix.Cell("minor", "gold", "phone");

        cell.Coverage.Should().Be(CellCoverage.Partial);
        cell.Escalations.Should().Equal(new EscalationReach("support-lead", 0, TimeSpan.FromHours(2)));
        cell.Rules.Should().Equal("gold-late", "big-order");
        cell.Compensation.Should().Be(new CompensationRange("EUR", 0m, 25m));
    }

    [Fact]
    public void An_amount_that_grows_with_the_delay_is_unbounded_until_the_cap()
    {
        var cell = Matrix.Cell("major", "standard", "social");

        cell.Compensation.Minimum.Should().Be(0m);
        cell.Compensation.Maximum.Should().Be(80m, "the cap of 80 limits delay.hours * 2");
        cell.Rules.Should().Equal("waiting", "big-order");
        cell.Coverage.Should().Be(CellCoverage.Covered, "waiting always fires for major on social");
        cell.Escalations.Should().BeEmpty("a rule always matches, so otherwise never applies, and no rule escalates");
        cell.MayNotEscalate.Should().BeTrue();
    }

    [Fact]
    public void Without_a_cap_an_amount_that_grows_with_the_delay_is_unbounded()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Review", "Data", "review.policy.yaml")).Replace("  cap: 80\n", string.Empty, StringComparison.Ordinal);
        var matrix = DecisionMatrix.Create(PolicyYaml.Compile(text, "uncapped.policy.yaml").GetPolicyOrThrow());

        matrix.Cell("major", "standard", "social").Compensation.Should().Be(new CompensationRange("EUR", 0m, null));
        matrix.Cell("major", "standard", "social").Compensation.IsUnbounded.Should().BeTrue();
        matrix.Cell("major", "standard", "phone").Compensation.Should().Be(new CompensationRange("EUR", 0m, 5m));
    }

    [Fact]
    public void A_rule_comparing_two_facts_is_undecided_and_its_cells_are_not_exact()
    {
        Matrix.UndecidedRules.Should().Equal("big-order");
        Matrix.Cells.Should().OnlyContain(c => !c.IsExact);

        var exact = PolicyYaml.Compile(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Review", "Data", "review.policy.yaml")).Replace("orderValue > customer.value", "orderValue > 100", StringComparison.Ordinal),
            "exact.policy.yaml").GetPolicyOrThrow();
        var matrix = DecisionMatrix.Create(exact);
        matrix.UndecidedRules.Should().BeEmpty();
        matrix.Cells.Should().OnlyContain(c => c.IsExact);
    }

    [Fact]
    public void A_cell_no_rule_decides_is_uncovered()
    {
        var policy = PolicyYaml.Compile("""
            policy: partial
            version: "1"
            rules:
              - id: only-critical
                when: severity == critical
                then:
                  escalate: { to: supervisor }
            """, "partial.policy.yaml").GetPolicyOrThrow();
        var matrix = DecisionMatrix.Create(policy);

        var minor = matrix.Cell("minor", "standard", "phone");
        minor.Coverage.Should().Be(CellCoverage.Uncovered);
        minor.Escalations.Should().BeEmpty();
        minor.MayNotEscalate.Should().BeTrue();
        minor.Compensation.IsNone.Should().BeTrue();
        minor.Rules.Should().BeEmpty();
        matrix.Cell("critical", "platinum", "app").Escalations.Should().Equal(new EscalationReach("supervisor", 1, null));
    }

    [Fact]
    public void An_unknown_name_is_an_argument_error()
    {
        var act = () => Matrix.Cell("minor", "platinum", "phone");

        act.Should().Throw<ArgumentException>().WithMessage("*tier=platinum*");
    }

    [Fact]
    public void A_space_past_the_limits_is_not_enumerated_and_says_how_large_it_is()
    {
        // Eight numbers each compared at ten thresholds: 21^8 cases for every cell.
        var yaml = new StringBuilder("policy: huge\nversion: \"1\"\nfacts:\n");
        for (var f = 0; f < 8; f++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  n{f}: number\n");
        }

        yaml.Append("rules:\n");
        for (var f = 0; f < 8; f++)
        {
            for (var t = 0; t < 10; t++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"  - id: r{f}-{t}\n    when: n{f} > {t}\n    then:\n      escalate: {{ to: supervisor }}\n");
            }
        }

        var matrix = DecisionMatrix.Create(PolicyYaml.Compile(yaml.ToString(), "huge.policy.yaml").GetPolicyOrThrow());

        matrix.IsComplete.Should().BeFalse();
        matrix.Cells.Should().BeEmpty();
        matrix.RequiredCells.Should().BeGreaterThan(DecisionMatrix.MaxCells);
        var act = () => matrix.Cell("minor", "standard", "phone");
        act.Should().Throw<InvalidOperationException>().WithMessage("*was not computed*");
    }
}
