using System.Collections.Immutable;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// The generated 200-rule policy (<see cref="LargePolicyGenerator"/>) written by hand: the rules are plain if statements
/// in consideration order over a typed <see cref="LargeCase"/> (<c>Generated/LargePolicyHandWritten.g.cs</c>, written from
/// the policy model by <see cref="LargePolicySources.HandWritten"/> because nobody types 200 rules twice), and this part
/// combines what they decide into the same <see cref="Decision"/> the engine builds (docs/policy-language.md §8–§11: sum
/// + cap <c>max(orderValue, 50)</c>, highest escalation with the shortest SLA, highest empowerment with the largest limit
/// and the union of actions, notes, otherwise). Scales are enums, compared as integers.
/// </summary>
public sealed partial class LargePolicyHandWritten(PolicyIdentity identity, TimeProvider clock)
{
    private const string Usd = "USD";

    private static readonly string[] EscalationNames = ["team-lead", "supervisor", "duty-manager", "retention"];
    private static readonly string[] RoleNames = ["frontline", "team-lead", "supervisor", "manager"];
    private static readonly EscalationDecision Otherwise = new("team-lead", TimeSpan.FromHours(48), "otherwise");

    private enum Escalation
    {
        TeamLead,
        Supervisor,
        DutyManager,
        Retention,
    }

    private enum Role
    {
        Frontline,
        TeamLead,
        Supervisor,
        Manager,
    }

    public Decision Evaluate(LargeCase c)
    {
        var now = clock.GetUtcNow();
        var cap = Money(Math.Max(c.OrderValue, 50m));
        var d = new Outcome();
        Decide(c, d);
        if (d.Fired.Count == 0)
        {
            return new Decision
            {
                CaseId = c.Id,
                Policy = identity,
                Compensation = new CompensationDecision(0.00m, Usd, false, []),
                Escalation = Otherwise,
                Notes = [],
                Fired = [],
                EvaluatedAt = now,
            };
        }

        var total = d.Total;
        var capped = total > cap;
        if (capped)
        {
            total = cap;
        }

        return new Decision
        {
            CaseId = c.Id,
            Policy = identity,
            Compensation = new CompensationDecision(total, Usd, capped, d.Items?.ToImmutable() ?? []),
            Escalation = d.EscalationRule is null ? null : new EscalationDecision(EscalationNames[(int)d.EscalateTo], d.Within, d.EscalationRule),
            Empowerment = d.EmpowermentRules is null ? null : new EmpowermentDecision(RoleNames[(int)d.Role], d.Limit, d.Actions!.ToImmutable(), d.EmpowermentRules.ToImmutable()),
            Notes = d.Notes?.ToImmutable() ?? [],
            Fired = [.. d.Fired],
            EvaluatedAt = now,
        };
    }

    /// <summary>Money: half away from zero to 2 decimals, always with 2 decimals (80 → 80.00); never negative.</summary>
    private static decimal Money(decimal value)
    {
        var rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero) + 0.00m;
        return rounded < 0 ? throw new InvalidOperationException("A negative amount.") : rounded;
    }

    /// <summary>What the fired rules decided so far, for one case.</summary>
    private sealed class Outcome
    {
        public readonly List<string> Fired = new(16);
        public ImmutableArray<CompensationItem>.Builder? Items;
        public decimal Total = 0.00m;
        public Escalation EscalateTo;
        public string? EscalationRule;
        public TimeSpan? Within;
        public Role Role;
        public decimal? Limit;
        public ImmutableArray<string>.Builder? Actions;
        public ImmutableArray<string>.Builder? EmpowermentRules;
        public ImmutableArray<string>.Builder? Notes;

        public void Fire(string rule) => Fired.Add(rule);

        public void Compensate(string kind, decimal? amount, string rule, string? note)
        {
            (Items ??= ImmutableArray.CreateBuilder<CompensationItem>(8)).Add(new CompensationItem(kind, amount, rule, note));
            Total += amount ?? 0m;
        }

        public void Escalate(Escalation to, TimeSpan within, string rule)
        {
            if (EscalationRule is null || to > EscalateTo)
            {
                EscalateTo = to;
                EscalationRule = rule;
            }

            if (Within is not { } shortest || within < shortest)
            {
                Within = within;
            }
        }

        public void Empower(Role role, decimal limit, string[] actions, string rule)
        {
            if (EmpowermentRules is null || role > Role)
            {
                Role = role;
            }

            if (Limit is not { } largest || limit > largest)
            {
                Limit = limit;
            }

            Actions ??= ImmutableArray.CreateBuilder<string>(8);
            foreach (var action in actions)
            {
                if (!Actions.Contains(action))
                {
                    Actions.Add(action);
                }
            }

            (EmpowermentRules ??= ImmutableArray.CreateBuilder<string>(4)).Add(rule);
        }

        public void Note(string note) => (Notes ??= ImmutableArray.CreateBuilder<string>(4)).Add(note);
    }
}
