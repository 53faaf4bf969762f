using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;
using RecoveryRules.Testing.Running;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Testing.Reading;

// Reads a case's 'expect': the parts of the decision it names, each value checked as it is read
// (amounts, durations, booleans, error ids) and every rule, escalation target and role checked
// against the policy, when the policy loaded.
internal sealed partial class ScenarioFileReader
{
    private const string None = "none";
    private const string AmountShape = "an amount such as 80, 12.50 or '80 {0}'";

    private static readonly string[] ExpectKeys = ["compensation", "escalation", "empowerment", "notes", "fired", "error"];
    private static readonly string[] CompensationKeys = ["total", "capped", "items"];
    private static readonly string[] ItemKeys = ["kind", "amount"];
    private static readonly string[] EscalationKeys = ["to", "within"];
    private static readonly string[] EmpowermentKeys = ["role", "limit", "actions"];

    private ScenarioExpectation? ReadExpectation(YamlMappingEntry entry, string caseName)
    {
        YamlMappingNode expect;
        switch (entry.Value)
        {
            case YamlMappingNode mapping:
                expect = mapping;
                break;

            case YamlScalarNode { IsEmpty: true }:
                expect = new YamlMappingNode(entry.Key.Span, entry.Key.StartIndex);
                break;

            case YamlAliasNode:
                return null;

            default:
                ReportWrongKind(entry.Value, "'expect'", "a mapping naming any of compensation, escalation, empowerment, notes, fired or error");
                return null;
        }

        var errorsBefore = _diagnostics.Count;
        var keys = ReadKeys(expect, "'expect'", ExpectKeys);
        var named = ExpectKeys.Where(keys.ContainsKey).ToImmutableArray();
        if (named.IsEmpty && _diagnostics.Count == errorsBefore)
        {
            _diagnostics.Add(RecoveryDiagnostics.NothingExpected, Locate(entry.Key), caseName);
        }

        var expectation = new ScenarioExpectation
        {
            Named = named,
            Compensation = keys.TryGetValue("compensation", out var compensation) ? ReadCompensation(compensation) : null,
            Escalation = keys.TryGetValue("escalation", out var escalation) ? ReadEscalation(escalation) : null,
            Empowerment = keys.TryGetValue("empowerment", out var empowerment) ? ReadEmpowerment(empowerment) : null,
            Notes = keys.TryGetValue("notes", out var notes) ? ReadTexts(notes, "A note") : null,
            Fired = keys.TryGetValue("fired", out var fired) ? ReadFired(fired) : null,
            Error = keys.TryGetValue("error", out var error) ? ReadErrorId(error) : null,
        };

        if (expectation.Error is { } errorId && named.Length > 1)
        {
            _diagnostics.Add(
                RecoveryDiagnostics.ErrorAndDecisionExpected,
                Locate(keys["error"].Key),
                caseName,
                errorId,
                string.Join(", ", named.Where(n => n != "error").Select(n => $"'{n}'")));
        }

        return expectation;
    }

    // compensation: 80 | { total, capped, items: [ - refund: 80, - { kind: voucher, amount: 15 }, - apology ] }
    private CompensationExpectation? ReadCompensation(YamlMappingEntry entry)
    {
        switch (entry.Value)
        {
            case YamlScalarNode { IsEmpty: false } total:
                return ReadAmount(total, "compensation total") is { } amount ? new CompensationExpectation(amount, null, null) : null;

            case YamlMappingNode mapping:
                var keys = ReadKeys(mapping, "'compensation'", CompensationKeys);
                decimal? expectedTotal = null;
                if (keys.TryGetValue("total", out var totalEntry) && ReadScalar(totalEntry, "'total'", AmountText()) is { } totalNode)
                {
                    expectedTotal = ReadAmount(totalNode, "compensation total");
                }

                bool? capped = null;
                if (keys.TryGetValue("capped", out var cappedEntry) && ReadScalar(cappedEntry, "'capped'", "true or false") is { } cappedNode)
                {
                    capped = cappedNode.Value switch
                    {
                        "true" when !cappedNode.IsQuoted => true,
                        "false" when !cappedNode.IsQuoted => false,
                        _ => Invalid<bool>(cappedNode, "'capped'", "true or false"),
                    };
                }

                ImmutableArray<ExpectedItem>? items = null;
                if (keys.TryGetValue("items", out var itemsEntry) && ReadList(itemsEntry) is { } list)
                {
                    var builder = ImmutableArray.CreateBuilder<ExpectedItem>(list.Count);
                    foreach (var item in list)
                    {
                        if (ReadItem(item) is { } expected)
                        {
                            builder.Add(expected);
                        }
                    }

                    items = builder.ToImmutable();
                }

                return new CompensationExpectation(expectedTotal, capped, items);

            case YamlAliasNode:
                return null;

            default:
                ReportWrongKind(entry.Value, "'compensation'", "the total or a mapping with total, capped and items");
                return null;
        }
    }

