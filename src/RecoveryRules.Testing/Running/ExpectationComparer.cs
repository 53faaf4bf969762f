using System.Collections.Immutable;

namespace RecoveryRules.Testing.Running;

/// <summary>
/// Compares a decision with what a scenario expects, part by part and as values (80 = 80.00,
/// 1h = 60m = PT1H; actions and fired rules as sets; items and notes in decision order); only what
/// <c>expect</c> names is compared (docs/auditing.md, "Scenario tests").
/// </summary>
internal static class ExpectationComparer
{
    public static ImmutableArray<ScenarioMismatch> Compare(ScenarioExpectation expected, Decision decision)
    {
        var mismatches = ImmutableArray.CreateBuilder<ScenarioMismatch>();
        var currency = decision.Compensation.Currency;
        if (expected.Compensation is { } compensation)
        {
            CompareCompensation(compensation, decision.Compensation, currency, mismatches);
        }

        if (expected.Escalation is { } escalation)
        {
            CompareEscalation(escalation, decision.Escalation, mismatches);
        }

        if (expected.Empowerment is { } empowerment)
        {
            CompareEmpowerment(empowerment, decision.Empowerment, currency, mismatches);
        }

        if (expected.Notes is { } notes && !notes.SequenceEqual(decision.Notes, StringComparer.Ordinal))
        {
            mismatches.Add(new ScenarioMismatch("notes", ScenarioText.QuotedList(notes), ScenarioText.QuotedList(decision.Notes), null));
        }

        if (expected.Fired is { } fired && !SameSet(fired, decision.Fired))
        {
            mismatches.Add(new ScenarioMismatch("fired", ScenarioText.List(fired), ScenarioText.List(decision.Fired), WhyFired(fired, decision)));
        }

        return mismatches.ToImmutable();
    }

    private static void CompareCompensation(CompensationExpectation expected, CompensationDecision actual, string currency, ImmutableArray<ScenarioMismatch>.Builder mismatches)
    {
        if (expected.Total is { } total && total != actual.Total)
        {
            mismatches.Add(new ScenarioMismatch("compensation.total", ScenarioText.Money(total, currency), ScenarioText.Money(actual.Total, currency), null));
        }

        if (expected.Capped is { } capped && capped != actual.Capped)
        {
            mismatches.Add(new ScenarioMismatch("compensation.capped", Bool(capped), Bool(actual.Capped), null));
        }

        if (expected.Items is { } items)
        {
            var same = items.Length == actual.Items.Length
                && items.Zip(actual.Items).All(pair => pair.First.Kind == pair.Second.Kind && pair.First.Amount == pair.Second.Amount);
            if (!same)
            {
                mismatches.Add(new ScenarioMismatch(
                    "compensation.items",
                    ScenarioText.List(items.Select(i => Item(i.Kind, i.Amount, currency))),
                    ScenarioText.List(actual.Items.Select(i => Item(i.Kind, i.Amount, currency))),
                    null));
            }
        }
    }

    private static void CompareEscalation(EscalationExpectation expected, EscalationDecision? actual, ImmutableArray<ScenarioMismatch>.Builder mismatches)
    {
        if (expected.None)
        {
            if (actual is not null)
            {
                mismatches.Add(new ScenarioMismatch("escalation", ScenarioText.None, Escalation(actual), null));
            }

            return;
        }

        if (actual is null)
        {
            mismatches.Add(new ScenarioMismatch("escalation", Escalation(expected), ScenarioText.None, null));
            return;
        }

        if (expected.To is { } to && to != actual.To)
        {
            mismatches.Add(new ScenarioMismatch("escalation.to", to, actual.To, null));
        }

        if (expected.WithinGiven && expected.Within != actual.Within)
        {
            mismatches.Add(new ScenarioMismatch("escalation.within", ScenarioText.Duration(expected.Within), ScenarioText.Duration(actual.Within), null));
        }
    }

    private static void CompareEmpowerment(EmpowermentExpectation expected, EmpowermentDecision? actual, string currency, ImmutableArray<ScenarioMismatch>.Builder mismatches)
    {
        if (expected.None)
        {
            if (actual is not null)
            {
                mismatches.Add(new ScenarioMismatch("empowerment", ScenarioText.None, Empowerment(actual, currency), null));
            }

            return;
        }

        if (actual is null)
        {
            mismatches.Add(new ScenarioMismatch("empowerment", Empowerment(expected, currency), ScenarioText.None, null));
            return;
        }

        if (expected.Role is { } role && role != actual.Role)
        {
            mismatches.Add(new ScenarioMismatch("empowerment.role", role, actual.Role, null));
        }

        if (expected.LimitGiven && expected.Limit != actual.Limit)
        {
            mismatches.Add(new ScenarioMismatch("empowerment.limit", ScenarioText.Money(expected.Limit, currency), ScenarioText.Money(actual.Limit, currency), null));
        }

        if (expected.Actions is { } actions && !SameSet(actions, actual.Actions))
        {
            mismatches.Add(new ScenarioMismatch("empowerment.actions", ScenarioText.List(actions), ScenarioText.List(actual.Actions), null));
        }
    }

    // Why each rule expected to fire did not, and why each unexpected one did: one line each.
    private static string? WhyFired(ImmutableArray<string> expected, Decision decision)
    {
        var lines = new List<string>();
        foreach (var rule in expected.Distinct(StringComparer.Ordinal).Where(r => !decision.Fired.Contains(r, StringComparer.Ordinal)))
        {
            if (DecisionDisplay.WhyNotFired(decision, rule) is { } why)
            {
                lines.Add(why);
            }
        }

        foreach (var rule in decision.Fired.Where(r => !expected.Contains(r, StringComparer.Ordinal)))
        {
            if (DecisionDisplay.WhyFired(decision, rule) is { } why)
            {
                lines.Add(why);
            }
        }

        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

    private static bool SameSet(IEnumerable<string> expected, IEnumerable<string> actual) =>
        expected.ToHashSet(StringComparer.Ordinal).SetEquals(actual);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Item(string kind, decimal? amount, string currency) =>
        amount is { } value ? kind + " " + ScenarioText.Money(value, currency) : kind;

    private static string Escalation(EscalationDecision actual) =>
        actual.Within is { } within ? $"{actual.To} within {ScenarioText.Duration(within)}" : actual.To;

    private static string Escalation(EscalationExpectation expected)
    {
        var to = expected.To ?? "an escalation";
        return expected.WithinGiven && expected.Within is { } within ? $"{to} within {ScenarioText.Duration(within)}" : to;
    }

    private static string Empowerment(EmpowermentDecision actual, string currency) =>
        Describe(actual.Role, actual.Limit is null ? null : ScenarioText.Money(actual.Limit, currency), actual.Actions);

    private static string Empowerment(EmpowermentExpectation expected, string currency) =>
        Describe(expected.Role ?? "an empowerment", expected.LimitGiven ? ScenarioText.Money(expected.Limit, currency) : null, expected.Actions);

    private static string Describe(string role, string? limit, ImmutableArray<string>? actions)
    {
        var text = role;
        if (limit is not null)
        {
            text += " up to " + limit;
        }

        if (actions is { IsEmpty: false } list)
        {
            text += " with " + ScenarioText.List(list);
        }

        return text;
    }
}
