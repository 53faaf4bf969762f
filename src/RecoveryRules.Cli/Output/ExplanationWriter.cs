using System.Globalization;
using System.Text;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// The readable account of a decision, for <c>eval --explain</c>: the decision with the rule behind each
/// part, the facts as the policy saw them, then every rule in consideration order with each condition's
/// value. Plain ASCII markers, so it reads the same in any terminal, log or ticket:
/// <c>[x]</c> matched, <c>[ ]</c> not matched, <c>[-]</c> not considered.
/// </summary>
internal static class ExplanationWriter
{
    private const string Indent = "  ";

    /// <summary>Writes the account of one decision, ended by a blank line.</summary>
    public static void WriteDecision(TextWriter writer, long line, Decision decision)
    {
        var explanation = decision.Explanation;
        writer.WriteLine(Invariant($"Case {CaseName(decision.CaseId)} (line {line}): decided"));
        writer.WriteLine(Invariant($"{Indent}Policy        {decision.Policy.Id} {decision.Policy.Version} ({decision.Policy.Hash})"));
        writer.WriteLine(Invariant($"{Indent}Evaluated at  {DecisionJson.FormatTimestamp(decision.EvaluatedAt)}"));
        writer.WriteLine();

        writer.WriteLine("Decision");
        WriteCompensation(writer, decision.Compensation, explanation);
        WriteEscalation(writer, decision.Escalation, explanation);
        WriteEmpowerment(writer, decision.Empowerment, decision.Compensation.Currency, explanation);
        WriteList(writer, "Notes", decision.Notes);
        WriteList(writer, "Fired", decision.Fired.IsEmpty && explanation?.OtherwiseApplied == true ? ["none (otherwise applied)"] : decision.Fired);

        if (explanation is null)
        {
            writer.WriteLine();
            return;
        }

        writer.WriteLine();
        writer.WriteLine("Facts, as the policy saw them");
        var width = explanation.Facts.IsEmpty ? 0 : explanation.Facts.Max(fact => fact.Key.Length);
        foreach (var (name, value) in explanation.Facts)
        {
            writer.WriteLine($"{Indent}{name.PadRight(width)}  {value}");
        }

        writer.WriteLine();
        writer.WriteLine("Rules, in consideration order");
        var stoppedBy = explanation.Rules.FirstOrDefault(rule => rule.Stopped)?.Rule;
        foreach (var rule in explanation.Rules)
        {
            WriteRule(writer, rule, stoppedBy, decision);
        }

        writer.WriteLine(explanation.OtherwiseApplied
            ? $"{Indent}otherwise: applied, because no rule matched"
            : $"{Indent}otherwise: not applied (a rule matched)");
        writer.WriteLine();
    }

    /// <summary>Writes the account of a case that could not be decided, ended by a blank line.</summary>
    public static void WriteError(TextWriter writer, long line, CaseError error)
    {
        writer.WriteLine(Invariant($"Case {CaseName(error.CaseId)} (line {line}): not decided"));
        writer.WriteLine($"{Indent}error {error.Id}: {error.Message}");
        if (error.Field is not null)
        {
            writer.WriteLine($"{Indent}field: {error.Field}");
        }

        writer.WriteLine();
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
        if (compensation.Items.IsEmpty)
        {
            writer.WriteLine($"{Indent}{string.Empty,-13}   nothing to give back");
            return;
        }

        var kindWidth = compensation.Items.Max(item => item.Kind.Length);
        var amounts = compensation.Items.Select(item => item.Amount is { } amount ? Money(amount, compensation.Currency) : "(no amount)").ToList();
        var amountWidth = amounts.Max(text => text.Length);
        for (var i = 0; i < compensation.Items.Length; i++)
        {
            var item = compensation.Items[i];
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

        if (!empowerment.Actions.IsEmpty)
        {
            parts.Add("may " + string.Join(", ", empowerment.Actions));
        }

        var mode = explanation is null ? string.Empty : $"; combined by {explanation.EmpowermentMode}";
        writer.WriteLine($"{Indent}{"Empowerment",-13} {string.Join(", ", parts)}  (from {string.Join(", ", empowerment.Rules)}{mode})");
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
        foreach (var condition in rule.Conditions)
        {
            var value = condition.Value switch
            {
                true => "true",
                false => "false",
                null => "not evaluated",
            };
            writer.WriteLine($"{Indent}      {value,-13}  {condition.Condition}");
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
        foreach (var item in decision.Compensation.Items.Where(item => item.Rule == rule))
        {
            parts.Add(item.Amount is { } amount ? $"{item.Kind} {Money(amount, decision.Compensation.Currency)}" : item.Kind);
        }

        if (decision.Escalation?.Rule == rule)
        {
            parts.Add("escalation to " + decision.Escalation.To);
        }

        if (decision.Empowerment?.Rules.Contains(rule) == true)
        {
            parts.Add("empowerment of " + decision.Empowerment.Role);
        }

        return string.Join(", ", parts);
    }

    private static string CaseName(string? caseId) => caseId is null ? "(no id)" : caseId;

    private static string Money(decimal amount, string currency) =>
        amount.ToString(CultureInfo.InvariantCulture) + " " + currency;

    /// <summary>A duration the way policies write them: <c>1h</c>, <c>2d</c>, <c>1h30m</c>.</summary>
    internal static string Duration(TimeSpan span)
    {
        if (span == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = new StringBuilder();
        var rest = span;
        Append(ref rest, TimeSpan.FromDays(7), 'w');
        Append(ref rest, TimeSpan.FromDays(1), 'd');
        Append(ref rest, TimeSpan.FromHours(1), 'h');
        Append(ref rest, TimeSpan.FromMinutes(1), 'm');
        if (rest > TimeSpan.Zero)
        {
            text.Append(((decimal)rest.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture)).Append('s');
        }

        return text.ToString();

        void Append(ref TimeSpan remaining, TimeSpan unit, char symbol)
        {
            var whole = remaining.Ticks / unit.Ticks;
            if (whole > 0)
            {
                text.Append(whole.ToString(CultureInfo.InvariantCulture)).Append(symbol);
                remaining -= TimeSpan.FromTicks(whole * unit.Ticks);
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