    // - apology | - refund: 80 | - { kind: voucher, amount: 15 }
    private ExpectedItem? ReadItem(YamlNode item)
    {
        switch (item)
        {
            case YamlScalarNode { IsEmpty: false } kind:
                return new ExpectedItem(kind.Value, null);

            case YamlMappingNode mapping when mapping.Entries.Exists(e => e.Key.Value == "kind"):
                var keys = ReadKeys(mapping, "an item", ItemKeys);
                if (ReadScalar(keys["kind"], "'kind'", "the item's kind") is not { } kindNode)
                {
                    return null;
                }

                if (!keys.TryGetValue("amount", out var amountEntry))
                {
                    return new ExpectedItem(kindNode.Value, null);
                }

                return ReadScalar(amountEntry, "'amount'", AmountText()) is { } amountNode && ReadAmount(amountNode, "amount of '" + kindNode.Value + "'") is { } amount
                    ? new ExpectedItem(kindNode.Value, amount)
                    : null;

            case YamlMappingNode { Entries.Count: 1 } mapping:
                var entry = mapping.Entries[0];
                return ReadScalar(entry, $"The amount of '{entry.Key.Value}'", AmountText()) is { } value && ReadAmount(value, "amount of '" + entry.Key.Value + "'") is { } itemAmount
                    ? new ExpectedItem(entry.Key.Value, itemAmount)
                    : null;

            case YamlAliasNode:
                return null;

            default:
                ReportWrongKind(item, "An expected item", "'- KIND: AMOUNT', '- KIND' or '{ kind: KIND, amount: AMOUNT }'");
                return null;
        }
    }

    // escalation: none | duty-manager | { to: duty-manager, within: 1h }
    private EscalationExpectation? ReadEscalation(YamlMappingEntry entry)
    {
        switch (entry.Value)
        {
            case YamlScalarNode { IsEmpty: false, Value: None, IsQuoted: false }:
                return new EscalationExpectation(true, null, false, null);

            case YamlScalarNode { IsEmpty: false } target:
                return CheckMember(target, "escalation") ? new EscalationExpectation(false, target.Value, false, null) : null;

            case YamlMappingNode mapping:
                var keys = ReadKeys(mapping, "'escalation'", EscalationKeys);
                string? to = null;
                if (keys.TryGetValue("to", out var toEntry) && ReadScalar(toEntry, "'to'", "an escalation target") is { } toNode && CheckMember(toNode, "escalation"))
                {
                    to = toNode.Value;
                }

                TimeSpan? within = null;
                if (keys.TryGetValue("within", out var withinEntry) && ReadScalar(withinEntry, "'within'", "a duration or none") is { } withinNode)
                {
                    within = ReadDuration(withinNode);
                }

                return new EscalationExpectation(false, to, withinEntry is not null, within);

            case YamlAliasNode:
                return null;

            default:
                ReportWrongKind(entry.Value, "'escalation'", "a target, a mapping with to and within, or none");
                return null;
        }
    }

    // empowerment: none | { role: frontline, limit: 200, actions: [refund, replace] }
    private EmpowermentExpectation? ReadEmpowerment(YamlMappingEntry entry)
    {
        switch (entry.Value)
        {
            case YamlScalarNode { IsEmpty: false, Value: None, IsQuoted: false }:
                return new EmpowermentExpectation(true, null, false, null, null);

            case YamlMappingNode mapping:
                var keys = ReadKeys(mapping, "'empowerment'", EmpowermentKeys);
                string? role = null;
                if (keys.TryGetValue("role", out var roleEntry) && ReadScalar(roleEntry, "'role'", "a role") is { } roleNode && CheckMember(roleNode, "role"))
                {
                    role = roleNode.Value;
                }

                decimal? limit = null;
                if (keys.TryGetValue("limit", out var limitEntry) && ReadScalar(limitEntry, "'limit'", AmountText() + " or none") is { } limitNode
                    && !(limitNode.Value == None && !limitNode.IsQuoted))
                {
                    limit = ReadAmount(limitNode, "empowerment limit");
                }

                var actions = keys.TryGetValue("actions", out var actionsEntry) ? ReadTexts(actionsEntry, "An action") : null;
                return new EmpowermentExpectation(false, role, limitEntry is not null, limit, actions);

            case YamlAliasNode:
                return null;

            default:
                ReportWrongKind(entry.Value, "'empowerment'", "a mapping with any of role, limit and actions, or none");
                return null;
        }
    }

