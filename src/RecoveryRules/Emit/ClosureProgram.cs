using System.Numerics;
using System.Runtime.CompilerServices;
using RecoveryRules.Binding;
using RecoveryRules.Evaluation;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// The policy's program without dynamic code (docs/design.md §20): the bound policy compiled, once, into a tree
/// of sealed nodes (<see cref="Node{T}"/>), one class per operation and slot type, as cel-go's planner builds
/// its interpretables. It runs where <see cref="System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported"/>
/// is false (Native AOT), in place of the expression tree interpreted, and decides exactly as the IL program:
/// the same rules in the same order, the same operations on the same values, the same checks and failures
/// (<see cref="EvaluationChecks"/>), written to the same <see cref="CaseFrame"/> slots.
/// </summary>
/// <remarks>
/// Built from the bound model, not from the expression tree <see cref="PolicyProgram"/> emits: the bound tree is
/// typed and small, while a walk of the expression tree would have to map its method calls back to operations
/// (or invoke them by reflection). Every choice the emitter makes that changes which operations run (a constant
/// percent folded to a factor, a duration part compared in seconds, a member list as a bit mask, a small define
/// inlined, a literal amount rounded once, the rule index) is one shared method that both call.
/// </remarks>
internal sealed partial class ClosureProgram
{
    private readonly ClosureRule[] _rules;
    private readonly RuleIndex? _index;
    private readonly ClosureMatcher? _matcher;
    private readonly Node<bool>[][] _residual = [];
    private readonly AmountStep[]? _otherwise;
    private readonly Node<decimal>? _cap;
    private readonly ClosureScaledAmount? _capScaled;
    private readonly int _capSite;
    private readonly int _digits;
    private readonly bool _clearDefines;
    private readonly int[] _scaledSlots;
    private readonly bool _explain;

    private ClosureProgram(BoundPolicy policy, bool explain, RuleIndexing indexing, bool scaleSlots)
    {
        var compiler = new Compiler(scaleSlots);
        _digits = policy.MinorUnit;
        _explain = explain;
        _rules = new ClosureRule[policy.Rules.Length];
        for (var order = 0; order < policy.Rules.Length; order++)
        {
            var rule = policy.Rules[order];
            _rules[order] = new ClosureRule(
                order,
                [.. rule.Conditions.Select(c => compiler.Bool(c.Expression))],
                compiler.Amounts(rule.Decision, policy.MinorUnit),
                rule.Stop,
                rule.FirstCondition);
        }

        _otherwise = policy.Otherwise is { } otherwise ? compiler.Amounts(otherwise, policy.MinorUnit) : null;
        _cap = policy.Cap is { } cap ? compiler.Decimal(cap) : null;
        _capScaled = policy.Cap is { } scaledCap ? compiler.ScaledAmountOf(scaledCap, policy.MinorUnit) : null;
        _capSite = policy.CapSite;

        // Exact matching (docs/design.md §35): on the integer forms, so only with them; the explaining program stays unindexed.
        if (!explain && scaleSlots && RuleMatch.IsChosen(policy, indexing))
        {
            var match = RuleMatch.Build(policy);
            _matcher = new ClosureMatcher(match, define => (ScaledDefineUse)compiler.Decimal(define), compiler.Bool);
            compiler.ScaledSlots.UnionWith(_matcher.FactSlots);
            _residual = new Node<bool>[_rules.Length][];
            for (var r = 0; r < _rules.Length; r++)
            {
                _residual[r] = [.. match.Residual[r].Select(c => _rules[r].Conditions[c])];
            }

            _copiedDefines = [.. _matcher.DefineIndices];
            _copiesAt = SlotLayout.Of(policy).DecimalSlots;
            (_table, _steps, _general, _rounds, _constants, _masks) = BuildMatched(_rules, _residual, _digits, _copiedDefines, _copiesAt);
        }

        compiler.CompilePendingDefines();
        _clearDefines = compiler.UsesDefines;
        _scaledSlots = ScaledSlots(compiler.ScaledSlots);

        // The same index as the IL program's (PolicyProgram.Emit); the explaining program stays unindexed.
        _index = explain || indexing == RuleIndexing.Never || _matcher is not null ? null
            : indexing == RuleIndexing.Always ? RuleIndex.Build(policy, minRules: 1, maxExpectedShare: 1.0)
            : RuleIndex.Build(policy);
    }

    /// <summary>The slots in order, as an array (without LINQ's sort: its instantiation for ints is JIT-compiled at start-up).</summary>
    internal static int[] ScaledSlots(HashSet<int> slots)
    {
        if (slots.Count == 0)
        {
            return [];
        }

        var ordered = new int[slots.Count];
        slots.CopyTo(ordered);
        Array.Sort(ordered);
        return ordered;
    }

    /// <summary>The index the program runs, when it is indexed (tests).</summary>
    public RuleIndex? Index => _index;

    /// <summary>The exact matching the program runs, when it matches (docs/design.md §35; tests).</summary>
    public ClosureMatcher? Matcher => _matcher;

    /// <summary>
    /// For tests: readies the frame as <see cref="Run"/> does (defines cleared, slots scaled) and selects the case's rules as
    /// the matching program would; false when the case runs unindexed. Requires <see cref="Matcher"/>.
    /// </summary>
    internal bool ProbeMatch(CaseFrame frame)
    {
        Prepare(frame);
        return _matcher!.TrySelect(frame);
    }

