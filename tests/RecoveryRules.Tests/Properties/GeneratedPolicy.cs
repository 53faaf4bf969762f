using System.Globalization;
using System.Text;

namespace RecoveryRules.Tests.Properties;

/// <summary>
/// A randomly generated policy as a model: each expression carries both its policy text and a
/// C# meaning, so the model can render the policy as YAML and, independently of the engine,
/// compute the decision §3 and §9 say a case must get (a reference oracle).
/// </summary>
internal sealed record GeneratedPolicy(
    string CompensationMode,
    string EscalationMode,
    string EmpowermentMode,
    Amount? Cap,
    IReadOnlyList<GeneratedRule> Rules,
    GeneratedDecision? Otherwise)
{
    public static readonly string[] Severities = ["minor", "moderate", "major", "critical"];
    public static readonly string[] Tiers = ["standard", "silver", "gold", "platinum"];
    public static readonly string[] Channels = ["phone", "email", "chat", "social", "store", "app"];
    public static readonly string[] Escalations = ["team-lead", "supervisor", "duty-manager", "retention"];
    public static readonly string[] Roles = ["frontline", "team-lead", "supervisor", "manager"];

    public string ToYaml()
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("policy: generated");
        yaml.AppendLine("version: \"1\"");
        yaml.AppendLine("facts:");
        yaml.AppendLine("  orderValue: money");
        yaml.AppendLine("  repeatFailures: { type: number, default: 0 }");
        yaml.AppendLine("  proactive: { type: bool, default: false }");
        yaml.AppendLine("combine:");
        yaml.AppendLine($"  compensation: {CompensationMode}");
        yaml.AppendLine($"  escalation: {EscalationMode}");
        yaml.AppendLine($"  empowerment: {EmpowermentMode}");
        if (Cap is not null)
        {
            yaml.AppendLine($"  cap: \"{Cap.Text}\"");
        }

        yaml.AppendLine("rules:");
        foreach (var rule in Rules)
        {
            yaml.AppendLine($"  - id: {rule.Id}");
            if (rule.Priority is { } priority)
            {
                yaml.AppendLine($"    priority: {priority.ToString(CultureInfo.InvariantCulture)}");
            }

            if (rule.Stop)
            {
                yaml.AppendLine("    stop: true");
            }

            if (rule.When.Count > 0)
            {
                yaml.AppendLine("    when:");
                foreach (var condition in rule.When)
                {
                    yaml.AppendLine($"      - \"{condition.Text}\"");
                }
            }

            if (!rule.Then.IsEmpty)
            {
                yaml.AppendLine("    then:");
                rule.Then.Write(yaml, "      ");
            }
        }

        if (Otherwise is { IsEmpty: false })
        {
            yaml.AppendLine("otherwise:");
            Otherwise.Write(yaml, "  ");
        }

        return yaml.ToString();
    }

    /// <summary>Rules by descending priority, ties in file order.</summary>
    public IReadOnlyList<GeneratedRule> ConsiderationOrder() =>
        [.. Rules.Select((rule, index) => (rule, index)).OrderByDescending(p => p.rule.Priority ?? 0m).ThenBy(p => p.index).Select(p => p.rule)];

    /// <summary>The decision the contract prescribes for <paramref name="c"/>, computed without the engine.</summary>
    public Expected Decide(GeneratedCase c)
    {
        var fired = new List<GeneratedRule>();
        foreach (var rule in ConsiderationOrder())
        {
            if (rule.When.All(condition => condition.Holds(c)))
            {
                fired.Add(rule);
                if (rule.Stop)
                {
                    break;
                }
            }
        }

        var cap = Cap is null ? (decimal?)null : Round(Cap.Value(c));
        if (fired.Count == 0 && Otherwise is { IsEmpty: false } otherwise)
        {
            var items = Items(otherwise, "otherwise", c);
            return Finish(items, cap,
                otherwise.Escalate is { } e ? (e.To, e.Within, "otherwise") : null,
                otherwise.Empower is { } p ? (p.Role, p.Limit is null ? null : Round(p.Limit.Value(c)), p.Actions, ["otherwise"]) : null,
                otherwise.Note is null ? [] : [otherwise.Note],
                []);
        }

        var compensating = fired.Where(r => r.Then.Items.Count > 0).ToList();
        IReadOnlyList<(string Kind, decimal? Amount, string Rule, string? Note)> kept = CompensationMode switch
        {
            "sum" => [.. compensating.SelectMany(r => Items(r.Then, r.Id, c))],
            "first" => compensating.Count == 0 ? [] : Items(compensating[0].Then, compensating[0].Id, c),
            _ => Max(compensating, c),
        };

        (string, TimeSpan?, string)? escalation = null;
        var escalating = fired.Where(r => r.Then.Escalate is not null).ToList();
        if (escalating.Count > 0)
        {
            if (EscalationMode == "first")
            {
                escalation = (escalating[0].Then.Escalate!.To, escalating[0].Then.Escalate!.Within, escalating[0].Id);
            }
            else
            {
                var top = escalating.MaxBy(r => Array.IndexOf(Escalations, r.Then.Escalate!.To))!;
                var within = escalating.Select(r => r.Then.Escalate!.Within).Where(w => w is not null).Min();
                escalation = (top.Then.Escalate!.To, within, top.Id);
            }
        }

        (string, decimal?, IReadOnlyList<string>, IReadOnlyList<string>)? empowerment = null;
        var empowering = fired.Where(r => r.Then.Empower is not null).ToList();
        if (empowering.Count > 0)
        {
            var limits = empowering.Select(r => r.Then.Empower!.Limit is { } l ? Round(l.Value(c)) : (decimal?)null).ToList();
            if (EmpowermentMode == "first")
            {
                var first = empowering[0].Then.Empower!;
                empowerment = (first.Role, limits[0], first.Actions, [empowering[0].Id]);
            }
            else
            {
                var role = empowering.MaxBy(r => Array.IndexOf(Roles, r.Then.Empower!.Role))!.Then.Empower!.Role;
                empowerment = (role, limits.Max(), [.. empowering.SelectMany(r => r.Then.Empower!.Actions).Distinct()], [.. empowering.Select(r => r.Id)]);
            }
        }

        // Every fired rule's amounts and limits are evaluated; a generated policy never makes them fail.
        return Finish(kept, cap, escalation, empowerment, [.. fired.Where(r => r.Then.Note is not null).Select(r => r.Then.Note!)], [.. fired.Select(r => r.Id)]);
    }

    private static IReadOnlyList<(string, decimal?, string, string?)> Max(List<GeneratedRule> compensating, GeneratedCase c)
    {
        IReadOnlyList<(string Kind, decimal? Amount, string Rule, string? Note)>? best = null;
        var bestSum = 0m;
        foreach (var rule in compensating)
        {
            var items = Items(rule.Then, rule.Id, c);
            var sum = items.Sum(i => i.Amount ?? 0m);
            if (best is null || sum > bestSum)
            {
                best = items;
                bestSum = sum;
            }
        }

        return best ?? [];
    }

    private static IReadOnlyList<(string Kind, decimal? Amount, string Rule, string? Note)> Items(GeneratedDecision decision, string rule, GeneratedCase c) =>
        [.. decision.Items.Select(i => (i.Kind, i.Amount is null ? (decimal?)null : Round(i.Amount.Value(c)), rule, i.Note))];

    private static Expected Finish(
        IReadOnlyList<(string Kind, decimal? Amount, string Rule, string? Note)> items,
        decimal? cap,
        (string To, TimeSpan? Within, string Rule)? escalation,
        (string Role, decimal? Limit, IReadOnlyList<string> Actions, IReadOnlyList<string> Rules)? empowerment,
        IReadOnlyList<string> notes,
        IReadOnlyList<string> fired)
    {
        var total = items.Sum(i => i.Amount ?? 0m);
        var capped = cap is { } limit && total > limit;
        return new Expected(capped ? cap!.Value : total, capped, items, escalation, empowerment, notes, fired);
    }

    /// <summary>USD: half away from zero to cents.</summary>
    public static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

