using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// Writes a large policy, deterministically (a fixed seed): rules with 1–3 conditions over severity,
/// channel, delay, tier, customer value and declared facts (comparisons, <c>in</c> lists, defines,
/// arithmetic, duration parts), compensation items with expressions (<c>10% of orderValue</c>,
/// <c>min(…)</c>, <c>clamp(…)</c>), escalations and empowerments, a few priorities, and one
/// <c>stop</c> rule late in file order. <see cref="Build"/> gives the policy as a model (what every
/// implementation of the benchmarks is written from: the YAML, the hand-written C#, the NRules rules and
/// the RulesEngine workflow); <see cref="Generate"/> gives its YAML text.
/// </summary>
public static class LargePolicyGenerator
{
    public const int DefaultSeed = 20261123;

    public static readonly string[] Severities = ["minor", "moderate", "major", "critical"];
    public static readonly string[] Channels = ["phone", "email", "chat", "social", "store", "app"];
    public static readonly string[] Tiers = ["standard", "silver", "gold", "platinum"];
    public static readonly string[] Escalations = ["team-lead", "supervisor", "duty-manager", "retention"];
    public static readonly string[] Roles = ["frontline", "team-lead", "supervisor", "manager"];
    public static readonly string[] FailureTypes = ["information", "operation", "communication", "technical"];
    public static readonly string[] Regions = ["north", "south", "east", "west"];
    private static readonly string[] Actions = ["refund", "replace", "credit", "voucher", "upgrade", "waive-fee"];
    private static readonly string[] Comparisons = ["==", "!=", "<", "<=", ">", ">="];

    /// <summary>The defines a condition may name alone (<see cref="ConditionKind.Define"/>).</summary>
    public static readonly string[] DefineConditions = ["highValue", "not highValue", "late", "not late", "veryLate", "bigOrder", "not bigOrder", "loyal"];

    /// <summary>The case the 200-rule benchmarks evaluate: it matches a fair share of the rules.</summary>
    public const string CaseJson =
        """{"id": "large-1", "severity": "major", "channel": "email", "delay": "30h", "customer": {"tier": "gold", "value": 8000}, "orderValue": 150, "repeatFailures": 2, "failureType": "technical", "proactive": false, "region": "north", "itemCount": 3}""";

    /// <summary><see cref="CaseJson"/> as a typed case.</summary>
    public static LargeCase Case { get; } = new("large-1", Severity.Major, Channel.Email, TimeSpan.FromHours(30), Tier.Gold, 8000m, 150m, 2m, FailureType.Technical, false, Region.North, 3m);

    /// <summary>Writes the policy's YAML text.</summary>
    /// <param name="ruleCount">How many rules.</param>
    /// <param name="seed">The seed: the same seed gives the same text.</param>
    /// <returns>The YAML text.</returns>
    public static string Generate(int ruleCount = 200, int seed = DefaultSeed) => Build(ruleCount, seed).ToYaml();

    /// <summary>Writes the YAML text of <see cref="Build"/> with brands.</summary>
    public static string Generate(int ruleCount, int seed, int brands) => Build(ruleCount, seed, brands).ToYaml();

