using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Evaluation;

namespace RecoveryRules.Tests.CaseMapping;

/// <summary>
/// Binding a case map checks it against the policy's facts: each problem is an error diagnostic with its id,
/// located (one-based line and column) at the fact's declaration in the policy file, or at the file's start for a
/// built-in fact or one the policy does not declare, naming the fact and the mapping expression.
/// </summary>
public sealed class CaseMapBindingTests
{
    private const string PolicyFile = "crm.policy.yaml";

    /// <summary>A CRM enum with names that are not members of the severity scale.</summary>
    public enum Urgency
    {
        Low,
        Critical,
        Blocker,
    }

    private static RecoveryPolicy Policy { get; } = Policies.LoadFrom("CaseMapping", PolicyFile);

    /// <summary>Maps every fact without default of the policy, but <paramref name="except"/>.</summary>
    private static CaseMapBuilder<Ticket> Required(CaseMapBuilder<Ticket> m, string? except = null)
    {
        if (except != "severity")
        {
            m.Severity(t => t.Priority);
        }

        m.Channel(t => t.Source).Delay(t => t.Waiting);
        if (except != "orderValue")
        {
            m.Fact("orderValue", t => t.Order!.Total);
        }

        if (except != "failureType")
        {
            m.Fact("failureType", t => t.Failure);
        }

        if (except != "proactive")
        {
            m.Fact("proactive", t => t.Proactive);
        }

        return m;
    }

    [Fact]
    public void A_map_of_every_required_fact_binds_without_diagnostics()
    {
        var map = CaseMap<Ticket>.Create(m => Required(m).Id(t => t.Number));

        map.TryBind(Policy, out var mapping, out var diagnostics).Should().BeTrue();

        diagnostics.Should().BeEmpty();
        mapping!.Policy.Should().BeSameAs(Policy);
        mapping.Map.Should().BeSameAs(map);
        map.Facts.Should().Equal("severity", "channel", "delay", "orderValue", "failureType", "proactive");
    }

    [Fact]
    public void A_declared_fact_without_default_left_unmapped_is_RR0600_at_its_declaration()
    {
        var map = CaseMap<Ticket>.Create(m => m.Severity(t => t.Priority).Channel(t => t.Source).Delay(t => t.Waiting)
            .Fact("failureType", t => t.Failure).Fact("proactive", t => t.Proactive));

        var diagnostic = Single(map);

        Expect(diagnostic, "RR0600", 6, 3);
        diagnostic.Message.Should().Be("The fact 'orderValue' of policy 'crm' has no default, but the case map of Ticket does not map it; map it (Fact(\"orderValue\", t => …)), or give the fact a default in the policy");
    }

    [Fact]
    public void A_built_in_fact_left_unmapped_is_RR0600_at_the_start_of_the_policy_file()
    {
        var map = CaseMap<Ticket>.Create(m => m.Severity(t => t.Priority).Channel(t => t.Source)
            .Fact("orderValue", t => t.Order!.Total).Fact("failureType", t => t.Failure).Fact("proactive", t => t.Proactive));

        var diagnostic = Single(map);

        Expect(diagnostic, "RR0600", 1, 1);
        diagnostic.Message.Should().Contain("'delay'").And.Contain("(Delay(t => …) or OccurredAt(t => …))");
    }

    [Fact]
    public void OccurredAt_in_place_of_delay_binds()
    {
        var map = CaseMap<Ticket>.Create(m => m.Severity(t => t.Priority).Channel(t => t.Source).OccurredAt(t => t.OpenedAt)
            .Fact("orderValue", t => t.Order!.Total).Fact("failureType", t => t.Failure).Fact("proactive", t => t.Proactive));

        map.TryBind(Policy, out _, out var diagnostics).Should().BeTrue();
        diagnostics.Should().BeEmpty();
    }

    [Fact]
    public void A_mapped_fact_the_policy_does_not_declare_is_RR0601_naming_the_mapping()
    {
        var map = CaseMap<Ticket>.Create(m => Required(m).Fact("ordervalue", t => t.Order!.Total));

        var diagnostic = Single(map);

        Expect(diagnostic, "RR0601", 1, 1);
        diagnostic.Message.Should().Be("The case map maps 'ordervalue' (`t => t.Order.Total`), but policy 'crm' declares no such fact (did you mean 'orderValue'?). Facts: agentNote, channel, customer.tier, customer.value, delay, failureType, handling, orderValue, proactive, repeatFailures, severity");
    }