    /// <summary>Compiles <paramref name="policy"/>'s rules (or, with <paramref name="explain"/>, the variant that records every condition).</summary>
    /// <remarks><paramref name="scaleSlots"/> false leaves out the integer comparisons (docs/design.md §24; tests compare against it).</remarks>
    public static ClosureProgram Build(BoundPolicy policy, bool explain, RuleIndexing indexing = RuleIndexing.Auto, bool scaleSlots = true) => new(policy, explain, indexing, scaleSlots);

    /// <summary>As <see cref="Build"/>, as the delegate <see cref="TieredRuleProgram"/> runs.</summary>
    public static Action<CaseFrame> Compile(BoundPolicy policy, bool explain, RuleIndexing indexing = RuleIndexing.Auto) => Build(policy, explain, indexing).Run;

    /// <summary>Runs the rules over the frame: fills the fired rules, amounts, limits and cap (and, explaining, the conditions).</summary>
    public void Run(CaseFrame frame)
    {
        Prepare(frame);
        var amounts = frame.Amounts;
        var count = _explain ? RunExplaining(frame, amounts)
            : _matcher is not null ? RunMatched(frame, amounts)
            : _index is null ? RunAll(frame, amounts) : RunIndexed(frame, amounts);
        frame.FiredCount = count;
        if (count == 0 && _otherwise is { } otherwise)
        {
            Decide(otherwise, frame, amounts);
        }

        if (_cap is { } cap)
        {
            frame.Cap = _capScaled is { } scaled && scaled.TryEval(frame, out var amount) ? amount : EvaluationChecks.Amount(cap.Eval(frame), _digits, _capSite);
        }
    }

    private void Prepare(CaseFrame frame)
    {
        if (_clearDefines)
        {
            Array.Clear(frame.DefinesComputed);
        }

        if (_scaledSlots.Length > 0)
        {
            // The decimal slots the integer comparisons read, scaled once per case (docs/design.md §24).
            ScaledDecimal.ScaleSlots(frame.Decimals, frame.Scaled, _scaledSlots);
        }
    }

    private int RunAll(CaseFrame frame, decimal[] amounts)
    {
        var fired = frame.Fired;
        var count = 0;
        foreach (var rule in _rules)
        {
            if (Holds(rule.Conditions, frame))
            {
                fired[count++] = rule.Order;
                Decide(rule.Amounts, frame, amounts);
                if (rule.Stop)
                {
                    break;
                }
            }
        }

        return count;
    }

    /// <summary>The case's candidate rules (<see cref="RuleIndex.Select"/>), in consideration order; a <c>stop</c> ends the run.</summary>
    private int RunIndexed(CaseFrame frame, decimal[] amounts)
    {
        var words = _index!.Select(frame);
        var rules = _rules;
        var fired = frame.Fired;
        var count = 0;
        for (var w = 0; w < _index.Words; w++)
        {
            var bits = words[w];
            while (bits != 0)
            {
                // An index without a selective dimension sets every bit of the last word, past the last rule.
                var order = (w << 6) + BitOperations.TrailingZeroCount(bits);
                if (order >= rules.Length)
                {
                    break;
                }

                var rule = rules[order];
                bits &= bits - 1;
                if (Holds(rule.Conditions, frame))
                {
                    fired[count++] = rule.Order;
                    Decide(rule.Amounts, frame, amounts);
                    if (rule.Stop)
                    {
                        return count;
                    }
                }
            }
        }

        return count;
    }

    /// <summary>Every rule in turn, recording each condition evaluated (1 true, 0 false) until the first false one.</summary>
    private int RunExplaining(CaseFrame frame, decimal[] amounts)
    {
        var fired = frame.Fired;
        var recorded = frame.Conditions;
        var count = 0;
        foreach (var rule in _rules)
        {
            var holds = true;
            var conditions = rule.Conditions;
            for (var c = 0; c < conditions.Length; c++)
            {
                var test = conditions[c].Eval(frame);
                recorded[rule.FirstCondition + c] = test ? (sbyte)1 : (sbyte)0;
                if (!test)
                {
                    holds = false;
                    break;
                }
            }

            if (holds)
            {
                fired[count++] = rule.Order;
                Decide(rule.Amounts, frame, amounts);
                if (rule.Stop)
                {
                    break;
                }
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Holds(Node<bool>[] conditions, CaseFrame frame)
    {
        foreach (var condition in conditions)
        {
            if (!condition.Eval(frame))
            {
                return false;
            }
        }

        return true;
    }

    private void Decide(AmountStep[] steps, CaseFrame frame, decimal[] amounts)
    {
        // Each step read in place and each amount written straight into its slot (no copy of the step, no decimal through
        // the stack): under Native AOT those copies were a third of this loop's samples (docs/design.md §37).
        foreach (ref readonly var step in steps.AsSpan())
        {
            Amount(in step, frame, ref amounts[step.Slot]);
        }
    }

    /// <summary>One amount step: a literal's amount, or its integer form first, then decimal's with its checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Amount(in AmountStep step, CaseFrame frame, ref decimal target)
    {
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