    private ImmutableArray<string>? ReadFired(YamlMappingEntry entry)
    {
        if (ReadList(entry) is not { } items)
        {
            return null;
        }

        var rules = ImmutableArray.CreateBuilder<string>(items.Count);
        foreach (var item in items)
        {
            if (ReadScalar(item, "A rule in 'fired'", "a rule id") is not { } rule)
            {
                continue;
            }

            if (_policy is { } policy && !policy.RuleIds.Contains(rule.Value, StringComparer.Ordinal))
            {
                var hint = rule.Value == "otherwise"
                    ? " ('otherwise' is never listed as fired: expect what it decides instead)"
                    : Suggestions.DidYouMean(rule.Value, policy.RuleIds);
                _diagnostics.Add(RecoveryDiagnostics.UnknownExpectedRule, Locate(rule), rule.Value, policy.Identity.Id, hint, policy.RuleIds.IsEmpty ? "none" : string.Join(", ", policy.RuleIds));
            }

            rules.Add(rule.Value);
        }

        return rules.ToImmutable();
    }

    private ImmutableArray<string>? ReadTexts(YamlMappingEntry entry, string what)
    {
        if (ReadList(entry) is not { } items)
        {
            return null;
        }

        var texts = ImmutableArray.CreateBuilder<string>(items.Count);
        foreach (var item in items)
        {
            if (ReadScalar(item, what, "text") is { } text)
            {
                texts.Add(text.Value);
            }
        }

        return texts.ToImmutable();
    }

    private string? ReadErrorId(YamlMappingEntry entry)
    {
        if (ReadScalar(entry, "'error'", "a case error id such as RR0403") is not { } id)
        {
            return null;
        }

        var caseIds = RecoveryDiagnostics.All.Where(d => d.Category == DiagnosticCategory.Case).Select(d => d.Id).ToList();
        if (caseIds.Contains(id.Value, StringComparer.Ordinal))
        {
            return id.Value;
        }

        var hint = RecoveryDiagnostics.All.FirstOrDefault(d => d.Id == id.Value) is { } other
            ? $" ({other.Id} is reported when a policy loads, not for a case)"
            : id.Value.Length <= 16 ? Suggestions.DidYouMean(id.Value, caseIds) : string.Empty;
        _diagnostics.Add(RecoveryDiagnostics.UnknownCaseErrorId, Locate(id), id.Value, hint);
        return null;
    }

    // A member of the policy's escalation or role scale; reported when it is not (and the policy loaded).
    private bool CheckMember(YamlScalarNode member, string scale)
    {
        if (_policy is not { } policy)
        {
            return true;
        }

        var members = scale == "escalation" ? policy.Bound.Escalation.Members : policy.Bound.Role.Members;
        if (members.Contains(member.Value, StringComparer.Ordinal))
        {
            return true;
        }

        _diagnostics.Add(
            RecoveryDiagnostics.UnknownExpectedMember,
            Locate(member),
            member.Value,
            scale,
            policy.Identity.Id,
            member.Value.Length <= 64 ? Suggestions.DidYouMean(member.Value, members) : string.Empty,
            string.Join(", ", members));
        return false;
    }

    // An amount: a number, or money in the policy's currency ('80 USD').
    private decimal? ReadAmount(YamlScalarNode node, string what)
    {
        var currency = _policy?.Currency;
        var match = Amount().Match(node.Value);
        if (match.Success
            && decimal.TryParse(match.Groups["number"].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && (!match.Groups["currency"].Success || currency is null || match.Groups["currency"].Value == currency))
        {
            return amount;
        }

        var expected = match.Success && match.Groups["currency"].Success && currency is not null
            ? $"money in {currency}, the policy's currency"
            : AmountText();
        return Invalid<decimal>(node, what, expected);
    }

    // A duration, or none for no SLA.
    private TimeSpan? ReadDuration(YamlScalarNode node)
    {
        if (node.Value == None && !node.IsQuoted)
        {
            return null;
        }

        return Durations.TryParse(node.Value, out var seconds)
            ? Durations.ToTimeSpan(seconds)
            : Invalid<TimeSpan>(node, "'within'", "a duration such as 30m, 2h, 1h30m or PT2H, or none");
    }

    private T? Invalid<T>(YamlScalarNode node, string what, string expected)
        where T : struct
    {
        _diagnostics.Add(RecoveryDiagnostics.InvalidExpectedValue, Locate(node), what, expected, node.Value);
        return null;
    }

    private string AmountText() => string.Format(CultureInfo.InvariantCulture, AmountShape, _policy?.Currency ?? "USD");

    [GeneratedRegex(@"^(?<number>-?[0-9]+(\.[0-9]+)?)( (?<currency>[A-Z]{3}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Amount();
}
