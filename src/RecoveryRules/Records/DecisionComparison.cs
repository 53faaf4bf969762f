using System.Collections.Immutable;
using System.Globalization;
using RecoveryRules.Parsing;
using RecoveryRules.Symbols;

namespace RecoveryRules;

/// <summary>
/// Compares a recorded outcome with a replayed one (docs/auditing.md, "Decision records"): as values, not as
/// text (<c>20.0</c> equals <c>20.00</c>; <c>PT1H</c>, <c>PT60M</c> and <c>1h</c> are one duration), every member
/// of the decision except <c>evaluatedAt</c> and <c>policy</c>. Lists are compared as the decision orders them:
/// <c>fired</c> and <c>notes</c> in consideration order, <c>empowerment.actions</c> in first-seen order, items in
/// decision order; a list in another order is a difference.
/// </summary>
public static class DecisionComparison
{
    /// <summary>The text of an absent value (no escalation, no limit, an item without an amount, no error).</summary>
    private const string None = "none";

    /// <summary>
    /// Every difference between two outcomes of one case, in the order of the decision's members. Values are
    /// written as a policy author reads them: amounts with the currency's decimals (<c>80.00</c>), durations in the
    /// compact form (<c>1h30m</c>), lists as <c>[a, b]</c> (notes quoted), an absent value as <c>none</c>.
    /// </summary>
    /// <param name="recorded">The outcome in the record.</param>
    /// <param name="replayed">The outcome the policy gives now.</param>
    /// <returns>The differences; empty when the outcomes agree.</returns>
    public static ImmutableArray<DecisionDifference> Compare(CaseResult recorded, CaseResult replayed)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(replayed);
        var differences = ImmutableArray.CreateBuilder<DecisionDifference>();
        var comparison = new Differences(differences);
        comparison.Text("case", CaseId(recorded), CaseId(replayed));
        if (recorded.Error is { } recordedError)
        {
            if (replayed.Error is { } replayedError)
            {
                comparison.Text("error.id", recordedError.Id, replayedError.Id);
                comparison.Text("error.message", recordedError.Message, replayedError.Message);
                comparison.Text("error.field", recordedError.Field, replayedError.Field);
            }
            else
            {
                comparison.Text("error.id", recordedError.Id, null);
            }
        }
        else if (replayed.Error is { } replayedError)
        {
            comparison.Text("error.id", null, replayedError.Id);
        }
        else if (recorded.Decision is { } before && replayed.Decision is { } after)
        {
            CompareDecisions(comparison, before, after);
        }