/// <summary>The decision the oracle expects.</summary>
internal sealed record Expected(
    decimal Total,
    bool Capped,
    IReadOnlyList<(string Kind, decimal? Amount, string Rule, string? Note)> Items,
    (string To, TimeSpan? Within, string Rule)? Escalation,
    (string Role, decimal? Limit, IReadOnlyList<string> Actions, IReadOnlyList<string> Rules)? Empowerment,
    IReadOnlyList<string> Notes,
    IReadOnlyList<string> Fired);

internal sealed record GeneratedRule(string Id, decimal? Priority, bool Stop, IReadOnlyList<Condition> When, GeneratedDecision Then);

internal sealed record GeneratedDecision(IReadOnlyList<GeneratedItem> Items, GeneratedEscalation? Escalate, GeneratedEmpowerment? Empower, string? Note)
{
    public bool IsEmpty => Items.Count == 0 && Escalate is null && Empower is null && Note is null;

    public void Write(StringBuilder yaml, string indent)
    {
        if (Items.Count > 0)
        {
            yaml.AppendLine($"{indent}compensate:");
            foreach (var item in Items)
            {
                yaml.AppendLine($"{indent}  - kind: {item.Kind}");
                if (item.Amount is not null)
                {
                    yaml.AppendLine($"{indent}    amount: \"{item.Amount.Text}\"");
                }

                if (item.Note is not null)
                {
                    yaml.AppendLine($"{indent}    note: \"{item.Note}\"");
                }
            }
        }

        if (Escalate is not null)
        {
            yaml.AppendLine($"{indent}escalate: {{ to: {Escalate.To}{(Escalate.WithinText is null ? string.Empty : ", within: " + Escalate.WithinText)} }}");
        }

        if (Empower is not null)
        {
            yaml.Append($"{indent}empower: {{ role: {Empower.Role}");
            if (Empower.Limit is not null)
            {
                yaml.Append($", limit: \"{Empower.Limit.Text}\"");
            }

            yaml.AppendLine($", actions: [{string.Join(", ", Empower.Actions)}] }}");
        }

        if (Note is not null)
        {
            yaml.AppendLine($"{indent}note: \"{Note}\"");
        }
    }
}