    [Theory]
    [InlineData("orderValue", 6, 3, "money (EUR)", "bool")]
    [InlineData("proactive", 9, 3, "a boolean", "decimal")]
    [InlineData("failureType", 8, 3, "a member of 'failureType'", "int?")]
    [InlineData("handling", 10, 3, "a duration", "decimal")]
    [InlineData("agentNote", 11, 3, "text", "bool?")]
    [InlineData("repeatFailures", 7, 3, "a number", "string")]
    public void A_mapping_whose_type_cannot_convert_to_its_fact_is_RR0602_at_the_fact(string fact, int line, int column, string factType, string mappedType)
    {
        var map = CaseMap<Ticket>.Create(m =>
        {
            Required(m, fact);
            _ = mappedType switch
            {
                "bool" => m.Fact(fact, t => t.Proactive == true),
                "bool?" => m.Fact(fact, t => t.Proactive),
                "decimal" => m.Fact(fact, t => t.Order!.Total),
                "int?" => m.Fact(fact, t => t.RepeatCount),
                _ => m.Fact(fact, t => t.Segment),
            };
        });

        var diagnostic = Single(map);

        Expect(diagnostic, "RR0602", line, column);
        diagnostic.Message.Should().StartWith($"The fact '{fact}' is {factType}, but its mapping `t => ").And.Contain($"` gives {mappedType}, which cannot convert to it; map ");
    }

    [Fact]
    public void Each_enum_name_that_is_no_member_is_RR0603_naming_the_enum_value_and_the_members()
    {
        var map = CaseMap<Ticket>.Create(m => Required(m.Severity(t => Urgency.Blocker), except: "severity"));

        var act = () => map.Bind(Policy);

        var exception = act.Should().Throw<PolicyCompilationException>().Which;
        exception.Diagnostics.Select(d => (d.Id, d.Location.Line + 1, d.Location.Column + 1, d.Message)).Should().Equal(
            ("RR0603", 1, 1, "The mapping `t => Blocker` of 'severity' can give Urgency.Low, which is not a member of scale 'severity'; enum names match members ignoring case. Members: minor, moderate, major, critical"),
            ("RR0603", 1, 1, "The mapping `t => Blocker` of 'severity' can give Urgency.Blocker, which is not a member of scale 'severity'; enum names match members ignoring case. Members: minor, moderate, major, critical"));
        exception.Message.Should().Contain("crm.policy.yaml(1,1): error RR0603: The mapping `t => Blocker` of 'severity' can give Urgency.Low");
    }

    [Fact]
    public void An_enum_of_a_declared_fact_is_checked_at_the_facts_declaration()
    {
        var map = CaseMap<Ticket>.Create(m => Required(m, except: "failureType").Fact("failureType", t => t.Priority));

        var diagnostics = Bind(map);

        diagnostics.Select(d => (d.Id, d.Location.Line + 1, d.Location.Column + 1)).Should().Equal(
            ("RR0603", 8, 3), ("RR0603", 8, 3), ("RR0603", 8, 3), ("RR0603", 8, 3));
        diagnostics[0].Message.Should().Be("The mapping `t => t.Priority` of 'failureType' can give Priority.Minor, which is not a member of 'failureType'; enum names match members ignoring case. Members: information, operation, technical");
    }

    [Fact]
    public void Every_problem_of_a_map_is_reported_at_once()
    {
        var map = CaseMap<Ticket>.Create(m => m.Severity(t => t.Priority).Channel(t => t.Source).Delay(t => t.Waiting)
            .Fact("orderValue", t => t.Proactive == true).Fact("severityy", t => t.Segment));

        var diagnostics = Bind(map);

        diagnostics.Select(d => d.Id).Should().Equal("RR0602", "RR0601", "RR0600", "RR0600");
        diagnostics.Select(d => d.ToString()).Should().AllSatisfy(text => text.Should().StartWith(PolicyFile + "("));
    }

    [Fact]
    public void A_fact_mapped_twice_is_refused_when_the_map_is_made()
    {
        var act = () => CaseMap<Ticket>.Create(m => m.Fact("orderValue", t => t.Order!.Total).Fact("orderValue", t => t.RepeatCount));

        act.Should().Throw<ArgumentException>()
            .WithMessage("The case map maps 'orderValue' twice: `t => t.Order.Total` and `t => t.RepeatCount`; map each fact once.*");
    }

    private static List<Diagnostic> Bind(CaseMap<Ticket> map)
    {
        map.TryBind(Policy, out var mapping, out var diagnostics).Should().BeFalse();
        mapping.Should().BeNull();
        return [.. diagnostics];
    }

    private static Diagnostic Single(CaseMap<Ticket> map) => Bind(map).Should().ContainSingle().Subject;

    private static void Expect(Diagnostic diagnostic, string id, int line, int column)
    {
        diagnostic.Id.Should().Be(id);
        diagnostic.IsError.Should().BeTrue();
        (diagnostic.Location.Line + 1, diagnostic.Location.Column + 1).Should().Be((line, column), diagnostic.ToString());
    }
}