    /// <summary>Builds the policy as a model (the same seed gives the same policy).</summary>
    /// <param name="ruleCount">How many rules.</param>
    /// <param name="seed">The seed: the same seed gives the same policy.</param>
    /// <param name="brands">
    /// With more than one, the policy declares <c>brand: { oneOf: [b1 … bN] }</c> and rule <c>r</c> also
    /// requires <c>brand == b(r mod N + 1)</c>, as its first condition: the rules are otherwise those of
    /// <c>Build(ruleCount, seed)</c>, so with <c>brands = ruleCount / 200</c> a case matches about as many
    /// rules as in the 200-rule policy (docs/performance.md, "Rule indexing").
    /// </param>
    public static LargePolicyModel Build(int ruleCount = 200, int seed = DefaultSeed, int brands = 1)
    {
        var random = new Random(seed);
        var rules = ImmutableArray.CreateBuilder<GeneratedRule>(ruleCount);
        var stopAt = ruleCount * 9 / 10;
        for (var r = 0; r < ruleCount; r++)
        {
            string? priority = r % 23 == 5 ? Pick(random, ["10", "50", "2.5", "-1"]) : null;

            var conditions = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Condition(random)).ToImmutableArray();
            if (r == stopAt)
            {
                // The stop rule: the benchmark case does not match it, so every rule is considered.
                conditions = [new GeneratedCondition(ConditionKind.Define, "loyal", A: "loyal"), new GeneratedCondition(ConditionKind.Proactive, "proactive", A: "proactive")];
            }

            var itemCount = random.Next(0, 3);
            var escalate = random.Next(3) == 0;
            var empower = random.Next(4) == 0;
            var note = random.Next(5) == 0;
            if (itemCount == 0 && !escalate && !empower && !note)
            {
                itemCount = 1;
            }

            var items = Enumerable.Range(0, itemCount).Select(i => Item(random, r, i)).ToImmutableArray();

            GeneratedEscalation? escalation = null;
            if (escalate)
            {
                var to = Pick(random, Escalations);
                escalation = new GeneratedEscalation(to, random.Next(1, 72));
            }

            GeneratedEmpowerment? empowerment = null;
            if (empower)
            {
                var actions = Actions.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToImmutableArray();
                var fixedLimit = random.Next(2) == 0;
                var limitValue = fixedLimit ? random.Next(1, 50) * 10 : random.Next(50, 500);
                empowerment = new GeneratedEmpowerment(Pick(random, Roles), fixedLimit, limitValue, actions);
            }

            rules.Add(new GeneratedRule(
                r,
                string.Create(CultureInfo.InvariantCulture, $"rule-{r:D3}"),
                priority,
                conditions,
                Stop: r == stopAt,
                items,
                escalation,
                empowerment,
                note ? string.Create(CultureInfo.InvariantCulture, $"Generated note for rule {r}.") : null)
            {
                Brand = brands > 1 ? Brand(r % brands) : null,
            });
        }

