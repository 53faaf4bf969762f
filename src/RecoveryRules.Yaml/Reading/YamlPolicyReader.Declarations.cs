using System.Collections.Immutable;
using RecoveryRules.Syntax;

namespace RecoveryRules.Yaml.Reading;

// Reads what a policy declares before its rules: scales, facts, defines and how decisions combine.
// Names are the keys, so their diagnostics point at the key.
internal sealed partial class YamlPolicyReader
{
    private ImmutableArray<ScaleSyntax> ReadScales(YamlMappingEntry? entry)
    {
        if (entry is null || ReadMapping(entry) is not { } scales)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<ScaleSyntax>(scales.Entries.Count);
        foreach (var scale in scales.Entries)
        {
            if (ReadVocabulary(scale) is { } members)
            {
                result.Add(new ScaleSyntax(ToSyntax(scale.Key), members));
            }
        }

        return result.ToImmutable();
    }

    private ImmutableArray<FactSyntax> ReadFacts(YamlMappingEntry? entry)
    {
        if (entry is null || ReadMapping(entry) is not { } facts)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<FactSyntax>(facts.Entries.Count);
        foreach (var fact in facts.Entries)
        {
            if (ReadFact(fact) is { } syntax)
            {
                result.Add(syntax);
            }
        }

        return result.ToImmutable();
    }

    // orderValue: money | repeatFailures: { type: number, default: 0 } | failureType: { oneOf: [...] }
    private FactSyntax? ReadFact(YamlMappingEntry fact)
    {
        var name = ToSyntax(fact.Key);
        switch (fact.Value)
        {
            case YamlScalarNode type:
                return new FactSyntax { Name = name, Location = Locate(type.IsEmpty ? fact.Key : type), Type = ToSyntax(type) };

            case YamlMappingNode declaration:
                var keys = ReadKeys(declaration, $"the fact '{fact.Key.Value}'", PolicyKeys.Fact);
                return new FactSyntax
                {
                    Name = name,
                    Location = Locate(declaration),
                    Type = ReadScalar(keys.GetValueOrDefault("type")),
                    Default = ReadScalar(keys.GetValueOrDefault("default")),
                    OneOf = keys.TryGetValue("oneOf", out var oneOf) ? ReadVocabulary(oneOf) : null,
                };

            case YamlAliasNode:
                return new FactSyntax { Name = name, Location = Locate(fact.Value), IsMalformed = true };

            default:
                ReportWrongKind(fact.Value, $"'{fact.Key.Value}'", "a type or a mapping");
                return new FactSyntax { Name = name, Location = Locate(fact.Value), IsMalformed = true };
        }
    }

    private ImmutableArray<DefineSyntax> ReadDefines(YamlMappingEntry? entry)
    {
        if (entry is null || ReadMapping(entry) is not { } defines)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<DefineSyntax>(defines.Entries.Count);
        foreach (var define in defines.Entries)
        {
            if (ReadScalar(define, expected: "an expression") is { } expression)
            {
                result.Add(new DefineSyntax(ToSyntax(define.Key), expression));
            }
            else
            {
                // Reported (or an alias, reported where it stands): keep the name declared, so its uses add nothing.
                result.Add(new DefineSyntax(ToSyntax(define.Key), ToSyntax(define.Key)) { IsMalformed = true });
            }
        }

        return result.ToImmutable();
    }

    private CombineSyntax? ReadCombine(YamlMappingEntry? entry)
    {
        if (entry is null || ReadMapping(entry) is not { } combine)
        {
            return null;
        }

        var keys = ReadKeys(combine, "'combine'", PolicyKeys.Combine);
        return new CombineSyntax
        {
            Location = Locate(combine),
            Compensation = ReadScalar(keys.GetValueOrDefault("compensation")),
            Cap = ReadScalar(keys.GetValueOrDefault("cap")),
            Escalation = ReadScalar(keys.GetValueOrDefault("escalation")),
            Empowerment = ReadScalar(keys.GetValueOrDefault("empowerment")),
        };
    }
}
