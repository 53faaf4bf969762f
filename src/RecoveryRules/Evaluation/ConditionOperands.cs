using System.Collections.Immutable;
using System.Globalization;
using System.Linq.Expressions;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Symbols;

namespace RecoveryRules.Evaluation;

/// <summary>
/// What each condition of a policy names, for <see cref="ConditionExplanation.Operands"/>: per
/// condition (in the policy's flat order, <see cref="BoundRule.FirstCondition"/>), the facts and
/// defines its bound expression references, in order of first mention, each once (members, literals
/// and functions are not operands; a function's arguments are walked). A define is followed by the
/// facts and defines its body names, so the explanation shows what its value was computed from. Built once per policy, on the first explained evaluation, with a
/// small interpreted program per define named by a condition, so the values of defines the rules
/// did not reach (or inlined, being small) can be shown too; never used by evaluations without an
/// explanation.
/// </summary>
internal sealed class ConditionOperands
{
    /// <summary>What a define whose value cannot be computed for the case reads as.</summary>
    public const string NotEvaluated = "not evaluated";

    private readonly ImmutableArray<ImmutableArray<Operand>> _conditions;
    private readonly Func<CaseFrame, object>?[] _defines;
    private readonly int _defineCount;

    private ConditionOperands(ImmutableArray<ImmutableArray<Operand>> conditions, Func<CaseFrame, object>?[] defines, int defineCount)
    {
        _conditions = conditions;
        _defines = defines;
        _defineCount = defineCount;
    }

    /// <summary>One operand: a fact, or a define with its body's reference.</summary>
    private readonly record struct Operand(string Name, FactSymbol? Fact, DefineSymbol? Define);

