using System.Text;
using RecoveryRules.Diagnostics;
using RecoveryRules.Tests.Evaluation;
using RecoveryRules.Tests.Fuzzing;

namespace RecoveryRules.Tests.CaseMapping;

/// <summary>What a bound case mapping does with a ticket: values as case JSON reads them, null as absent, errors as values.</summary>
public sealed class CaseMappingTests
{
    private static readonly Ticket Critical = new()
    {
        Number = "c-1042",
        Priority = Priority.Critical,
        Source = "phone",
        Waiting = TimeSpan.FromHours(3),
        Account = new Account("gold", 12000m),
        Order = new Order(80m),
        Failure = FailureKind.TECHNICAL,
        Proactive = false,
    };

    private static RecoveryPolicy Retail => CaseFuzzing.Policy("retail")[1];

    private static RecoveryPolicy Cases => CaseFuzzing.Policy("cases")[1];

    private static CaseMapping<Ticket> RetailMapping { get; } = Tickets.Map(segment: false).Bind(Retail);

    private static CaseMapping<Ticket> CasesMapping { get; } = Tickets.Map(segment: true).Bind(Cases);

    [Fact]
    public void A_mapped_ticket_decides_as_its_case_json()
    {
        foreach (var policy in CaseFuzzing.Policy("retail"))
        {
            var mapping = Tickets.Map(segment: false).Bind(policy);

            var decision = mapping.Evaluate(Critical);

            decision.ToJson().Should().Be(policy.EvaluateJson(Tickets.Json(Critical, segment: false)).ToJson());
            decision.Fired.Should().Equal("critical-high-value");
            decision.CaseId.Should().Be("c-1042");
            decision.Compensation.Total.Should().Be(80m);
        }
    }

    [Fact]
    public void Enum_names_match_members_ignoring_case()
    {
        var decision = RetailMapping.Evaluate(Critical with { Priority = Priority.Major, Waiting = TimeSpan.FromHours(1), Failure = FailureKind.OPERATION });

        decision.Fired.Should().Equal("major-on-time");
    }

    /// <summary>An enum whose values are not small and non-negative (mapped through a switch rather than a table).</summary>
    public enum SparseSeverity : long
    {
        Critical = -5,
        Minor = 1L << 40,
    }

    [Fact]
    public void An_enum_of_large_or_negative_values_maps_by_name_as_well()
    {
        var mapping = CaseMap<(Ticket Ticket, SparseSeverity Severity)>.Create(m => m.Severity(t => t.Severity).Channel(t => t.Ticket.Source)
            .Delay(t => t.Ticket.Waiting).Customer(t => t.Ticket.Account!.Tier, t => t.Ticket.Account!.Value).Fact("orderValue", t => t.Ticket.Order!.Total)
            .Fact("failureType", t => t.Ticket.Failure).Fact("proactive", t => t.Ticket.Proactive)).Bind(Retail);

        mapping.Evaluate((Critical, SparseSeverity.Critical)).Fired.Should().Equal("critical-high-value");
        mapping.Evaluate((Critical, SparseSeverity.Minor)).Fired.Should().BeEmpty();
        mapping.EvaluateResult((Critical, (SparseSeverity)3)).Error!.Message.Should().StartWith("The case field 'severity' is '3', which is not a member");
    }

    [Fact]
    public void A_null_along_a_member_chain_is_an_absent_fact_that_takes_its_default()
    {
        var ticket = Critical with { Account = null, RepeatCount = null, Segment = null };

        var decision = CasesMapping.Evaluate(ticket);

        decision.Compensation.Items.Select(i => (i.Kind, i.Amount)).Should().Equal(("customer-value", 0m), ("repeat-failures", 2m), ("order-value", 80m));
        decision.Fired.Should().Contain(["lowest-tier", "retail-segment"], "customer.tier and customer.segment took their defaults");
    }

    [Fact]
    public void A_required_fact_left_absent_is_the_missing_fact_error_of_case_json()
    {
        var error = RetailMapping.EvaluateResult(Critical with { Order = null }).Error;

        error.Should().Be(new CaseError("c-1042", RecoveryDiagnostics.MissingFact.Id, Retail.EvaluateJson("""{"id":"c-1042","severity":"critical","channel":"phone","delay":"3h","failureType":"technical","proactive":false}""").Error!.Message, "orderValue"));
    }

