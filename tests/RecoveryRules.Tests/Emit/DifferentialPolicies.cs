using System.Globalization;
using CsCheck;
using RecoveryRules.Tests.Properties;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// The generated policies and cases the differential tests of the programs share (<see cref="RuleIndexDifferentialTests"/>,
/// <see cref="ClosureProgramDifferentialTests"/>): <see cref="PolicyGenerators"/>' policies with more facts (a <c>oneOf</c>
/// region and a boolean flag; <see cref="Labelled"/> adds a text label) and the defines their conditions name, and
/// <see cref="PolicyGenerators"/>' cases with those facts and order values made huge or larger for some. Each test gives its
/// own conditions, decisions and caps; what a seed generates for each test is what it generated from its own copy before.
/// </summary>
internal sealed class DifferentialPolicies
{
    /// <summary>The region fact's members.</summary>
    public static readonly string[] Regions = ["north", "south", "east", "west"];

    private static readonly Gen<decimal?> Priorities = Gen.OneOf<decimal?>(null, null, null, 0m, 1m, 1.5m, 10m, -1m);

    /// <summary>Added to a case's order value: huge for some cases, so an amount or a condition overflows.</summary>
    private static readonly Gen<decimal> OrderValueAdded = Gen.Frequency((6, Gen.Const(0m)), (1, Gen.Const(1000m)), (1, Gen.Const(79000000000000000000000000000m)));

    private static readonly Gen<string> Labels = Gen.OneOf("vip", "press", "", "VIP");

    // After the generators they use: static fields are set in this order.

    /// <summary>The policies with a region and a flag.</summary>
    public static readonly DifferentialPolicies Plain = new(labelled: false);

    /// <summary>The policies with a region, a flag and a text label (and the defines over the label).</summary>
    public static readonly DifferentialPolicies Labelled = new(labelled: true);

    private readonly bool _labelled;

    private DifferentialPolicies(bool labelled)
    {
        _labelled = labelled;
        Cases = labelled
            ? Gen.Select(
                PolicyGenerators.Cases,
                Gen.Int[0, 3],
                Gen.Bool,
                OrderValueAdded,
                Labels,
                (c, region, flag, added, label) => Json(c with { OrderValue = c.OrderValue + added }, Regions[region], flag, label))
            : Gen.Select(
                PolicyGenerators.Cases,
                Gen.Int[0, 3],
                Gen.Bool,
                OrderValueAdded,
                (c, region, flag, added) => Json(c with { OrderValue = c.OrderValue + added }, Regions[region], flag, label: null));
    }

    /// <summary>Cases as JSON with the extra facts (the label too when <see cref="Labelled"/>).</summary>
    public Gen<string> Cases { get; }

    /// <summary>
    /// Rules with a priority (often none), <c>stop</c> for some, 0–4 <paramref name="conditions"/> and one of
    /// <paramref name="decisions"/>; a <paramref name="large"/> policy's have at least one condition and rarely stop.
    /// </summary>
    public static Gen<GeneratedRule[]> Rules(int min, int max, bool large, Gen<Condition> conditions, Gen<GeneratedDecision> decisions) =>
        Gen.Select(
            Priorities,
            Gen.Frequency((large ? 400 : 8, Gen.Const(false)), (1, Gen.Const(true))),
            conditions.Array[large ? 1 : 0, 4],
            decisions)
            .Array[min, max]
            .Select(parts => parts.Select((p, i) => new GeneratedRule($"r{i + 1}", p.Item1, p.Item2, p.Item3, p.Item4)).ToArray());

    /// <summary>Policies of <paramref name="rules"/>: a compensation, a selection, a cap (one of <paramref name="caps"/>) for half of them, and an <c>otherwise</c> for some.</summary>
    public static Gen<GeneratedPolicy> Policies(Gen<GeneratedRule[]> rules, Gen<Amount> caps, Gen<GeneratedDecision> otherwise) => Gen.Select(
        Gen.OneOf("sum", "max", "first"),
        Gen.OneOf("highest", "first"),
        Gen.Frequency((1, Gen.Const((Amount?)null)), (1, caps.Select(a => (Amount?)a))),
        rules,
        otherwise.Null(0.4),
        (compensation, selection, cap, rules, otherwise) => new GeneratedPolicy(compensation, selection, selection, cap, rules, otherwise));