        return new LargePolicyModel(ruleCount, seed, rules.MoveToImmutable(), brands);
    }

    private static GeneratedCondition Condition(Random random)
    {
        switch (random.Next(16))
        {
            case 0:
            {
                var op = Pick(random, Comparisons);
                var member = Pick(random, Severities);
                return new GeneratedCondition(ConditionKind.SeverityCompare, $"severity {op} {member}", op, member);
            }
            case 1:
            {
                var member = Pick(random, Severities);
                return new GeneratedCondition(ConditionKind.SeverityCompare, $"severity >= {member}", ">=", member);
            }
            case 2:
            {
                var a = Pick(random, Channels);
                var b = Pick(random, Channels);
                return new GeneratedCondition(ConditionKind.ChannelIn, $"channel in [{a}, {b}]", A: a, B: b);
            }
            case 3:
            {
                var a = Pick(random, Channels);
                return new GeneratedCondition(ConditionKind.ChannelNot, $"channel != {a}", A: a);
            }
            case 4:
            {
                var n = random.Next(1, 72);
                return new GeneratedCondition(ConditionKind.DelayAboveHours, Invariant($"delay > {n}h"), N: n);
            }
            case 5:
            {
                var n = random.Next(1, 100);
                return new GeneratedCondition(ConditionKind.DelayHoursAtMost, Invariant($"delay.hours <= {n}"), N: n);
            }
            case 6:
            {
                var op = Pick(random, Comparisons);
                var member = Pick(random, Tiers);
                return new GeneratedCondition(ConditionKind.TierCompare, $"customer.tier {op} {member}", op, member);
            }
            case 7:
            {
                var n = random.Next(0, 20) * 1000;
                return new GeneratedCondition(ConditionKind.CustomerValueAtLeast, Invariant($"customer.value >= {n}"), N: n);
            }
            case 8:
            {
                var n = random.Next(10, 500);
                return new GeneratedCondition(ConditionKind.DoubleOrderAbove, Invariant($"orderValue * 2 > {n}"), N: n);
            }
            case 9:
            {
                var n = random.Next(0, 100);
                var m = random.Next(0, 200);
                return new GeneratedCondition(ConditionKind.OrderMinusAtLeast, Invariant($"orderValue - {n} >= {m}"), N: n, M: m);
            }
            case 10:
            {
                var n = random.Next(0, 5);
                return new GeneratedCondition(ConditionKind.RepeatPlusOneAbove, Invariant($"repeatFailures + 1 > {n}"), N: n);
            }
            case 11:
            {
                var a = Pick(random, FailureTypes);
                var b = Pick(random, FailureTypes);
                return new GeneratedCondition(ConditionKind.FailureTypeNotIn, $"failureType not in [{a}, {b}]", A: a, B: b);
            }
            case 12:
            {
                var define = Pick(random, DefineConditions);
                return new GeneratedCondition(ConditionKind.Define, define, A: define);
            }
            case 13:
            {
                var text = random.Next(2) == 0 ? "proactive" : "not proactive";
                return new GeneratedCondition(ConditionKind.Proactive, text, A: text);
            }
            case 14:
            {
                var region = Pick(random, Regions);
                return new GeneratedCondition(ConditionKind.RegionIs, $"region == {region}", A: region);
            }
            default:
            {
                var n = random.Next(10, 200);
                return new GeneratedCondition(ConditionKind.PerItemBelow, Invariant($"perItem < {n}"), N: n);
            }
        }
    }

    private static GeneratedItem Item(Random random, int rule, int index)
    {
        switch (random.Next(7))
        {
            case 0:
            {
                var percent = random.Next(1, 11) * 10;
                return new GeneratedItem(ItemKind.PercentOfOrder, "refund", Invariant($"refund: {percent}% of orderValue"), percent);
            }
            case 1:
            {
                var percent = random.Next(5, 30);
                var most = random.Next(10, 60);
                return new GeneratedItem(ItemKind.MinPercentOfOrder, "credit", Invariant($"credit: \"min({percent}% of orderValue, {most})\""), percent, most);
            }
            case 2:
            {
                var amount = random.Next(5, 50);
                return new GeneratedItem(ItemKind.Fixed, "voucher", Invariant($"voucher: {amount}"), amount);
            }
            case 3:
            {
                var percent = random.Next(1, 20);
                return new GeneratedItem(ItemKind.MaxPercentOfPerItem, "discount", Invariant($"discount: \"max(5, {percent}% of perItem)\""), percent);
            }
            case 4:
            {
                var kind = Pick(random, ["apology", "follow-up-call", "upgrade"]);
                return new GeneratedItem(ItemKind.NoAmount, kind, kind);
            }
            case 5:
            {
                var most = random.Next(10, 40);
                return new GeneratedItem(ItemKind.ClampTenthOfOrder, "gift", Invariant($"gift: \"clamp(orderValue / 10, 5, {most})\""), most);
            }
            default:
            {
                var factor = random.Next(2, 9);
                var note = Invariant($"Waiver {rule}-{index}");
                return new GeneratedItem(ItemKind.RoundRepeatTimes, "waiver", Invariant($"{{ kind: waiver, amount: \"round(repeatFailures * {factor})\", note: {note} }}"), factor, Note: note);
            }
        }
    }

    /// <summary>The name of brand <paramref name="index"/> (from 0) of a policy built with brands.</summary>
    public static string Brand(int index) => string.Create(CultureInfo.InvariantCulture, $"b{index + 1}");

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The generated policy (<see cref="LargePolicyGenerator.Build"/>): its rules in file order.</summary>
public sealed record LargePolicyModel(int RuleCount, int Seed, ImmutableArray<GeneratedRule> Rules, int Brands = 1)
{
    public string PolicyId => Brands > 1
        ? string.Create(CultureInfo.InvariantCulture, $"generated-{RuleCount}-brands-{Brands}")
        : string.Create(CultureInfo.InvariantCulture, $"generated-{RuleCount}");