    [Fact]
    public void A_required_fact_absent_after_a_case_that_gave_it_on_the_same_thread_is_still_missing()
    {
        // The thread's slots are reused: which facts the last case gave must not carry over to the next.
        var withOccurredAt = Tickets.Map(segment: false).Bind(Retail);
        var requiredOnly = Tickets.Map(segment: false, optional: false).Bind(Retail);
        withOccurredAt.Evaluate(Critical with { Waiting = null, OpenedAt = Policies.Now.AddHours(-3) }).Fired.Should().Equal("critical-high-value");

        var error = requiredOnly.EvaluateResult(Critical with { Order = null }).Error;

        error.Should().Be(new CaseError("c-1042", RecoveryDiagnostics.MissingFact.Id, Retail.EvaluateJson("""{"id":"c-1042","severity":"critical","channel":"phone","delay":"3h","failureType":"technical","proactive":false}""").Error!.Message, "orderValue"));
        requiredOnly.Evaluate(Critical).Compensation.Total.Should().Be(0m, "without the customer the tier is the lowest, and no rule fires");
    }

    [Fact]
    public void A_present_fact_with_a_default_keeps_its_value_when_the_case_is_completed_by_the_reader()
    {
        // occurredAt mapped: every case goes through the reader's completion, which must not put the default over a given value.
        var mapping = Tickets.Map(segment: true).Bind(Cases);
        var ticket = Critical with { Waiting = null, OpenedAt = Policies.Now.AddHours(-3), RepeatCount = 5 };

        var decision = mapping.Evaluate(ticket);

        decision.ToJson().Should().Be(Cases.EvaluateJson(Tickets.Json(ticket, segment: true)).ToJson());
        decision.Compensation.Items.Should().Contain(i => i.Kind == "repeat-failures" && i.Amount == 5m);
    }

    [Fact]
    public void A_negative_delay_is_the_error_of_the_same_duration_in_case_json()
    {
        var result = RetailMapping.EvaluateResult(Critical with { Waiting = TimeSpan.FromHours(-3) });

        result.Error!.Id.Should().Be(RecoveryDiagnostics.MalformedDuration.Id);
        result.Error.Field.Should().Be("delay");
        result.Error.Message.Should().Contain("-PT3H");
        result.Should().Be(Retail.EvaluateJson(Tickets.Json(Critical with { Waiting = TimeSpan.FromHours(-3) }, segment: false)));
    }

    [Fact]
    public void A_string_that_names_no_member_is_the_unknown_member_error_with_its_suggestion()
    {
        var error = RetailMapping.EvaluateResult(Critical with { Source = "Phone" }).Error!;

        error.Id.Should().Be(RecoveryDiagnostics.UnknownCaseMember.Id);
        error.Field.Should().Be("channel");
        error.Message.Should().Contain("(did you mean 'phone'?)");
    }

    [Fact]
    public void An_enum_value_the_enum_does_not_name_is_the_unknown_member_error_of_its_number()
    {
        var error = RetailMapping.EvaluateResult(Critical with { Priority = (Priority)42 }).Error!;

        error.Id.Should().Be(RecoveryDiagnostics.UnknownCaseMember.Id);
        error.Message.Should().StartWith("The case field 'severity' is '42', which is not a member of scale 'severity'");
    }

    [Fact]
    public void A_lone_surrogate_in_text_is_the_invalid_text_error_and_the_case_keeps_no_id()
    {
        var result = RetailMapping.EvaluateResult(Critical with { Number = "c-\ud800" });

        result.Error!.Id.Should().Be(RecoveryDiagnostics.InvalidCaseText.Id);
        result.Error.Field.Should().Be("id");
        result.Error.CaseId.Should().BeNull();
    }

    [Fact]
    public void Money_past_the_decimal_range_in_a_sum_is_the_overflow_error_not_an_exception()
    {
        var result = CasesMapping.EvaluateResult(Critical with { Account = new Account("gold", decimal.MaxValue), Order = new Order(decimal.MaxValue) });

        result.Error!.Id.Should().Be(RecoveryDiagnostics.ArithmeticOverflow.Id);
    }

    [Fact]
    public void Evaluate_throws_the_case_exception_of_the_error_that_TryEvaluate_gives()
    {
        var ticket = Critical with { Source = null };

        RetailMapping.TryEvaluate(ticket, out var decision, out var error).Should().BeFalse();
        var act = () => RetailMapping.Evaluate(ticket);

        decision.Should().BeNull();
        act.Should().Throw<CaseException>().Which.Error.Should().Be(error);
        error!.Field.Should().Be("channel");
    }

    [Fact]
    public void A_mapping_expression_that_throws_is_the_case_error_RR0604_naming_the_mapping_and_the_fact()
    {
        var mapping = CaseMap<Ticket>.Create(m => m.Id(t => t.Number).Severity(t => t.Priority).Channel(t => t.Source).Delay(t => t.Waiting)
            .Fact("orderValue", t => decimal.Parse(t.Segment!, System.Globalization.CultureInfo.InvariantCulture))
            .Fact("failureType", t => t.Failure).Fact("proactive", t => t.Proactive)).Bind(Retail);

        var result = mapping.EvaluateResult(Critical with { Segment = "eighty" });

        result.Error.Should().Be(new CaseError("c-1042", "RR0604",
            "The mapping `t => Parse(t.Segment, CultureInfo.InvariantCulture)` of 'orderValue' failed for this case: System.FormatException: The input string 'eighty' was not in a correct format",
            "orderValue"));
        mapping.EvaluateResult(Critical with { Segment = "80" }).IsDecision.Should().BeTrue("the same mapping decides a ticket it can read");
    }

