using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Parsing;

namespace RecoveryRules;

/// <summary>
/// The one way a decision is put into words: the readable account that <c>recovery eval --explain</c>
/// prints, why a rule fired or did not (for test failures and the scenario kit), and how money and
/// durations are written in both. Plain ASCII, invariant culture, <c>\n</c>-free strings per line
/// (lines end with the writer's <see cref="TextWriter.NewLine"/>), so it reads the same in any
/// terminal, log or ticket. docs/embedding.md, "Explaining a decision".
/// </summary>
public static class DecisionDisplay
{
    private const string Indent = "  ";

    /// <summary>
    /// Writes the readable account of <paramref name="decision"/>: the decision with the rule behind
    /// each part, the facts as the policy saw them, then every rule in consideration order with each
    /// condition's value and its operands (<c>[x]</c> matched, <c>[ ]</c> not matched, <c>[-]</c> not
    /// considered), ended by a blank line. Without an explanation (the decision was evaluated without
    /// one) only the decision part is written.
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="decision">The decision to account for.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> or <paramref name="decision"/> is null.</exception>
    public static void WriteExplanation(TextWriter writer, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(decision);
        var explanation = decision.Explanation;
        writer.WriteLine("Decision");
        WriteCompensation(writer, decision.Compensation, explanation);
        WriteEscalation(writer, decision.Escalation, explanation);
        WriteEmpowerment(writer, decision.Empowerment, decision.Compensation.Currency, explanation);
        WriteList(writer, "Notes", Items(decision.Notes));
        var fired = Items(decision.Fired);
        WriteList(writer, "Fired", fired.IsEmpty && explanation?.OtherwiseApplied == true ? ["none (otherwise applied)"] : fired);

        if (explanation is null)
        {
            writer.WriteLine();
            return;
        }

        writer.WriteLine();
        writer.WriteLine("Facts, as the policy saw them");
        var width = explanation.Facts.IsDefaultOrEmpty ? 0 : explanation.Facts.Max(fact => fact.Key.Length);
        foreach (var (name, value) in Items(explanation.Facts))
        {
            writer.WriteLine($"{Indent}{name.PadRight(width)}  {value}");
        }

        writer.WriteLine();
        writer.WriteLine("Rules, in consideration order");
        var stoppedBy = StoppedBy(explanation);
        foreach (var rule in Items(explanation.Rules))
        {
            WriteRule(writer, rule, stoppedBy, decision);
        }

        writer.WriteLine(explanation.OtherwiseApplied
            ? $"{Indent}otherwise: applied, because no rule matched"
            : $"{Indent}otherwise: not applied (a rule matched)");
        writer.WriteLine();
    }

    /// <summary>The account of <see cref="WriteExplanation"/> as a string, lines ended by <c>\n</c>.</summary>
    /// <param name="decision">The decision to account for.</param>
    /// <returns>The readable account.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="decision"/> is null.</exception>
    public static string Explain(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        WriteExplanation(writer, decision);
        return writer.ToString();
    }

    /// <summary>
    /// Why <paramref name="rule"/> did not fire, in one line: its first false condition with the
    /// values of that condition's operands (<c>major-on-time: severity == major was false (severity is critical)</c>),
    /// or, after a stopping rule, <c>late-goodwill: not considered (critical-outage stopped the rules after it)</c>.
    /// </summary>
    /// <param name="decision">The decision, evaluated with an explanation.</param>
    /// <param name="rule">The rule id.</param>
    /// <returns>The line; <c>null</c> when the rule fired, the policy has no such rule, or the decision has no explanation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="decision"/> or <paramref name="rule"/> is null.</exception>
    public static string? WhyNotFired(Decision decision, string rule)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(rule);
        if (decision.Explanation is not { } explanation || Find(explanation, rule) is not { } found)
        {
            return null;
        }

        switch (found.Outcome)
        {
            case RuleOutcome.Matched:
                return null;
            case RuleOutcome.NotConsidered:
                return StoppedBy(explanation) is { } stopper
                    ? $"{found.Rule}: not considered ({stopper} stopped the rules after it)"
                    : $"{found.Rule}: not considered";
        }

        foreach (var condition in Items(found.Conditions))
        {
            if (condition.Value == false)
            {
                return $"{found.Rule}: {condition.Condition} was false{OperandSuffix(condition.Operands)}";
            }
        }