    /// <summary>
    /// Compares (<paramref name="compare"/>: how many decisions and case errors it compared) 150 generated policies, each over
    /// 20–40 generated cases; prints the failing policy's YAML. Returns the decisions and case errors compared in all.
    /// </summary>
    public (int Decisions, int Errors) Sample(Gen<GeneratedPolicy> policies, Func<string, IReadOnlyList<string>, (int Decisions, int Errors)> compare)
    {
        var errors = 0;
        var decisions = 0;
        Gen.Select(policies, Cases.Array[20, 40]).Sample(
            input =>
            {
                var (d, e) = compare(ToYaml(input.Item1), input.Item2);
                Interlocked.Add(ref decisions, d);
                Interlocked.Add(ref errors, e);
            },
            iter: 150,
            print: input => Environment.NewLine + ToYaml(input.Item1));
        return (decisions, errors);
    }

    /// <summary>
    /// Compares each case (<paramref name="compare"/>, which says whether the reference program decided it); returns how
    /// many cases were decided and how many failed with a case error.
    /// </summary>
    public static (int Decisions, int Errors) CountOutcomes(IEnumerable<string> cases, Func<string, bool> compare)
    {
        var decisions = 0;
        var errors = 0;
        foreach (var json in cases)
        {
            if (compare(json))
            {
                decisions++;
            }
            else
            {
                errors++;
            }
        }

        return (decisions, errors);
    }

    /// <summary>The generated policy's YAML with the extra facts and the defines the tests' conditions name.</summary>
    public string ToYaml(GeneratedPolicy policy) => policy.ToYaml()
        .Replace(
            "facts:\n",
            "facts:\n  region: { oneOf: [north, south, east, west] }\n  flag: bool\n" + (_labelled ? "  label: { type: text, default: \"\" }\n" : ""),
            StringComparison.Ordinal)
        .Replace(
            "combine:\n",
            """
            define:
              lateMajor: severity >= major and delay > 2h
              inNorth: region == north
              wide: channel in [email, chat] or region == west

            """
            + (_labelled ? "  wideOrNorth: wide or inNorth or lateMajor\n" : "")
            + """
              ratio: orderValue / repeatFailures
              risky: ratio > 50
              loyalFlag: flag and customer.tier in [gold, platinum]

            """
            + (_labelled ? LabelDefines : "")
            + "combine:\n",
            StringComparison.Ordinal);

    /// <summary>A condition only the engine decides (the tests compare programs, not an oracle).</summary>
    public static Condition Known(string text) => new(text, _ => throw new InvalidOperationException("Only the engine decides these policies."));

    /// <summary>The defines over amounts, severities and the label that <see cref="Labelled"/> policies add.</summary>
    private const string LabelDefines = """
          perUnit: orderValue / max(repeatFailures, 1)
          bonus: clamp(perUnit, 0, 30) + 5% of orderValue
          sev: severity
          sevOf: sev
          channelText: label
          labelOf: channelText
          isVip: labelOf == 'vip'
          isPress: label in ['vip', 'press']
          notVip: labelOf not in ['vip']
          vipNe: label != 'vip'

        """;

    private static string Json(GeneratedCase c, string region, bool flag, string? label)
    {
        var json = c.ToJson();
        return string.Concat(
            json.AsSpan(0, json.Length - 1),
            label is null
                ? string.Create(CultureInfo.InvariantCulture, $", \"region\": \"{region}\", \"flag\": {(flag ? "true" : "false")}}}")
                : string.Create(CultureInfo.InvariantCulture, $", \"region\": \"{region}\", \"flag\": {(flag ? "true" : "false")}, \"label\": \"{label}\"}}"));
    }
}
