using System.Collections.Immutable;
using System.Globalization;
using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace RecoveryRules.Testing;

/// <summary>
/// Assertions on a <see cref="Decision"/>, from <c>decision.Should()</c>: what it compensates, where it
/// escalates, whom it empowers, which rules fired. Each failure says what the policy decided instead and
/// how (the decision's explanation, as <see cref="DecisionDisplay.Explain"/> writes it), so that the
/// message alone tells an auditor why. docs/auditing.md, "A test kit for xUnit and FluentAssertions".
/// </summary>
public sealed class DecisionAssertions : ReferenceTypeAssertions<Decision, DecisionAssertions>
{
    /// <summary>Creates the assertions on a decision; <c>decision.Should()</c> does it for you.</summary>
    /// <param name="decision">The decision; a <c>null</c> one fails every assertion.</param>
    public DecisionAssertions(Decision decision)
        : base(decision)
    {
    }

    /// <inheritdoc/>
    protected override string Identifier => "decision";

    /// <summary>Asserts that the decision's compensation total is <paramref name="total"/> (80 and 80.00 are the same amount).</summary>
    /// <param name="total">The expected total, in the policy's currency.</param>
    /// <param name="because">Why it should, for the message (a format string).</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns>The compensation, to assert its currency or cap, or <c>.And</c> more of the decision.</returns>
    [CustomAssertion]
    public CompensationConstraint Compensate(decimal total, string because = "", params object[] becauseArgs)
    {
        var decision = Subject;
        if (Present($"to compensate {Number(total)} in total", because, becauseArgs))
        {
            var actual = decision.Compensation;
            Failures.Check(actual.Total == total, () => Failure(
                    $"Expected {{context:decision}} to compensate {Money(total, actual)} in total{{reason}}, but it compensates {Compensation(actual)}.",
                    decision), because, becauseArgs);
        }

        return new CompensationConstraint(this);
    }

    /// <summary>Asserts that the decision gives no compensation: a total of zero and no items (not even an apology).</summary>
    /// <param name="because">Why it should not, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns><c>.And</c> more of the decision.</returns>
    [CustomAssertion]
    public AndConstraint<DecisionAssertions> NotCompensate(string because = "", params object[] becauseArgs)
    {
        var decision = Subject;
        if (Present("to give no compensation", because, becauseArgs))
        {
            var actual = decision.Compensation;
            Failures.Check(actual.Total == 0m && Items(actual.Items).IsEmpty, () => Failure($"Expected {{context:decision}} to give no compensation{{reason}}, but it compensates {Compensation(actual)}.", decision), because, becauseArgs);
        }

        return new AndConstraint<DecisionAssertions>(this);
    }

    /// <summary>Asserts that the decision escalates to <paramref name="target"/>; <c>.Within(…)</c> then asserts its deadline.</summary>
    /// <param name="target">The escalation target, a member of the policy's escalation scale (<c>duty-manager</c>).</param>
    /// <param name="because">Why it should, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns>The escalation, to assert its deadline, or <c>.And</c> more of the decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is <c>null</c>.</exception>
    [CustomAssertion]
    public EscalationConstraint EscalateTo(string target, string because = "", params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(target);
        var decision = Subject;
        if (Present($"to escalate to {target}", because, becauseArgs))
        {
            var actual = decision.Escalation;
            Failures.Check(actual is not null && actual.To == target, () => Failure(
                    $"Expected {{context:decision}} to escalate to {Escape(target)}{{reason}}, but it {(actual is null ? "does not escalate" : "escalates to " + Escalation(actual))}.",
                    decision), because, becauseArgs);
        }

        return new EscalationConstraint(this, target);
    }

    /// <summary>Asserts that the decision does not escalate.</summary>
    /// <param name="because">Why it should not, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns><c>.And</c> more of the decision.</returns>
    [CustomAssertion]
    public AndConstraint<DecisionAssertions> NotEscalate(string because = "", params object[] becauseArgs)
    {
        var decision = Subject;
        if (Present("not to escalate", because, becauseArgs))
        {
            var actual = decision.Escalation;
            Failures.Check(actual is null, () => Failure($"Expected {{context:decision}} not to escalate{{reason}}, but it escalates to {(actual is null ? string.Empty : Escalation(actual))}.", decision), because, becauseArgs);
        }

        return new AndConstraint<DecisionAssertions>(this);
    }