        return differences.ToImmutable();
    }

    private static string? CaseId(CaseResult result) => result.Decision?.CaseId ?? result.Error?.CaseId;

    private static void CompareDecisions(Differences comparison, Decision before, Decision after)
    {
        var currencyBefore = before.Compensation.Currency;
        var currencyAfter = after.Compensation.Currency;
        comparison.Money("compensation.total", before.Compensation.Total, currencyBefore, after.Compensation.Total, currencyAfter);
        comparison.Text("compensation.currency", currencyBefore, currencyAfter);
        comparison.Boolean("compensation.capped", before.Compensation.Capped, after.Compensation.Capped);
        var itemsBefore = before.Compensation.Items;
        var itemsAfter = after.Compensation.Items;
        for (var i = 0; i < Math.Max(itemsBefore.Length, itemsAfter.Length); i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"compensation.items[{i}]");
            if (i >= itemsBefore.Length || i >= itemsAfter.Length)
            {
                comparison.Add(path,
                    i < itemsBefore.Length ? Describe(itemsBefore[i], currencyBefore) : None,
                    i < itemsAfter.Length ? Describe(itemsAfter[i], currencyAfter) : None);
                continue;
            }

            var (itemBefore, itemAfter) = (itemsBefore[i], itemsAfter[i]);
            comparison.Text(path + ".kind", itemBefore.Kind, itemAfter.Kind);
            comparison.Money(path + ".amount", itemBefore.Amount, currencyBefore, itemAfter.Amount, currencyAfter);
            comparison.Text(path + ".rule", itemBefore.Rule, itemAfter.Rule);
            comparison.Text(path + ".note", itemBefore.Note, itemAfter.Note);
        }

        if (before.Escalation is { } escalationBefore && after.Escalation is { } escalationAfter)
        {
            comparison.Text("escalation.to", escalationBefore.To, escalationAfter.To);
            if (escalationBefore.Within != escalationAfter.Within)
            {
                comparison.Add("escalation.within", Duration(escalationBefore.Within), Duration(escalationAfter.Within));
            }

            comparison.Text("escalation.rule", escalationBefore.Rule, escalationAfter.Rule);
        }
        else if (before.Escalation is not null || after.Escalation is not null)
        {
            comparison.Add("escalation", Describe(before.Escalation), Describe(after.Escalation));
        }

        if (before.Empowerment is { } empowermentBefore && after.Empowerment is { } empowermentAfter)
        {
            comparison.Text("empowerment.role", empowermentBefore.Role, empowermentAfter.Role);
            comparison.Money("empowerment.limit", empowermentBefore.Limit, currencyBefore, empowermentAfter.Limit, currencyAfter);
            comparison.List("empowerment.actions", empowermentBefore.Actions, empowermentAfter.Actions, quoted: false);
            comparison.List("empowerment.rules", empowermentBefore.Rules, empowermentAfter.Rules, quoted: false);
        }
        else if (before.Empowerment is not null || after.Empowerment is not null)
        {
            comparison.Add("empowerment", Describe(before.Empowerment, currencyBefore), Describe(after.Empowerment, currencyAfter));
        }

        comparison.List("notes", before.Notes, after.Notes, quoted: true);
        comparison.List("fired", before.Fired, after.Fired, quoted: false);
    }

    /// <summary>An amount with the currency's decimals (<c>80.00</c>, <c>1500</c> for JPY), more only when the value has more.</summary>
    internal static string Money(decimal amount, string currency)
    {
        var text = amount.ToString(CultureInfo.InvariantCulture);
        var point = text.IndexOf('.', StringComparison.Ordinal);
        var decimals = point < 0 ? 0 : text.AsSpan(point + 1).TrimEnd('0').Length;
        var digits = Math.Max(decimals, Currencies.MinorUnit(currency));
        return amount.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>A duration in the compact form (<c>1h30m</c>), or <c>none</c>.</summary>
    internal static string Duration(TimeSpan? span) => span is { } value ? Durations.ToCompact(Durations.FromTimeSpan(value)) : None;

    private static string Describe(CompensationItem item, string currency)
    {
        var amount = item.Amount is { } value ? " " + Money(value, currency) : string.Empty;
        return $"{item.Kind}{amount} (rule {item.Rule})";
    }

    private static string Describe(EscalationDecision? escalation) => escalation switch
    {
        null => None,
        { Within: { } within } => $"{escalation.To} within {Duration(within)} (rule {escalation.Rule})",
        _ => $"{escalation.To} (rule {escalation.Rule})",
    };

    private static string Describe(EmpowermentDecision? empowerment, string currency) => empowerment is null
        ? None
        : $"{empowerment.Role}, limit {(empowerment.Limit is { } limit ? Money(limit, currency) : None)}, actions {List(empowerment.Actions, quoted: false)}";

    private static string List(ImmutableArray<string> values, bool quoted) =>
        "[" + string.Join(", ", quoted ? values.Select(v => "\"" + v + "\"") : values) + "]";

    /// <summary>Collects differences, member by member.</summary>
    private readonly struct Differences(ImmutableArray<DecisionDifference>.Builder differences)
    {
        public void Add(string field, string recorded, string replayed) => differences.Add(new DecisionDifference(field, recorded, replayed));

        public void Text(string field, string? recorded, string? replayed)
        {
            if (!string.Equals(recorded, replayed, StringComparison.Ordinal))
            {
                Add(field, recorded ?? None, replayed ?? None);
            }
        }

        public void Boolean(string field, bool recorded, bool replayed)
        {
            if (recorded != replayed)
            {
                Add(field, recorded ? "true" : "false", replayed ? "true" : "false");
            }
        }

        public void Money(string field, decimal? recorded, string recordedCurrency, decimal? replayed, string replayedCurrency)
        {
            if (recorded != replayed)
            {
                Add(field,
                    recorded is { } before ? DecisionComparison.Money(before, recordedCurrency) : None,
                    replayed is { } after ? DecisionComparison.Money(after, replayedCurrency) : None);
            }
        }

        public void List(string field, ImmutableArray<string> recorded, ImmutableArray<string> replayed, bool quoted)
        {
            if (!recorded.AsSpan().SequenceEqual(replayed.AsSpan()))
            {
                Add(field, DecisionComparison.List(recorded, quoted), DecisionComparison.List(replayed, quoted));
            }
        }
    }
}

/// <summary>One member in which a replayed outcome differs from the recorded one.</summary>
/// <param name="Field">The member's path: <c>compensation.total</c>, <c>compensation.items[1].amount</c>, <c>escalation.to</c>, <c>empowerment.actions</c>, <c>fired</c>, <c>notes</c>, <c>error.id</c>, …</param>
/// <param name="Recorded">The recorded value, as a policy author reads it (<c>80.00</c>, <c>1h</c>, <c>[a, b]</c>, <c>none</c>).</param>
/// <param name="Replayed">The replayed value, written the same way.</param>
public sealed record DecisionDifference(string Field, string Recorded, string Replayed);