    [Fact]
    public void A_mapping_expression_that_throws_is_RR0604_in_every_rule_execution()
    {
        // Interpreted rules map through the expression interpreter: the catch of each host expression must work there too.
        foreach (var (policy, execution) in CaseFuzzing.Policy("retail").Select((policy, execution) => (policy, execution)))
        {
            var mapping = CaseMap<Ticket>.Create(m => m.Id(t => t.Number).Severity(t => t.Priority).Channel(t => t.Source).Delay(t => t.Waiting)
                .Customer(t => t.Account!.Tier, t => t.Account!.Value)
                .Fact("orderValue", t => decimal.Parse(t.Segment!, System.Globalization.CultureInfo.InvariantCulture))
                .Fact("failureType", t => t.Failure).Fact("proactive", t => t.Proactive)).Bind(policy);

            var error = mapping.EvaluateResult(Critical with { Segment = "eighty" }).Error!;
            var afterIt = mapping.EvaluateResult(Critical with { Segment = "80", Account = null });

            error.Should().Be(new CaseError("c-1042", "RR0604",
                "The mapping `t => Parse(t.Segment, CultureInfo.InvariantCulture)` of 'orderValue' failed for this case: System.FormatException: The input string 'eighty' was not in a correct format",
                "orderValue"), "in execution {0} of the policy", execution);
            afterIt.ToJson().Should().Be(policy.EvaluateJson("""{"id":"c-1042","severity":"critical","channel":"phone","delay":"3h","orderValue":80,"failureType":"technical","proactive":false}""").ToJson(),
                "a null account is absent: the customer's defaults");
        }
    }

    [Fact]
    public void A_null_the_mapping_expression_passes_to_a_method_is_that_methods_failure()
    {
        var mapping = CaseMap<Ticket>.Create(m => m.Severity(t => t.Priority).Channel(t => t.Source).Delay(t => t.Waiting)
            .Fact("orderValue", t => decimal.Parse(t.Segment!, System.Globalization.CultureInfo.InvariantCulture))
            .Fact("failureType", t => t.Failure).Fact("proactive", t => t.Proactive)).Bind(Retail);

        var error = mapping.EvaluateResult(Critical with { Segment = null }).Error!;

        error.Id.Should().Be("RR0604");
        error.Message.Should().Contain("System.ArgumentNullException");
    }

    [Fact]
    public void An_instance_call_on_null_is_an_absent_value_not_an_exception()
    {
        var mapping = CaseMap<Ticket>.Create(m => m.Severity(t => t.Priority).Channel(t => t.Source!.ToLowerInvariant()).Delay(t => t.Waiting)
            .Customer(t => t.Account!.Tier, t => t.Account!.Value).Fact("orderValue", t => t.Order!.Total).Fact("failureType", t => t.Failure).Fact("proactive", t => t.Proactive!.Value)).Bind(Retail);

        mapping.Evaluate(Critical with { Source = "PHONE" }).Fired.Should().Equal("critical-high-value");
        mapping.EvaluateResult(Critical with { Source = null }).Error!.Field.Should().Be("channel");
        mapping.EvaluateResult(Critical with { Proactive = null }).Error!.Field.Should().Be("proactive", "`.Value` of an empty nullable is absent");
    }

    [Fact]
    public void A_lambda_inside_a_mapping_expression_is_left_as_written()
    {
        var mapping = CaseMap<Ticket>.Create(m => m.Severity(t => t.Priority).Channel(t => t.Source).Delay(t => t.Waiting)
            .Fact("orderValue", t => new[] { t.Order, new Order(1m) }.Sum(o => o!.Total))
            .Fact("failureType", t => t.Failure).Fact("proactive", t => t.Proactive)).Bind(Retail);

        mapping.Evaluate(Critical).Compensation.Total.Should().Be(0m, "no rule fires without the customer, and the order value is 81");
        mapping.CreateCase(Critical).Decimals.Should().Contain(81m);
        mapping.EvaluateResult(Critical with { Order = null }).Error!.Id.Should().Be("RR0604", "inside its own lambda a null is the expression's failure");
    }