    /// <summary>The rules in consideration order (docs/policy-language.md §8): descending priority, ties in file order.</summary>
    public ImmutableArray<GeneratedRule> ConsiderationOrder =>
        [.. Rules.OrderByDescending(rule => rule.PriorityValue).ThenBy(rule => rule.Index)];

    /// <summary>The YAML text of the policy.</summary>
    public string ToYaml()
    {
        var text = new StringBuilder(RuleCount * 400);
        text.Append(CultureInfo.InvariantCulture, $"""
            policy: {PolicyId}
            version: "seed-{Seed}"
            description: A generated policy for benchmarks.
            currency: USD
            facts:
              orderValue: money
              repeatFailures: {"{"} type: number, default: 0 {"}"}
              failureType: {"{"} oneOf: [information, operation, communication, technical] {"}"}
              proactive: bool
              region: {"{"} oneOf: [north, south, east, west], default: north {"}"}
              itemCount: {"{"} type: number, default: 1 {"}"}
            {(Brands > 1 ? "  brand: { oneOf: [" + string.Join(", ", Enumerable.Range(0, Brands).Select(LargePolicyGenerator.Brand)) + "] }\n" : "")}define:
              highValue: customer.tier >= gold or customer.value >= 10000
              late: delay > 24h
              veryLate: delay.days >= 3
              bigOrder: orderValue >= 200
              perItem: orderValue / max(itemCount, 1)
              loyal: customer.tier in [gold, platinum] and customer.value > 5000
            combine:
              compensation: sum
              cap: max(orderValue, 50)
              escalation: highest
              empowerment: highest
            rules:

            """);

        foreach (var rule in Rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - id: {rule.Id}\n");
            if (rule.Priority is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"    priority: {rule.Priority}\n");
            }

            if (rule.Conditions.Length == 1 && rule.Brand is null)
            {
                text.Append(CultureInfo.InvariantCulture, $"    when: {rule.Conditions[0].Yaml}\n");
            }
            else
            {
                text.Append("    when:\n");
                if (rule.Brand is not null)
                {
                    text.Append(CultureInfo.InvariantCulture, $"      - brand == {rule.Brand}\n");
                }

                foreach (var condition in rule.Conditions)
                {
                    text.Append(CultureInfo.InvariantCulture, $"      - {condition.Yaml}\n");
                }
            }

            if (rule.Stop)
            {
                text.Append("    stop: true\n");
            }

            text.Append("    then:\n");
            if (rule.Items.Length > 0)
            {
                text.Append("      compensate:\n");
                foreach (var item in rule.Items)
                {
                    text.Append(CultureInfo.InvariantCulture, $"        - {item.Yaml}\n");
                }
            }

            if (rule.Escalation is { } escalation)
            {
                text.Append(CultureInfo.InvariantCulture, $"      escalate: {{ to: {escalation.To}, within: {escalation.WithinHours}h }}\n");
            }

            if (rule.Empowerment is { } empowerment)
            {
                var limit = empowerment.FixedLimit
                    ? empowerment.LimitValue.ToString(CultureInfo.InvariantCulture)
                    : string.Create(CultureInfo.InvariantCulture, $"min(orderValue, {empowerment.LimitValue})");
                text.Append(CultureInfo.InvariantCulture, $"      empower: {{ role: {empowerment.Role}, limit: \"{limit}\", actions: [{string.Join(", ", empowerment.Actions)}] }}\n");
            }

            if (rule.Note is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"      note: {rule.Note}\n");
            }
        }

        text.Append("otherwise:\n  escalate: { to: team-lead, within: 48h }\n");
        return text.ToString();
    }
}