    // Expression.Field(frame, name) names only CaseFrame's public fields (in DefinePrograms.Use), kept by the DynamicDependency;
    // decimal's and string's operator methods are found by reflection, as in PolicyProgram.Emit.
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields, typeof(CaseFrame))]
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicMethods, typeof(decimal))]
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicMethods, typeof(string))]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only CaseFrame's public fields are named, and the DynamicDependency keeps them.")]
    public static ConditionOperands For(BoundPolicy policy)
    {
        var conditions = ImmutableArray.CreateBuilder<ImmutableArray<Operand>>();
        var references = new Dictionary<DefineSymbol, BoundDefineReference>(ReferenceEqualityComparer.Instance);
        foreach (var rule in policy.Rules)
        {
            foreach (var condition in rule.Conditions)
            {
                conditions.Add(Collect(condition.Expression, references));
            }
        }

        var defines = new Func<CaseFrame, object>?[policy.Defines.Length];
        if (references.Count > 0)
        {
            var programs = new DefinePrograms();
            var frame = Expression.Parameter(typeof(CaseFrame), "frame");
            var lambdas = new List<(int Index, Expression<Func<CaseFrame, object>> Lambda)>();
            foreach (var (define, reference) in references)
            {
                var use = programs.Use(reference, frame);
                lambdas.Add((define.Index, Expression.Lambda<Func<CaseFrame, object>>(Expression.Convert(use, typeof(object)), "explain_" + define.Name.Replace('-', '_'), [frame])));
            }

            programs.EmitPending();
            programs.Compile(interpret: true);
            foreach (var (index, lambda) in lambdas)
            {
                defines[index] = lambda.Compile(preferInterpretation: true);
            }
        }

        return new ConditionOperands(conditions.ToImmutable(), defines, policy.Defines.Length);
    }

    /// <summary>
    /// The operands of every condition for the case in <paramref name="frame"/> (its facts loaded, the
    /// rules run), by flat condition index. Each define is computed at most once; a define whose
    /// computation fails for this case (a case error the rules did not reach) is <see cref="NotEvaluated"/>.
    /// </summary>
    public ImmutableArray<KeyValuePair<string, string>>[] Values(CaseFrame frame, Func<FactSymbol, string> factText)
    {
        // The define programs cache values in the frame; its flags are only cleared by a program that
        // itself uses cached defines, so start from a clean slate (defines are pure: recomputing gives the same values).
        Array.Clear(frame.DefinesComputed, 0, _defineCount);
        var defineTexts = new string?[_defineCount];
        var values = new ImmutableArray<KeyValuePair<string, string>>[_conditions.Length];
        for (var c = 0; c < _conditions.Length; c++)
        {
            var operands = _conditions[c];
            if (operands.IsEmpty)
            {
                values[c] = [];
                continue;
            }

            var builder = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>(operands.Length);
            foreach (var operand in operands)
            {
                var text = operand.Fact is { } fact
                    ? factText(fact)
                    : defineTexts[operand.Define!.Index] ??= DefineText(operand.Define, frame);
                builder.Add(new(operand.Name, text));
            }

            values[c] = builder.MoveToImmutable();
        }

        return values;
    }

    private string DefineText(DefineSymbol define, CaseFrame frame)
    {
        object value;
        try
        {
            value = _defines[define.Index]!(frame);
        }
        catch (EvaluationFailure)
        {
            return NotEvaluated;
        }
        catch (ArithmeticException)
        {
            return NotEvaluated; // an overflow, as the evaluation would report it (RR0423)
        }

        return ValueText(define.Type, value);
    }

    /// <summary>A value the way the explanation writes facts: members bare, money with its currency, durations compact, text quoted.</summary>
    public static string ValueText(PolicyType type, object? value) => type.Kind switch
    {
        TypeKind.Member => value is int ordinal && type.Vocabulary is { } vocabulary && ordinal >= 0 && ordinal < vocabulary.Members.Length
            ? vocabulary.Members[ordinal]
            : NotEvaluated,
        TypeKind.Bool => value is true ? "true" : "false",
        TypeKind.Text => "'" + value + "'",
        TypeKind.Duration => DecisionDisplay.Seconds((decimal)value!),
        TypeKind.Money => DecisionDisplay.Money((decimal)value!, type.Currency ?? string.Empty),
        TypeKind.Percent => ((decimal)value!).ToString(CultureInfo.InvariantCulture) + "%",
        _ => ((decimal)value!).ToString(CultureInfo.InvariantCulture),
    };

    private static ImmutableArray<Operand> Collect(BoundExpression expression, Dictionary<DefineSymbol, BoundDefineReference> references)
    {
        var operands = ImmutableArray.CreateBuilder<Operand>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<BoundExpression>();
        pending.Push(expression);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case BoundFactReference fact:
                    if (seen.Add(fact.Fact.Name))
                    {
                        operands.Add(new Operand(fact.Fact.Name, fact.Fact, null));
                    }

                    break;
                case BoundDefineReference define:
                    if (seen.Add(define.Define.Name))
                    {
                        operands.Add(new Operand(define.Define.Name, null, define.Define));
                        references.TryAdd(define.Define, define);

                        // What the define is computed from follows it: `highValue is false` alone does not
                        // say why; `customer.tier is standard, customer.value is 100` does.
                        pending.Push(define.Body);
                    }

                    break;
                case BoundUnary unary:
                    pending.Push(unary.Operand);
                    break;
                case BoundBinary binary:
                    pending.Push(binary.Right);
                    pending.Push(binary.Left);
                    break;
                case BoundDivision division:
                    pending.Push(division.Right);
                    pending.Push(division.Left);
                    break;
                case BoundIn @in:
                    for (var i = @in.Items.Length - 1; i >= 0; i--)
                    {
                        pending.Push(@in.Items[i]);
                    }

                    pending.Push(@in.Left);
                    break;
                case BoundCall call:
                    for (var i = call.Arguments.Length - 1; i >= 0; i--)
                    {
                        pending.Push(call.Arguments[i]);
                    }

                    break;
                case BoundDurationPart part:
                    pending.Push(part.Operand);
                    break;
            }
        }

        return operands.ToImmutable();
    }
}
