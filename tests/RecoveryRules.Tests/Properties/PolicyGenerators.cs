using System.Globalization;
using CsCheck;
using static RecoveryRules.Tests.Properties.GeneratedPolicy;

namespace RecoveryRules.Tests.Properties;

/// <summary>CsCheck generators of policies (1–15 rules over severity, tier, channel, delay and order value) and of valid cases.</summary>
internal static class PolicyGenerators
{
    private static string N(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal RoundWhole(decimal value) => Math.Round(value, 0, MidpointRounding.AwayFromZero);

    /// <summary>Non-negative money literals, some with more decimals than cents so rounding matters.</summary>
    private static readonly Gen<decimal> Money = Gen.OneOf(
        Gen.Int[0, 300].Select(i => (decimal)i),
        Gen.Int[0, 30000].Select(i => i / 100m),
        Gen.Int[0, 30000].Select(i => i / 1000m));

    private static readonly Gen<(int Hours, string Text)> DelayBound = Gen.OneOf<(int, string)>((1, "1h"), (2, "2h"), (4, "PT4H"), (24, "24h"), (48, "2d"));

    public static readonly Gen<Condition> Atom = Gen.OneOf(
        Gen.Int[0, 3].Select(i => new Condition($"severity >= {Severities[i]}", c => c.Severity >= i)),
        Gen.Int[0, 3].Select(i => new Condition($"severity == {Severities[i]}", c => c.Severity == i)),
        Gen.Int[0, 3].Select(i => new Condition($"severity < {Severities[i]}", c => c.Severity < i)),
        Gen.Int[0, 3].Select(i => new Condition($"customer.tier >= {Tiers[i]}", c => c.Tier >= i)),
        Gen.Int[0, 3].Select(i => new Condition($"customer.tier in [{Tiers[i]}, platinum]", c => c.Tier == i || c.Tier == 3)),
        Gen.Int[0, 5].Select(i => new Condition($"channel == {Channels[i]}", c => c.Channel == i)),
        Gen.Int[0, 5].Select(i => new Condition($"channel != {Channels[i]}", c => c.Channel != i)),
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 5], (i, j) => new Condition($"channel in [{Channels[i]}, {Channels[j]}]", c => c.Channel == i || c.Channel == j)),
        Gen.Int[0, 5].Select(i => new Condition($"channel not in [{Channels[i]}]", c => c.Channel != i)),
        DelayBound.Select(d => new Condition($"delay > {d.Text}", c => c.DelaySeconds > d.Hours * 3600m)),
        Gen.Int[0, 30].Select(h => new Condition($"delay.hours >= {h / 2m}", c => c.DelaySeconds / 3600m >= h / 2m)),
        Money.Select(m => new Condition($"orderValue > {N(m)}", c => c.OrderValue > m)),
        Money.Select(m => new Condition($"orderValue <= {N(m)}", c => c.OrderValue <= m)),
        Gen.Int[0, 20000].Select(v => new Condition($"customer.value >= {v}", c => c.CustomerValue >= v)),
        Gen.Int[0, 3].Select(n => new Condition($"repeatFailures > {n}", c => c.RepeatFailures > n)),
        Gen.Const(new Condition("proactive", c => c.Proactive)),
        Gen.Const(new Condition("not proactive", c => !c.Proactive)));

    public static readonly Gen<Condition> Conditions = Gen.Frequency(
        (6, Atom),
        (1, Gen.Select(Atom, Atom, (a, b) => new Condition($"({a.Text}) or ({b.Text})", c => a.Holds(c) || b.Holds(c)))),
        (1, Gen.Select(Atom, Atom, (a, b) => new Condition($"{a.Text} and {b.Text}", c => a.Holds(c) && b.Holds(c)))),
        (1, Atom.Select(a => new Condition($"not ({a.Text})", c => !a.Holds(c)))));

    /// <summary>Money expressions that are never negative for a valid case, and never divide by zero.</summary>
    public static readonly Gen<Amount> Amounts = Gen.OneOf(
        Money.Select(m => new Amount(N(m), _ => m)),
        Gen.Int[0, 150].Select(p => new Amount($"{p}% of orderValue", c => c.OrderValue * p / 100m)),
        Gen.Select(Gen.Int[0, 150], Money, (p, m) => new Amount($"min({p}% of orderValue, {N(m)})", c => Math.Min(c.OrderValue * p / 100m, m))),
        Gen.Select(Gen.Int[0, 150], Money, (p, m) => new Amount($"max({N(m)}, {p}% of orderValue)", c => Math.Max(m, c.OrderValue * p / 100m))),
        Gen.Int[1, 7].Select(k => new Amount($"orderValue / {k}", c => c.OrderValue / k)),
        Money.Select(m => new Amount($"{N(m)} * repeatFailures", c => m * c.RepeatFailures)),
        Gen.Int[0, 20].Select(n => new Amount($"delay.hours * {n}", c => c.DelaySeconds / 3600m * n)),
        Gen.Const(new Amount("round(orderValue / 3)", c => RoundWhole(c.OrderValue / 3))),
        Gen.Select(Money, Money, (a, b) => new Amount($"clamp(orderValue, {N(Math.Min(a, b))}, {N(Math.Max(a, b))})", c => Math.Min(Math.Max(c.OrderValue, Math.Min(a, b)), Math.Max(a, b)))),
        Money.Select(m => new Amount($"abs(orderValue - {N(m)})", c => Math.Abs(c.OrderValue - m))));

    private static readonly Gen<string> Kinds = Gen.OneOf("refund", "credit", "voucher", "discount", "gift", "waiver");

    private static readonly Gen<string?> Notes = Gen.OneOf<string?>(null, null, "Sorry", "Call back", "Say: it's on us");

    public static readonly Gen<GeneratedItem> Items = Gen.Frequency(
        (4, Gen.Select(Kinds, Amounts, Notes, (kind, amount, note) => new GeneratedItem(kind, amount, note))),
        (1, Gen.Select(Gen.OneOf("apology", "upgrade", "follow-up-call"), Notes, (kind, note) => new GeneratedItem(kind, null, note))));

    private static readonly Gen<(string? Text, TimeSpan? Within)> Withins = Gen.OneOf<(string?, TimeSpan?)>(
        (null, null), ("30m", TimeSpan.FromMinutes(30)), ("1h", TimeSpan.FromHours(1)), ("PT45M", TimeSpan.FromMinutes(45)),
        ("2h", TimeSpan.FromHours(2)), ("1d", TimeSpan.FromDays(1)), ("1h30m", TimeSpan.FromMinutes(90)));

    public static readonly Gen<GeneratedEscalation> Escalations_ = Gen.Select(Gen.Int[0, 3], Withins,
        (to, within) => new GeneratedEscalation(Escalations[to], within.Text, within.Within));

    private static readonly Gen<string[]> Actions = Gen.OneOf("refund", "replace", "credit", "call-back", "waive-fee").Array[0, 3]
        .Select(actions => actions.Distinct().ToArray());

    public static readonly Gen<GeneratedEmpowerment> Empowerments = Gen.Select(Gen.Int[0, 3], Amounts.Null(0.3), Actions,
        (role, limit, actions) => new GeneratedEmpowerment(Roles[role], limit, actions));

    public static readonly Gen<GeneratedDecision> Decisions = Gen.Select(
        Items.Array[0, 3], Escalations_.Null(0.5), Empowerments.Null(0.5), Gen.OneOf<string?>(null, null, "Note A", "Note B", "Note C"),
        (items, escalate, empower, note) => new GeneratedDecision(items, escalate, empower, note));

    private static readonly Gen<decimal?> Priorities = Gen.OneOf<decimal?>(null, null, 0m, 1m, 1.5m, 2m, 10m, -1m, 1.50m);

    private static readonly Gen<(decimal? Priority, bool Stop, Condition[] When, GeneratedDecision Then)> RuleParts = Gen.Select(
        Priorities, Gen.Frequency((6, Gen.Const(false)), (1, Gen.Const(true))), Conditions.Array[0, 3], Decisions);

    public static readonly Gen<GeneratedPolicy> Policies = Gen.Select(
        Gen.OneOf("sum", "max", "first"),
        Gen.OneOf("highest", "first"),
        Gen.OneOf("highest", "first"),
        Gen.Frequency((1, Gen.Const((Amount?)null)), (1, Amounts.Select(a => (Amount?)a))),
        RuleParts.Array[1, 15],
        Decisions.Null(0.5),
        (compensation, escalation, empowerment, cap, parts, otherwise) => new GeneratedPolicy(
            compensation, escalation, empowerment, cap,
            [.. parts.Select((p, i) => new GeneratedRule($"r{i + 1}", p.Priority, p.Stop, p.When, p.Then))],
            otherwise));

    private static readonly Gen<(string Text, decimal Seconds)> Delays = Gen.OneOf<(string, decimal)>(
        ("0s", 0m), ("30m", 1800m), ("90m", 5400m), ("1h", 3600m), ("PT2H", 7200m), ("3h", 10800m), ("1d", 86400m),
        ("1d1s", 86401m), ("2d", 172800m), ("P1DT2H", 93600m), ("1w", 604800m), ("1.5h", 5400m));

    public static readonly Gen<GeneratedCase> Cases = Gen.Select(
        Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 5], Delays, Money, Gen.Int[0, 20000], Gen.Int[0, 4], Gen.Bool,
        (severity, tier, channel, delay, orderValue, customerValue, repeatFailures, proactive) =>
            new GeneratedCase(severity, tier, channel, delay.Text, delay.Seconds, orderValue, customerValue, repeatFailures, proactive));
}