/// <summary>A generated rule: <paramref name="Priority"/> as written (null: the default 0).</summary>
public sealed record GeneratedRule(
    int Index,
    string Id,
    string? Priority,
    ImmutableArray<GeneratedCondition> Conditions,
    bool Stop,
    ImmutableArray<GeneratedItem> Items,
    GeneratedEscalation? Escalation,
    GeneratedEmpowerment? Empowerment,
    string? Note)
{
    public decimal PriorityValue => Priority is null ? 0m : decimal.Parse(Priority, CultureInfo.InvariantCulture);

    /// <summary>The brand the rule is for (its first condition, <c>brand == Brand</c>), when the policy was built with brands.</summary>
    public string? Brand { get; init; }
}

/// <summary>The shapes of generated conditions.</summary>
public enum ConditionKind
{
    /// <summary><c>severity OP A</c>.</summary>
    SeverityCompare,
    /// <summary><c>channel in [A, B]</c>.</summary>
    ChannelIn,
    /// <summary><c>channel != A</c>.</summary>
    ChannelNot,
    /// <summary><c>delay &gt; Nh</c>.</summary>
    DelayAboveHours,
    /// <summary><c>delay.hours &lt;= N</c>.</summary>
    DelayHoursAtMost,
    /// <summary><c>customer.tier OP A</c>.</summary>
    TierCompare,
    /// <summary><c>customer.value &gt;= N</c>.</summary>
    CustomerValueAtLeast,
    /// <summary><c>orderValue * 2 &gt; N</c>.</summary>
    DoubleOrderAbove,
    /// <summary><c>orderValue - N &gt;= M</c>.</summary>
    OrderMinusAtLeast,
    /// <summary><c>repeatFailures + 1 &gt; N</c>.</summary>
    RepeatPlusOneAbove,
    /// <summary><c>failureType not in [A, B]</c>.</summary>
    FailureTypeNotIn,
    /// <summary>A define, possibly negated: A is one of <see cref="LargePolicyGenerator.DefineConditions"/>.</summary>
    Define,
    /// <summary><c>proactive</c> or <c>not proactive</c> (A).</summary>
    Proactive,
    /// <summary><c>region == A</c>.</summary>
    RegionIs,
    /// <summary><c>perItem &lt; N</c>.</summary>
    PerItemBelow,
}

/// <summary>A generated condition: its YAML text and its parts.</summary>
public sealed record GeneratedCondition(ConditionKind Kind, string Yaml, string Op = "", string A = "", string B = "", int N = 0, int M = 0);

/// <summary>The shapes of generated compensation items.</summary>
public enum ItemKind
{
    /// <summary><c>refund: N% of orderValue</c>.</summary>
    PercentOfOrder,
    /// <summary><c>credit: min(N% of orderValue, M)</c>.</summary>
    MinPercentOfOrder,
    /// <summary><c>voucher: N</c>.</summary>
    Fixed,
    /// <summary><c>discount: max(5, N% of perItem)</c>.</summary>
    MaxPercentOfPerItem,
    /// <summary>An item without an amount (apology, follow-up-call, upgrade).</summary>
    NoAmount,
    /// <summary><c>gift: clamp(orderValue / 10, 5, N)</c>.</summary>
    ClampTenthOfOrder,
    /// <summary><c>waiver: round(repeatFailures * N)</c>, with a note.</summary>
    RoundRepeatTimes,
}

/// <summary>A generated compensation item.</summary>
public sealed record GeneratedItem(ItemKind Kind, string Name, string Yaml, int N = 0, int M = 0, string? Note = null);

/// <summary>A generated escalation: a target and a whole number of hours.</summary>
public sealed record GeneratedEscalation(string To, int WithinHours);

/// <summary>A generated empowerment: the limit is <see cref="LimitValue"/> or <c>min(orderValue, LimitValue)</c>.</summary>
public sealed record GeneratedEmpowerment(string Role, bool FixedLimit, int LimitValue, ImmutableArray<string> Actions);
