using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Syntax;

namespace RecoveryRules.Yaml.Reading;

// Reads the rules and what they decide: conditions, compensation items in their three forms,
// escalation (a mapping or a bare target) and empowerment. 'otherwise' is read as a decision.
internal sealed partial class YamlPolicyReader
{
    private ImmutableArray<RuleSyntax> ReadRules(YamlMappingEntry? entry)
    {
        if (entry is null || ReadList(entry) is not { } items)
        {
            return [];
        }

        var rules = ImmutableArray.CreateBuilder<RuleSyntax>(items.Count);
        foreach (var item in items)
        {
            switch (item)
            {
                case YamlMappingNode rule:
                    rules.Add(ReadRule(rule));
                    break;

                case YamlAliasNode:
                    break;

                default:
                    ReportWrongKind(item, "A rule", "a mapping");
                    break;
            }
        }

        return rules.ToImmutable();
    }

    private RuleSyntax ReadRule(YamlMappingNode rule)
    {
        var id = rule.Entries.Find(entry => entry.Key.Value == "id")?.Value as YamlScalarNode;
        var keys = ReadKeys(rule, id is { IsEmpty: false } ? $"the rule '{id.Value}'" : "a rule", PolicyKeys.Rule);
        RequireKey(keys, rule, "A rule", "id");

        return new RuleSyntax
        {
            Location = Locate(rule),
            Id = ReadScalar(keys.GetValueOrDefault("id")),
            Description = ReadScalar(keys.GetValueOrDefault("description")),
            Priority = ReadScalar(keys.GetValueOrDefault("priority")),
            When = keys.TryGetValue("when", out var when) ? ReadConditions(when.Value) : [],
            Stop = ReadScalar(keys.GetValueOrDefault("stop")),
            Suppressions = ReadSuppressions(keys.GetValueOrDefault("suppress")),
            Then = keys.TryGetValue("then", out var then) ? ReadDecision(then) : null,
        };
    }

    // when: one expression, or a list of them (all must hold); nothing for an empty value.
    private ImmutableArray<ScalarSyntax> ReadConditions(YamlNode when)
    {
        switch (when)
        {
            case YamlScalarNode { IsEmpty: true } or YamlAliasNode:
                return [];

            case YamlScalarNode condition:
                return [ToSyntax(condition)];

            case YamlSequenceNode list:
                var conditions = ImmutableArray.CreateBuilder<ScalarSyntax>(list.Items.Count);
                foreach (var item in list.Items)
                {
                    if (ReadCondition(item) is { } condition)
                    {
                        conditions.Add(condition);
                    }
                }

                return conditions.ToImmutable();

            default:
                ReadCondition(when);
                return [];
        }
    }