    /// <summary>Asserts that the decision empowers <paramref name="role"/>; <c>.WithLimit(…)</c> and <c>.Allowing(…)</c> then assert what it may do.</summary>
    /// <param name="role">The role, a member of the policy's role scale (<c>frontline</c>).</param>
    /// <param name="because">Why it should, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns>The empowerment, to assert its limit and actions, or <c>.And</c> more of the decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="role"/> is <c>null</c>.</exception>
    [CustomAssertion]
    public EmpowermentConstraint Empower(string role, string because = "", params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(role);
        var decision = Subject;
        if (Present($"to empower {role}", because, becauseArgs))
        {
            var actual = decision.Empowerment;
            Failures.Check(actual is not null && actual.Role == role, () => Failure(
                    $"Expected {{context:decision}} to empower {Escape(role)}{{reason}}, but it {(actual is null ? "empowers no one" : "empowers " + Empowerment(actual, decision))}.",
                    decision), because, becauseArgs);
        }

        return new EmpowermentConstraint(this, role);
    }

    /// <summary>Asserts that the decision empowers no one.</summary>
    /// <param name="because">Why it should not, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns><c>.And</c> more of the decision.</returns>
    [CustomAssertion]
    public AndConstraint<DecisionAssertions> NotEmpower(string because = "", params object[] becauseArgs)
    {
        var decision = Subject;
        if (Present("to empower no one", because, becauseArgs))
        {
            var actual = decision.Empowerment;
            Failures.Check(actual is null, () => Failure($"Expected {{context:decision}} to empower no one{{reason}}, but it empowers {(actual is null ? string.Empty : Empowerment(actual, decision))}.", decision), because, becauseArgs);
        }

        return new AndConstraint<DecisionAssertions>(this);
    }

    /// <summary>
    /// Asserts that every one of <paramref name="rules"/> fired (others may fire too; see <see cref="FireExactly"/>).
    /// A failure says, for each that did not, why (<see cref="DecisionDisplay.WhyNotFired"/>).
    /// </summary>
    /// <param name="rules">The rule ids.</param>
    /// <returns><c>.And</c> more of the decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> or one of them is <c>null</c>.</exception>
    [CustomAssertion]
    public AndConstraint<DecisionAssertions> Fire(params string[] rules)
    {
        CheckRules(rules);
        var decision = Subject;
        if (Present($"to fire {List(rules)}", string.Empty, []))
        {
            var wanted = rules.Distinct(StringComparer.Ordinal).ToList();
            var missing = wanted.Where(rule => !Fired(decision).Contains(rule, StringComparer.Ordinal)).ToList();
            Failures.Check(missing.Count == 0, () => Failure(
                    $"Expected {{context:decision}} to fire {Escape(Rules(wanted))}, but {(missing.Count == wanted.Count ? (wanted.Count == 1 ? "it" : "they") : Escape(Rules(missing)))} did not{Because(Whys(missing, decision, fired: false))}\nRules that fired: {Escape(Fired(decision).IsEmpty ? "none" : string.Join(", ", Fired(decision)))}.",
                    decision), string.Empty, []);
        }

        return new AndConstraint<DecisionAssertions>(this);
    }

    /// <summary>Asserts that exactly <paramref name="rules"/> fired, in any order; with none given, that no rule fired.</summary>
    /// <param name="rules">The rule ids.</param>
    /// <returns><c>.And</c> more of the decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> or one of them is <c>null</c>.</exception>
    [CustomAssertion]
    public AndConstraint<DecisionAssertions> FireExactly(params string[] rules)
    {
        CheckRules(rules);
        var decision = Subject;
        if (Present($"to fire exactly {List(rules)}", string.Empty, []))
        {
            var fired = Fired(decision);
            var missing = rules.Distinct(StringComparer.Ordinal).Where(rule => !fired.Contains(rule, StringComparer.Ordinal)).ToList();
            var unexpected = fired.Where(rule => !rules.Contains(rule, StringComparer.Ordinal)).ToList();
            Failures.Check(missing.Count == 0 && unexpected.Count == 0, () => Failure(
                    $"Expected {{context:decision}} to fire exactly {Escape(List(rules))}, but it fired {Escape(List(fired))}{Because([.. Whys(missing, decision, fired: false), .. Whys(unexpected, decision, fired: true)])}",
                    decision), string.Empty, []);
        }

        return new AndConstraint<DecisionAssertions>(this);
    }

    /// <summary>Asserts that <paramref name="rule"/> did not fire; a failure says why it did (<see cref="DecisionDisplay.WhyFired"/>).</summary>
    /// <param name="rule">The rule id.</param>
    /// <param name="because">Why it should not, for the message.</param>
    /// <param name="becauseArgs">Arguments of <paramref name="because"/>.</param>
    /// <returns><c>.And</c> more of the decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> is <c>null</c>.</exception>
    [CustomAssertion]
    public AndConstraint<DecisionAssertions> NotFire(string rule, string because = "", params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var decision = Subject;
        if (Present($"not to fire {rule}", because, becauseArgs))
        {
            var fired = Fired(decision).Contains(rule, StringComparer.Ordinal);
            Failures.Check(!fired, () => Failure($"Expected {{context:decision}} not to fire {Escape(rule)}{{reason}}, but it did{Because(Whys([rule], decision, fired: true))}", decision), because, becauseArgs);
        }

        return new AndConstraint<DecisionAssertions>(this);
    }

