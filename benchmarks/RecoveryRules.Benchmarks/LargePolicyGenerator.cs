using System.Globalization;
using System.Text;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// Writes a large policy as YAML text, deterministically (a fixed seed): rules with 1–3
/// conditions over severity, channel, delay, tier, customer value and declared facts
/// (comparisons, <c>in</c> lists, defines, arithmetic, duration parts), compensation items with
/// expressions (<c>10% of orderValue</c>, <c>min(…)</c>, <c>clamp(…)</c>), escalations and
/// empowerments, a few priorities, and one <c>stop</c> rule late in file order.
/// </summary>
public static class LargePolicyGenerator
{
    public const int DefaultSeed = 20261123;

    private static readonly string[] Severities = ["minor", "moderate", "major", "critical"];
    private static readonly string[] Channels = ["phone", "email", "chat", "social", "store", "app"];
    private static readonly string[] Tiers = ["standard", "silver", "gold", "platinum"];
    private static readonly string[] Escalations = ["team-lead", "supervisor", "duty-manager", "retention"];
    private static readonly string[] Roles = ["frontline", "team-lead", "supervisor", "manager"];
    private static readonly string[] FailureTypes = ["information", "operation", "communication", "technical"];
    private static readonly string[] Regions = ["north", "south", "east", "west"];
    private static readonly string[] Actions = ["refund", "replace", "credit", "voucher", "upgrade", "waive-fee"];
    private static readonly string[] Comparisons = ["==", "!=", "<", "<=", ">", ">="];

    /// <summary>The case the 200-rule benchmarks evaluate: it matches a fair share of the rules.</summary>
    public const string CaseJson =
        """{"id": "large-1", "severity": "major", "channel": "email", "delay": "30h", "customer": {"tier": "gold", "value": 8000}, "orderValue": 150, "repeatFailures": 2, "failureType": "technical", "proactive": false, "region": "north", "itemCount": 3}""";

    /// <summary>Writes the policy.</summary>
    /// <param name="ruleCount">How many rules.</param>
    /// <param name="seed">The seed: the same seed gives the same text.</param>
    /// <returns>The YAML text.</returns>
    public static string Generate(int ruleCount = 200, int seed = DefaultSeed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(ruleCount * 400);
        text.Append(CultureInfo.InvariantCulture, $"""
            policy: generated-{ruleCount}
            version: "seed-{seed}"
            description: A generated policy for benchmarks.
            currency: USD
            facts:
              orderValue: money
              repeatFailures: {"{"} type: number, default: 0 {"}"}
              failureType: {"{"} oneOf: [information, operation, communication, technical] {"}"}
              proactive: bool
              region: {"{"} oneOf: [north, south, east, west], default: north {"}"}
              itemCount: {"{"} type: number, default: 1 {"}"}
            define:
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

        var stopAt = ruleCount * 9 / 10;
        for (var r = 0; r < ruleCount; r++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - id: rule-{r:D3}\n");
            if (r % 23 == 5)
            {
                text.Append(CultureInfo.InvariantCulture, $"    priority: {Pick(random, ["10", "50", "2.5", "-1"])}\n");
            }

            var conditions = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Condition(random)).ToList();
            if (r == stopAt)
            {
                // The stop rule: the benchmark case does not match it, so every rule is considered.
                conditions = ["loyal", "proactive"];
            }
            if (conditions.Count == 1)
            {
                text.Append(CultureInfo.InvariantCulture, $"    when: {conditions[0]}\n");
            }
            else
            {
                text.Append("    when:\n");
                foreach (var condition in conditions)
                {
                    text.Append(CultureInfo.InvariantCulture, $"      - {condition}\n");
                }
            }

            if (r == stopAt)
            {
                text.Append("    stop: true\n");
            }

            text.Append("    then:\n");
            var items = random.Next(0, 3);
            var escalate = random.Next(3) == 0;
            var empower = random.Next(4) == 0;
            var note = random.Next(5) == 0;
            if (items == 0 && !escalate && !empower && !note)
            {
                items = 1;
            }

            if (items > 0)
            {
                text.Append("      compensate:\n");
                for (var i = 0; i < items; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"        - {Item(random, r, i)}\n");
                }
            }

            if (escalate)
            {
                text.Append(CultureInfo.InvariantCulture, $"      escalate: {{ to: {Pick(random, Escalations)}, within: {random.Next(1, 72)}h }}\n");
            }

            if (empower)
            {
                var actions = string.Join(", ", Actions.OrderBy(_ => random.Next()).Take(random.Next(1, 4)));
                var limit = random.Next(2) == 0 ? random.Next(1, 50).ToString(CultureInfo.InvariantCulture) + "0" : $"min(orderValue, {random.Next(50, 500)})";
                text.Append(CultureInfo.InvariantCulture, $"      empower: {{ role: {Pick(random, Roles)}, limit: \"{limit}\", actions: [{actions}] }}\n");
            }

            if (note)
            {
                text.Append(CultureInfo.InvariantCulture, $"      note: Generated note for rule {r}.\n");
            }
        }

        text.Append("otherwise:\n  escalate: { to: team-lead, within: 48h }\n");
        return text.ToString();
    }

    private static string Condition(Random random) => random.Next(16) switch
    {
        0 => $"severity {Pick(random, Comparisons)} {Pick(random, Severities)}",
        1 => $"severity >= {Pick(random, Severities)}",
        2 => $"channel in [{Pick(random, Channels)}, {Pick(random, Channels)}]",
        3 => $"channel != {Pick(random, Channels)}",
        4 => $"delay > {random.Next(1, 72)}h",
        5 => $"delay.hours <= {random.Next(1, 100)}",
        6 => $"customer.tier {Pick(random, Comparisons)} {Pick(random, Tiers)}",
        7 => $"customer.value >= {random.Next(0, 20) * 1000}",
        8 => $"orderValue * 2 > {random.Next(10, 500)}",
        9 => $"orderValue - {random.Next(0, 100)} >= {random.Next(0, 200)}",
        10 => $"repeatFailures + 1 > {random.Next(0, 5)}",
        11 => $"failureType not in [{Pick(random, FailureTypes)}, {Pick(random, FailureTypes)}]",
        12 => Pick(random, ["highValue", "not highValue", "late", "not late", "veryLate", "bigOrder", "not bigOrder", "loyal"]),
        13 => random.Next(2) == 0 ? "proactive" : "not proactive",
        14 => $"region == {Pick(random, Regions)}",
        _ => $"perItem < {random.Next(10, 200)}",
    };

    private static string Item(Random random, int rule, int index) => random.Next(7) switch
    {
        0 => $"refund: {random.Next(1, 11) * 10}% of orderValue",
        1 => $"credit: \"min({random.Next(5, 30)}% of orderValue, {random.Next(10, 60)})\"",
        2 => $"voucher: {random.Next(5, 50)}",
        3 => $"discount: \"max(5, {random.Next(1, 20)}% of perItem)\"",
        4 => Pick(random, ["apology", "follow-up-call", "upgrade"]),
        5 => $"gift: \"clamp(orderValue / 10, 5, {random.Next(10, 40)})\"",
        _ => $"{{ kind: waiver, amount: \"round(repeatFailures * {random.Next(2, 9)})\", note: Waiver {rule}-{index} }}",
    };

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