        // Not matched with no false condition recorded: nothing more precise to say.
        return $"{found.Rule}: not matched";
    }

    /// <summary>
    /// Why <paramref name="rule"/> fired, in one line: every condition held, with the values of their
    /// operands in order of first mention (<c>vip-outage: fired, every condition true (severity is critical, tier is gold)</c>),
    /// or <c>RULE: fired (no conditions)</c> for a rule without <c>when</c>.
    /// </summary>
    /// <param name="decision">The decision, evaluated with an explanation.</param>
    /// <param name="rule">The rule id.</param>
    /// <returns>The line; <c>null</c> when the rule did not fire, the policy has no such rule, or the decision has no explanation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="decision"/> or <paramref name="rule"/> is null.</exception>
    public static string? WhyFired(Decision decision, string rule)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(rule);
        if (decision.Explanation is not { } explanation || Find(explanation, rule) is not { Outcome: RuleOutcome.Matched } found)
        {
            return null;
        }

        if (found.Conditions.IsDefaultOrEmpty)
        {
            return $"{found.Rule}: fired (no conditions)";
        }

        var operands = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var condition in found.Conditions)
        {
            foreach (var operand in Items(condition.Operands))
            {
                if (seen.Add(operand.Key))
                {
                    operands.Add(operand);
                }
            }
        }

        return $"{found.Rule}: fired, every condition true{OperandSuffix(operands)}";
    }

    /// <summary>
    /// An amount with its currency code, <c>80.00 USD</c>: the amount exactly as the decision holds
    /// it (a decision's amounts carry the currency's minor-unit decimals, so <c>80.00 USD</c> but
    /// <c>8000 JPY</c>; nothing is rounded or padded here), invariant culture, then a space and the code.
    /// </summary>
    /// <param name="amount">The amount.</param>
    /// <param name="currency">The ISO 4217 code.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="currency"/> is null.</exception>
    public static string Money(decimal amount, string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return amount.ToString(CultureInfo.InvariantCulture) + " " + currency;
    }

    /// <summary>
    /// A duration the way policies write them, largest units first: <c>1h30m</c>, <c>2d</c>,
    /// <c>2w</c>, <c>1m30.5s</c>; <c>0s</c> for zero; a negative span with a leading <c>-</c>.
    /// </summary>
    /// <param name="span">The duration.</param>
    /// <returns>The text.</returns>
    public static string Duration(TimeSpan span) => Seconds(Durations.FromTimeSpan(span));

    /// <summary>Seconds in the compact form of <see cref="Duration"/>.</summary>
    internal static string Seconds(decimal seconds) =>
        seconds < 0 ? "-" + Durations.ToCompact(-seconds) : Durations.ToCompact(seconds);

    /// <summary><c> (a is X, b is Y)</c>, or nothing without operands.</summary>
    private static string OperandSuffix(IReadOnlyCollection<KeyValuePair<string, string>> operands) =>
        operands.Count == 0 ? string.Empty : " (" + string.Join(", ", operands.Select(o => $"{o.Key} is {o.Value}")) + ")";

    private static string OperandSuffix(ImmutableArray<KeyValuePair<string, string>> operands) =>
        operands.IsDefaultOrEmpty ? string.Empty : OperandSuffix((IReadOnlyCollection<KeyValuePair<string, string>>)operands);

    /// <summary>The items of an array a caller may have left default (records can be built by hand).</summary>
    private static ImmutableArray<T> Items<T>(ImmutableArray<T> array) =>
        array.IsDefault ? [] : array;

    private static RuleExplanation? Find(DecisionExplanation explanation, string rule)
    {
        foreach (var candidate in Items(explanation.Rules))
        {
            if (candidate is not null && string.Equals(candidate.Rule, rule, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? StoppedBy(DecisionExplanation explanation)
    {
        foreach (var rule in Items(explanation.Rules))
        {
            if (rule is { Stopped: true })
            {
                return rule.Rule;
            }
        }

        return null;
    }

    private static void WriteCompensation(TextWriter writer, CompensationDecision compensation, DecisionExplanation? explanation)
    {
        var how = new List<string>();
        if (explanation is not null)
        {
            how.Add("combined by " + explanation.CompensationMode);
        }

        if (explanation?.Cap is { } cap)
        {
            how.Add(compensation.Capped
                ? $"capped at {Money(cap, compensation.Currency)} from {Money(explanation.UncappedTotal ?? 0m, compensation.Currency)}"
                : $"cap {Money(cap, compensation.Currency)}, not reached");
        }

        var summary = Money(compensation.Total, compensation.Currency) + (how.Count > 0 ? $"  ({string.Join("; ", how)})" : string.Empty);
        writer.WriteLine($"{Indent}{"Compensation",-13} {summary}");
        var items = Items(compensation.Items);
        if (items.IsEmpty)
        {
            writer.WriteLine($"{Indent}{string.Empty,-13}   nothing to give back");
            return;
        }

        var kindWidth = items.Max(item => item.Kind.Length);
        var amounts = items.Select(item => item.Amount is { } amount ? Money(amount, compensation.Currency) : "(no amount)").ToList();
        var amountWidth = amounts.Max(text => text.Length);
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var note = item.Note is null ? string.Empty : $"  (note: {item.Note})";
            writer.WriteLine($"{Indent}{string.Empty,-13} - {item.Kind.PadRight(kindWidth)}  {amounts[i].PadLeft(amountWidth)}  from {item.Rule}{note}");
        }
    }

    private static void WriteEscalation(TextWriter writer, EscalationDecision? escalation, DecisionExplanation? explanation)
    {
        var mode = explanation is null ? string.Empty : $"; combined by {explanation.EscalationMode}";
        writer.WriteLine(escalation is null
            ? $"{Indent}{"Escalation",-13} none"
            : $"{Indent}{"Escalation",-13} {escalation.To}{(escalation.Within is { } within ? " within " + Duration(within) : string.Empty)}  (decided by {escalation.Rule}{mode})");
    }

    private static void WriteEmpowerment(TextWriter writer, EmpowermentDecision? empowerment, string currency, DecisionExplanation? explanation)
    {
        if (empowerment is null)
        {
            writer.WriteLine($"{Indent}{"Empowerment",-13} none");
            return;
        }

        var parts = new List<string> { empowerment.Role };
        if (empowerment.Limit is { } limit)
        {
            parts.Add("limit " + Money(limit, currency));
        }

        if (!empowerment.Actions.IsDefaultOrEmpty)
        {
            parts.Add("may " + string.Join(", ", empowerment.Actions));
        }

        var mode = explanation is null ? string.Empty : $"; combined by {explanation.EmpowermentMode}";
        writer.WriteLine($"{Indent}{"Empowerment",-13} {string.Join(", ", parts)}  (from {string.Join(", ", Items(empowerment.Rules))}{mode})");
    }

    private static void WriteList(TextWriter writer, string title, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            writer.WriteLine($"{Indent}{title,-13} none");
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            writer.WriteLine($"{Indent}{(i == 0 ? title : string.Empty),-13} {values[i]}");
        }
    }

    private static void WriteRule(TextWriter writer, RuleExplanation rule, string? stoppedBy, Decision decision)
    {
        var priority = rule.Priority.ToString(CultureInfo.InvariantCulture);
        var (marker, outcome) = rule.Outcome switch
        {
            RuleOutcome.Matched => ("[x]", rule.Stopped ? "matched, and stopped the rules after it" : "matched"),
            RuleOutcome.NotMatched => ("[ ]", "not matched"),
            _ => ("[-]", stoppedBy is null ? "not considered" : $"not considered ({stoppedBy} stopped)"),
        };
        writer.WriteLine($"{Indent}{marker} {rule.Rule}  (priority {priority}): {outcome}");
        foreach (var condition in Items(rule.Conditions))
        {
            var value = condition.Value switch
            {
                true => "true",
                false => "false",
                null => "not evaluated",
            };
            var operands = OperandSuffix(condition.Operands);
            writer.WriteLine($"{Indent}      {value,-13}  {condition.Condition}{(operands.Length == 0 ? string.Empty : " " + operands)}");
        }

        if (rule.Outcome == RuleOutcome.Matched && Contributions(rule.Rule, decision) is { Length: > 0 } contributions)
        {
            writer.WriteLine($"{Indent}      decided: {contributions}");
        }
    }

    /// <summary>What a matched rule put into the decision, as far as the decision records it.</summary>
    private static string Contributions(string rule, Decision decision)
    {
        var parts = new List<string>();
        foreach (var item in Items(decision.Compensation.Items).Where(item => item.Rule == rule))
        {
            parts.Add(item.Amount is { } amount ? $"{item.Kind} {Money(amount, decision.Compensation.Currency)}" : item.Kind);
        }

        if (decision.Escalation?.Rule == rule)
        {
            parts.Add("escalation to " + decision.Escalation.To);
        }

        if (decision.Empowerment is { } empowerment && Items(empowerment.Rules).Contains(rule))
        {
            parts.Add("empowerment of " + empowerment.Role);
        }

        return string.Join(", ", parts);
    }
}