    private ScalarSyntax? ReadCondition(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode condition:
                return ToSyntax(condition);

            case YamlSequenceNode or YamlMappingNode:
                _diagnostics.Add(RecoveryDiagnostics.ConditionNotText, Locate(node), node is YamlSequenceNode ? "list" : "mapping");
                return null;

            default:
                return null;
        }
    }

    // then / otherwise: { compensate, escalate, empower, note }; an empty value decides nothing.
    private DecisionSyntax? ReadDecision(YamlMappingEntry entry)
    {
        if (ReadMapping(entry) is not { } decision)
        {
            return null;
        }

        var keys = ReadKeys(decision, $"'{entry.Key.Value}'", PolicyKeys.Decision);
        var compensate = keys.GetValueOrDefault("compensate");
        return new DecisionSyntax
        {
            Location = Locate(decision),
            Compensate = ReadCompensation(compensate),
            CompensateLocation = compensate is null ? null : Locate(compensate.Key),
            Escalate = keys.TryGetValue("escalate", out var escalate) ? ReadEscalation(escalate) : null,
            Empower = keys.TryGetValue("empower", out var empower) ? ReadEmpowerment(empower) : null,
            Note = ReadScalar(keys.GetValueOrDefault("note")),
        };
    }

    private ImmutableArray<CompensationItemSyntax> ReadCompensation(YamlMappingEntry? entry)
    {
        if (entry is null || ReadList(entry) is not { } items)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<CompensationItemSyntax>(items.Count);
        foreach (var item in items)
        {
            if (ReadItem(item) is { } syntax)
            {
                result.Add(syntax);
            }
        }

        return result.ToImmutable();
    }

    // - apology | - refund: 100% of orderValue | - { kind: voucher, amount: 15, note: ... }
    private CompensationItemSyntax? ReadItem(YamlNode item)
    {
        switch (item)
        {
            case YamlScalarNode { IsEmpty: true }:
                _diagnostics.Add(RecoveryDiagnostics.InvalidCompensationItem, Locate(item), "is empty");
                return null;

            case YamlScalarNode kind:
                return new CompensationItemSyntax(Locate(kind), ToSyntax(kind), null, null);

            case YamlMappingNode { Entries.Count: 0 }:
                _diagnostics.Add(RecoveryDiagnostics.InvalidCompensationItem, Locate(item), "is an empty mapping");
                return null;

            case YamlMappingNode { Entries: [var single] } when !PolicyKeys.Item.Contains(single.Key.Value, StringComparer.Ordinal):
                return ReadKindAndAmount(item, single);

            case YamlMappingNode mapping:
                var keys = ReadKeys(mapping, "a compensation item", PolicyKeys.Item);
                RequireKey(keys, mapping, "A compensation item", "kind");
                return ReadScalar(keys.GetValueOrDefault("kind")) is { } kindSyntax
                    ? new CompensationItemSyntax(Locate(mapping), kindSyntax, ReadScalar(keys.GetValueOrDefault("amount")), ReadScalar(keys.GetValueOrDefault("note")))
                    : null;

            case YamlSequenceNode:
                _diagnostics.Add(RecoveryDiagnostics.InvalidCompensationItem, Locate(item), "is a list");
                return null;

            default:
                return null;
        }
    }

    // - KIND: AMOUNT; an empty amount ("- refund:") is kept as an empty expression for the compiler.
    private CompensationItemSyntax? ReadKindAndAmount(YamlNode item, YamlMappingEntry entry)
    {
        switch (entry.Value)
        {
            case YamlScalarNode amount:
                return new CompensationItemSyntax(Locate(item), ToSyntax(entry.Key), ToSyntax(amount), null);

            case YamlAliasNode:
                return null;

            default:
                _diagnostics.Add(
                    RecoveryDiagnostics.InvalidCompensationItem,
                    Locate(entry.Value),
                    $"'{entry.Key.Value}' has {entry.Value.Description} as its amount");
                return null;
        }
    }

    // escalate: { to, within } or the bare target (escalate: supervisor).
    private EscalationSyntax? ReadEscalation(YamlMappingEntry entry)
    {
        if (entry.Value is YamlScalarNode { IsEmpty: false } target)
        {
            return new EscalationSyntax(Locate(target), ToSyntax(target), null);
        }

        if (ReadMapping(entry, "a target or a mapping") is not { } escalation)
        {
            return null;
        }

        var keys = ReadKeys(escalation, "'escalate'", PolicyKeys.Escalation);
        return new EscalationSyntax(Locate(escalation), ReadScalar(keys.GetValueOrDefault("to")), ReadScalar(keys.GetValueOrDefault("within")));
    }

    // empower: { role, limit, actions: [...] }
    private EmpowermentSyntax? ReadEmpowerment(YamlMappingEntry entry)
    {
        if (ReadMapping(entry) is not { } empowerment)
        {
            return null;
        }

        var keys = ReadKeys(empowerment, "'empower'", PolicyKeys.Empowerment);
        var actions = ImmutableArray<ScalarSyntax>.Empty;
        if (keys.TryGetValue("actions", out var actionsEntry) && ReadList(actionsEntry) is { } items)
        {
            var builder = ImmutableArray.CreateBuilder<ScalarSyntax>(items.Count);
            foreach (var item in items)
            {
                if (ReadScalar(item, "An action") is { } action)
                {
                    builder.Add(action);
                }
            }

            actions = builder.ToImmutable();
        }

        return new EmpowermentSyntax(Locate(empowerment), ReadScalar(keys.GetValueOrDefault("role")), ReadScalar(keys.GetValueOrDefault("limit")), actions);
    }
}