    // ---- the words of failures, shared with the constraints ----

    /// <summary>
    /// A failure message: the sentence, then how the policy decided (the account of
    /// <see cref="DecisionDisplay.Explain"/>), or, for a decision without an explanation, how to get one.
    /// Every text that does not come from here is escaped: FluentAssertions reads braces as placeholders.
    /// </summary>
    internal static string Failure(string sentence, Decision decision)
    {
        var account = Escape(DecisionDisplay.Explain(decision).TrimEnd());
        return decision.Explanation is null
            ? $"{sentence}\n\nWhat the policy decided (without why: the decision has no explanation; evaluate the case with EvaluationOptions.WithExplanation to see why each rule fired or did not):\n{account}"
            : $"{sentence}\n\nHow the policy decided:\n{account}";
    }

    /// <summary>Whether there is a decision to assert on; a <c>null</c> one fails.</summary>
    internal bool Present(string expectation, string because, object[] becauseArgs) =>
        Failures.Check(Subject is not null, () => $"Expected {{context:decision}} {Escape(expectation)}{{reason}}, but found <null>.", because, becauseArgs);

    internal static string Escape(string text) =>
        text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);

    /// <summary>An expected amount with as many decimals as the decision's (80 as <c>80.00 USD</c>).</summary>
    internal static string Money(decimal expected, CompensationDecision actual)
    {
        var scale = actual.Total.Scale;
        var shown = expected.Scale < scale ? expected + new decimal(0, 0, 0, false, (byte)scale) : expected;
        return Escape(DecisionDisplay.Money(shown, actual.Currency));
    }

    internal static string Money(decimal amount, string currency) => Escape(DecisionDisplay.Money(amount, currency));

    internal static string Escalation(EscalationDecision escalation) =>
        Escape(escalation.To + (escalation.Within is { } within ? " within " + DecisionDisplay.Duration(within) : " without a deadline") + $" (decided by {escalation.Rule})");

    internal static string Empowerment(EmpowermentDecision empowerment, Decision decision)
    {
        var parts = new List<string>();
        parts.Add(empowerment.Limit is { } limit ? "up to " + DecisionDisplay.Money(limit, decision.Compensation.Currency) : "without a limit");
        parts.Add(Items(empowerment.Actions).IsEmpty ? "no actions" : "may " + string.Join(", ", empowerment.Actions));
        var rules = Items(empowerment.Rules);
        var from = rules.IsEmpty ? string.Empty : "; from " + string.Join(", ", rules);
        return Escape($"{empowerment.Role} ({string.Join(", ", parts)}{from})");
    }

    internal static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Compensation(CompensationDecision compensation)
    {
        var items = Items(compensation.Items);
        var text = DecisionDisplay.Money(compensation.Total, compensation.Currency);
        if (!items.IsEmpty)
        {
            text += ": " + string.Join(", ", items.Select(item =>
                (item.Amount is { } amount ? $"{item.Kind} {DecisionDisplay.Money(amount, compensation.Currency)}" : item.Kind) + $" from {item.Rule}"));
        }

        if (compensation.Capped)
        {
            text += " (capped)";
        }

        return Escape(text);
    }

    /// <summary>
    /// Why each rule fired (<see cref="DecisionDisplay.WhyFired"/>) or did not (<see cref="DecisionDisplay.WhyNotFired"/>),
    /// one line each; none without an explanation (the account below the sentence says how to get one).
    /// </summary>
    private static List<string> Whys(IEnumerable<string> rules, Decision decision, bool fired) =>
        decision.Explanation is null
            ? []
            : [.. rules.Select(rule => (fired ? DecisionDisplay.WhyFired(decision, rule) : DecisionDisplay.WhyNotFired(decision, rule))
                ?? $"{rule}: the policy has no rule of that name")];

    /// <summary>The why lines, indented after a colon; a full stop when there are none.</summary>
    private static string Because(List<string> lines) =>
        lines.Count == 0 ? "." : ":" + string.Concat(lines.Select(line => "\n  " + Escape(line)));

    private static ImmutableArray<string> Fired(Decision decision) => Items(decision.Fired);

    private static ImmutableArray<T> Items<T>(ImmutableArray<T> items) => items.IsDefault ? [] : items;

    private static string List(IEnumerable<string> rules) => "[" + string.Join(", ", rules) + "]";

    private static string Rules(IReadOnlyCollection<string> rules) => string.Join(", ", rules);

    private static void CheckRules(string[] rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Any(rule => rule is null))
        {
            throw new ArgumentNullException(nameof(rules), "A rule id is null.");
        }
    }
}
