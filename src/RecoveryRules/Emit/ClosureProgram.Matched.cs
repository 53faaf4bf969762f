using System.Numerics;
using System.Runtime.CompilerServices;
using RecoveryRules.Evaluation;

namespace RecoveryRules.Emit;

/// <summary>
/// The closure program's matched run (docs/design.md §35) over flat tables (§38): per rule one <see cref="MatchedRule"/> in
/// consideration order, and every rule's amount steps in one array of <see cref="MatchedStep"/>s, a rule's steps contiguous, a
/// flat form (§37) held in the step itself. A fired rule costs a read of its entry and of its steps, in order, with no object
/// between them; anything the steps do not hold in line (a tree of terms, a decimal amount, a form that declines) runs the
/// rule's <see cref="AmountStep"/> at the same index, as <see cref="Decide"/> would.
/// </summary>
internal sealed partial class ClosureProgram
{
    private readonly MatchedRule[] _table = [];
    private readonly MatchedStep[] _steps = [];
    private readonly AmountStep[] _general = [];
    private readonly decimal[] _constants = [];

    /// <summary>The flat tables of the matched run, built from the rules' steps (each step's kind is decided here, once).</summary>
    private static (MatchedRule[] Table, MatchedStep[] Steps, AmountStep[] General, decimal[] Constants) BuildMatched(ClosureRule[] rules, Node<bool>[][] residual)
    {
        var table = new MatchedRule[rules.Length];
        var steps = new List<MatchedStep>();
        var general = new List<AmountStep>();
        var constants = new List<decimal>();
        for (var order = 0; order < rules.Length; order++)
        {
            var rule = rules[order];
            var first = steps.Count;
            foreach (var step in rule.Amounts)
            {
                general.Add(step);
                if (step.Value is null)
                {
                    steps.Add(new MatchedStep(default, step.Slot, constants.Count, MatchedStepKind.Constant));
                    constants.Add(step.Constant);
                }
                else if (step.Scaled is { } scaled && scaled.TryFlat(out var flat, out var index, out var define))
                {
                    steps.Add(new MatchedStep(flat, step.Slot, index, define ? MatchedStepKind.DefineFlat : MatchedStepKind.FactFlat));
                }
                else
                {
                    steps.Add(new MatchedStep(default, step.Slot, 0, MatchedStepKind.General));
                }
            }

            table[order] = new MatchedRule(first, steps.Count, residual[order].Length > 0, rule.Stop);
        }

        return (table, [.. steps], [.. general], [.. constants]);
    }

    /// <summary>For tests: the steps rule <paramref name="order"/> runs on the matched path (empty when the program does not match).</summary>
    internal ReadOnlySpan<MatchedStep> MatchedSteps(int order) =>
        _table.Length == 0 ? [] : _steps.AsSpan(_table[order].FirstStep, _table[order].EndStep - _table[order].FirstStep);

    /// <summary>
    /// The rules whose bits are set (<see cref="ClosureMatcher.TrySelect"/>), in consideration order: a rule without residual
    /// conditions fires on its bit alone, the others when their residual conditions hold; its amounts are written in line; a
    /// <c>stop</c> ends the run. A case the matcher cannot key (a variable that is not pure without a scaled value) runs every
    /// rule (docs/design.md §35, §38).
    /// </summary>
    private int RunMatched(CaseFrame frame, decimal[] amounts)
    {
        if (!_matcher!.TrySelect(frame))
        {
            return RunAll(frame, amounts);
        }

        var words = frame.CandidateWords;
        var table = _table;
        var fired = frame.Fired;
        var count = 0;
        for (var w = 0; w < words.Length && w << 6 < table.Length; w++)
        {
            var bits = words[w];
            while (bits != 0)
            {
                var order = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var rule = table[order];
                if (rule.Residual && !Holds(_residual[order], frame))
                {
                    continue;
                }

                fired[count++] = order;
                if (rule.FirstStep < rule.EndStep)
                {
                    Steps(rule.FirstStep, rule.EndStep, frame, amounts);
                }

                if (rule.Stop)
                {
                    return count;
                }
            }
        }

        return count;
    }

    /// <summary>
    /// A fired rule's steps: a literal's amount copied, a flat form evaluated in line on a fact's scaled slot or a define's
    /// scaled value, anything else (and a form that declines) through <see cref="Step"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Steps(int first, int end, CaseFrame frame, decimal[] amounts)
    {
        var steps = _steps;
        for (var s = first; s < end; s++)
        {
            ref readonly var step = ref steps[s];
            ref var target = ref amounts[step.Slot];
            var kind = step.Kind;
            if (kind == MatchedStepKind.Constant)
            {
                target = _constants[step.Read];
                continue;
            }

            if (kind != MatchedStepKind.General)
            {
                var x = kind == MatchedStepKind.FactFlat ? frame.Scaled[step.Read]
                    : frame.DefinesComputed[step.Read] ? frame.DefineScaled[step.Read] : ReadDefine(frame, s);
                if (step.Flat.TryAmount(x, out target))
                {
                    continue;
                }
            }

            Step(frame, amounts, s);
        }
    }

    /// <summary>A define's scaled value when this case has not computed the define yet (its use computes and caches it).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long ReadDefine(CaseFrame frame, int step) => _general[step].Scaled!.Read(frame);

    /// <summary>One step as <see cref="Decide"/> runs it (its integer form first, then decimal's with its checks).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Step(CaseFrame frame, decimal[] amounts, int index)
    {
        ref readonly var step = ref _general[index];
        ref var target = ref amounts[step.Slot];
        if (step.Value is not { } value)
        {
            target = step.Constant;
        }
        else if (step.Scaled is not { } scaled || !scaled.TryEval(frame, out target))
        {
            target = EvaluationChecks.Amount(value.Eval(frame), _digits, step.Site);
        }
    }
}

/// <summary>What a matched step holds in line (docs/design.md §38).</summary>
internal enum MatchedStepKind : byte
{
    /// <summary>A literal's amount, rounded when the program was built: <c>_constants[Read]</c>.</summary>
    Constant,

    /// <summary>A flat form of a fact: <c>frame.Scaled[Read]</c>.</summary>
    FactFlat,

    /// <summary>A flat form of a cached define: <c>frame.DefineScaled[Read]</c> once the define is computed.</summary>
    DefineFlat,

    /// <summary>Anything else: the rule's <see cref="AmountStep"/> at the same index.</summary>
    General,
}

/// <summary>A rule of the matched run: its steps <c>[FirstStep, EndStep)</c>, whether it has residual conditions, whether it stops.</summary>
internal readonly record struct MatchedRule(int FirstStep, int EndStep, bool Residual, bool Stop);

/// <summary>An amount step of the matched run: the amount's slot, its flat form (when it has one) and what the form reads.</summary>
internal readonly struct MatchedStep(FlatAmount flat, int slot, int read, MatchedStepKind kind)
{
    public readonly FlatAmount Flat = flat;
    public readonly int Slot = slot;
    public readonly int Read = read;
    public readonly MatchedStepKind Kind = kind;
}