internal sealed record GeneratedItem(string Kind, Amount? Amount, string? Note);

internal sealed record GeneratedEscalation(string To, string? WithinText, TimeSpan? Within);

internal sealed record GeneratedEmpowerment(string Role, Amount? Limit, IReadOnlyList<string> Actions);

/// <summary>A boolean expression: its text and its meaning.</summary>
internal sealed record Condition(string Text, Func<GeneratedCase, bool> Holds)
{
    public override string ToString() => Text;
}

/// <summary>A money expression (never negative for a valid case): its text and its exact decimal meaning.</summary>
internal sealed record Amount(string Text, Func<GeneratedCase, decimal> Value)
{
    public override string ToString() => Text;
}

/// <summary>A valid case over the built-in facts and the generated policy's three facts.</summary>
internal sealed record GeneratedCase(int Severity, int Tier, int Channel, string DelayText, decimal DelaySeconds, decimal OrderValue, decimal CustomerValue, int RepeatFailures, bool Proactive)
{
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"id\": \"g\", \"severity\": \"{GeneratedPolicy.Severities[Severity]}\", \"channel\": \"{GeneratedPolicy.Channels[Channel]}\", \"delay\": \"{DelayText}\", "
        + $"\"customer\": {{\"tier\": \"{GeneratedPolicy.Tiers[Tier]}\", \"value\": {CustomerValue}}}, \"orderValue\": {OrderValue}, "
        + $"\"repeatFailures\": {RepeatFailures}, \"proactive\": {(Proactive ? "true" : "false")}}}");

    public override string ToString() => ToJson();
}