    [Fact]
    public void OccurredAt_is_measured_against_the_evaluation_clock()
    {
        var mapping = CaseMap<Ticket>.Create(m => m.Severity(t => t.Priority).Channel(t => t.Source).OccurredAt(t => t.OpenedAt)
            .Fact("orderValue", t => t.Order!.Total).Fact("failureType", t => t.Failure).Fact("proactive", t => t.Proactive)).Bind(Retail);
        var ticket = Critical with { OpenedAt = Policies.Now.AddHours(-30), Priority = Priority.Major, Failure = FailureKind.OPERATION };

        mapping.Evaluate(ticket).Fired.Should().BeEmpty("30 hours is late, so major-on-time does not fire");
        mapping.Evaluate(ticket, new EvaluationOptions { Now = Policies.Now.AddHours(-29) }).Fired.Should().Equal("major-on-time");
        mapping.EvaluateResult(ticket, new EvaluationOptions { Now = Policies.Now.AddHours(-31) }).Error!.Id.Should().Be(RecoveryDiagnostics.OccurredInFuture.Id);
    }

    [Fact]
    public void Delay_and_occurredAt_both_given_is_the_error_of_case_json()
    {
        var result = RetailMapping.EvaluateResult(Critical with { OpenedAt = Policies.Now.AddHours(-1) });

        result.Error!.Id.Should().Be(RecoveryDiagnostics.DelayAndOccurredAt.Id);
        RetailMapping.Evaluate(Critical with { Waiting = null, OpenedAt = Policies.Now.AddHours(-3) }).ToJson().Should().Be(RetailMapping.Evaluate(Critical).ToJson());
    }

    [Fact]
    public void An_explained_decision_is_the_explained_decision_of_case_json()
    {
        var explained = RetailMapping.Evaluate(Critical, EvaluationOptions.WithExplanation);

        explained.Explanation.Should().NotBeNull();
        explained.ToJson().Should().Be(Retail.EvaluateJson(Tickets.Json(Critical, segment: false), EvaluationOptions.WithExplanation).ToJson());
    }

    [Fact]
    public void A_case_made_from_a_ticket_keeps_the_mapped_values_as_what_it_was_given()
    {
        var recoveryCase = RetailMapping.CreateCase(Critical with { Priority = Priority.Major });

        Encoding.UTF8.GetString(recoveryCase.Given.Span).Should().Be(
            """{"id":"c-1042","severity":"major","channel":"phone","delay":"PT3H","customer.tier":"gold","customer.value":12000,"orderValue":80,"failureType":"technical","proactive":false}""");
        recoveryCase.Id.Should().Be("c-1042");
        Retail.Evaluate(recoveryCase).ToJson().Should().Be(RetailMapping.Evaluate(Critical with { Priority = Priority.Major }).ToJson());
        RetailMapping.TryCreateCase(Critical with { Source = "fax" }, out var none, out var error).Should().BeFalse();
        none.Should().BeNull();
        error!.Field.Should().Be("channel");
    }

    [Fact]
    public void A_mapping_expression_that_evaluates_another_mapping_on_the_same_thread_leaves_both_intact()
    {
        var inner = RetailMapping;
        var outer = CaseMap<Ticket>.Create(m => m.Id(t => t.Number).Severity(t => t.Priority).Channel(t => t.Source).Delay(t => t.Waiting)
            .Customer(t => t.Account!.Tier, t => t.Account!.Value).Fact("orderValue", t => inner.Evaluate(t).Compensation.Total + t.Order!.Total)
            .Fact("failureType", t => t.Failure).Fact("proactive", t => t.Proactive)).Bind(Retail);

        var decision = outer.Evaluate(Critical);

        decision.Compensation.Total.Should().Be(160m, "the inner decision refunds 80, so the order value (refunded in full) is 160");
        decision.CaseId.Should().Be("c-1042");
    }

    [Fact]
    public void Many_threads_mapping_at_once_each_get_their_own_decision()
    {
        var tickets = Enumerable.Range(0, 2000).Select(i => Critical with { Number = "c-" + i, Order = new Order(i % 300) }).ToArray();
        var expected = tickets.Select(t => Retail.EvaluateJson(Tickets.Json(t, segment: false)).ToJson()).ToArray();

        var actual = new string[tickets.Length];
        Parallel.For(0, tickets.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            i => actual[i] = RetailMapping.EvaluateResult(tickets[i]).ToJson());

        actual.Should().Equal(expected);
    }

    [Fact]
    public void A_null_ticket_is_an_argument_error()
    {
        var act = () => RetailMapping.Evaluate(null!);

        act.Should().Throw<ArgumentNullException>().WithParameterName("source");
    }

    [Fact]
    public void A_map_binds_to_each_policy_on_its_own()
    {
        var map = Tickets.Map(segment: false);

        var retail = map.Bind(Retail);
        var cases = map.Bind(Cases);

        retail.Policy.Should().BeSameAs(Retail);
        cases.Policy.Should().BeSameAs(Cases);
        retail.Evaluate(Critical).Policy.Should().Be(Retail.Identity);
        cases.Evaluate(Critical).Policy.Should().Be(Cases.Identity);
    }
}
