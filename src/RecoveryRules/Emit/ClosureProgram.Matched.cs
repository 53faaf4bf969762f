using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RecoveryRules.Evaluation;

namespace RecoveryRules.Emit;

/// <summary>
/// The closure program's matched run (docs/design.md §35) over flat tables (§38): per rule one <see cref="MatchedRule"/> in
/// consideration order, and every rule's amount steps in one array of <see cref="MatchedStep"/>s, a rule's steps contiguous, a
/// flat form (§37) held in the step itself. A fired rule costs a read of its entry and of its steps, in order, with no object
/// between them; anything the steps do not hold in line (a tree of terms, a decimal amount, a form that declines) runs the
/// rule's <see cref="AmountStep"/> at the same index, as <see cref="Decide"/> would. A literal amount is no step: every rule's
/// literals are written into the frame's slots once per frame and policy (§42), and stay there.
/// </summary>
internal sealed partial class ClosureProgram
{
    private readonly MatchedRule[] _table = [];
    private readonly MatchedStep[] _steps = [];
    private readonly AmountStep[] _general = [];
    private readonly MatchedRound[] _rounds = [];
    private readonly (int Slot, decimal Amount)[] _constants = [];
    private readonly RuleMasks _masks = RuleMasks.Empty;
    private readonly int[] _copiedDefines = [];
    private readonly int _copiesAt;

    /// <summary>The flat tables of the matched run, built from the rules' steps (each step's kind is decided here, once).</summary>
    private static (MatchedRule[] Table, MatchedStep[] Steps, AmountStep[] General, MatchedRound[] Rounds, (int Slot, decimal Amount)[] Constants, RuleMasks Masks) BuildMatched(
        ClosureRule[] rules, Node<bool>[][] residual, int digits, int[] copiedDefines, int copiesAt)
    {
        var words = (rules.Length + 63) >> 6;
        var masks = new RuleMasks(words, new ulong[words], new ulong[words], new ulong[words], new int[rules.Length + 1]);
        var table = new MatchedRule[rules.Length];
        var steps = new List<MatchedStep>();
        var general = new List<AmountStep>();
        var rounds = new List<MatchedRound>();
        var constants = new List<(int Slot, decimal Amount)>();
        for (var order = 0; order < rules.Length; order++)
        {
            var rule = rules[order];
            var first = steps.Count;
            foreach (var step in rule.Amounts)
            {
                if (step.Value is null)
                {
                    // A literal's slot holds its amount from the frame's first matched run on (docs/design.md §42).
                    constants.Add((step.Slot, step.Constant));
                    continue;
                }

                general.Add(step);
                if (step.Scaled is { } scaled && scaled.TryFlat(out var flat, out var index, out var define) && flat.Digits == digits)
                {
                    var round = -1;
                    if (flat.Round is { } form)
                    {
                        round = rounds.Count;
                        rounds.Add(new MatchedRound(form.Times, form.Low, form.High));
                    }

                    // A define the matcher computes for every case it keys is read from its copy past the decimal slots (§42).
                    var (kind, read) = !define ? (MatchedStepKind.FactFlat, index)
                        : Array.IndexOf(copiedDefines, index) >= 0 ? (MatchedStepKind.FactFlat, copiesAt + index)
                        : (MatchedStepKind.DefineFlat, index);
                    steps.Add(MatchedStep.OfFlat(step.Slot, kind, read, flat, round));
                }
                else
                {
                    steps.Add(MatchedStep.OfGeneral(step.Slot));
                }
            }

            table[order] = new MatchedRule(first, steps.Count, residual[order].Length > 0, rule.Stop);
            var bit = 1UL << (order & 63);
            masks.Residual[order >> 6] |= residual[order].Length > 0 ? bit : 0;
            masks.Stops[order >> 6] |= rule.Stop ? bit : 0;
            masks.WithSteps[order >> 6] |= steps.Count > first ? bit : 0;
            masks.Starts[order + 1] = steps.Count;
        }

        return (table, [.. steps], [.. general], [.. rounds], [.. constants], masks);
    }

    /// <summary>For tests: the literal amounts the matched run writes once per frame and policy, by slot (docs/design.md §42).</summary>
    internal ReadOnlySpan<(int Slot, decimal Amount)> MatchedConstants => _constants;

    /// <summary>For tests: the steps rule <paramref name="order"/> runs on the matched path (empty when the program does not match).</summary>
    internal ReadOnlySpan<MatchedStep> MatchedSteps(int order) =>
        _table.Length == 0 ? [] : _steps.AsSpan(_table[order].FirstStep, _table[order].EndStep - _table[order].FirstStep);

    /// <summary>
    /// The rules whose bits are set (<see cref="ClosureMatcher.TrySelect"/>), in consideration order: a rule without residual
    /// conditions fires on its bit alone, the others when their residual conditions hold; its amounts are written in line; a
    /// <c>stop</c> ends the run. A case the matcher cannot key (a variable that is not pure without a scaled value) runs every
    /// rule (docs/design.md §35, §38). The rules' literal amounts are in their slots (<see cref="WriteConstants"/>, §42).
    /// </summary>
    private int RunMatched(CaseFrame frame, decimal[] amounts)
    {
        if (!_matcher!.TrySelect(frame))
        {
            return RunAll(frame, amounts);
        }

        if (!ReferenceEquals(frame.ConstantsOf, this) || !ReferenceEquals(frame.ConstantsIn, amounts))
        {
            WriteConstants(frame, amounts);
        }

        // The defines the matcher computed, copied past the decimal slots: a step reads them as it reads a fact (§42).
        foreach (var define in _copiedDefines)
        {
            frame.Scaled[_copiesAt + define] = frame.DefineScaled[define];
        }

        var words = frame.CandidateWords;
        var masks = _masks;
        var residual = 0UL;
        for (var w = 0; w < masks.Words; w++)
        {
            residual |= words[w] & masks.Residual[w];
        }

        if (residual == 0)
        {
            return RunCandidates(frame, amounts, words);
        }

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
                ref readonly var rule = ref table[order];
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
    /// A case none of whose candidates has residual conditions (docs/design.md §42): every candidate fires, up to the first
    /// that stops. The fired rules are written from the words alone, then the steps of those that have steps run in the same
    /// order, from <see cref="RuleMasks.Starts"/>: no rule's entry is read for a rule without steps. The steps run in the
    /// order the rules' loop runs them, so the first step that fails is the same one.
    /// </summary>
    private int RunCandidates(CaseFrame frame, decimal[] amounts, ulong[] words)
    {
        var masks = _masks;
        var end = masks.Words;
        var last = ulong.MaxValue;
        for (var w = 0; w < masks.Words; w++)
        {
            var stops = words[w] & masks.Stops[w];
            if (stops != 0)
            {
                // The first candidate that stops is the last rule that runs: the bits past it are left out.
                var first = stops & (0 - stops);
                (end, last) = (w + 1, first | (first - 1));
                break;
            }
        }

        var fired = frame.Fired;
        var count = 0;
        for (var w = 0; w < end; w++)
        {
            var bits = w == end - 1 ? words[w] & last : words[w];
            while (bits != 0)
            {
                fired[count++] = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
            }
        }

        var starts = masks.Starts;
        for (var w = 0; w < end; w++)
        {
            var bits = (w == end - 1 ? words[w] & last : words[w]) & masks.WithSteps[w];
            while (bits != 0)
            {
                var order = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                Steps(starts[order], starts[order + 1], frame, amounts);
            }
        }

        return count;
    }

    /// <summary>For tests: whether the case <see cref="ProbeMatch"/> selected runs as <see cref="RunCandidates"/> (no candidate has residual conditions).</summary>
    internal bool ProbeCandidates(CaseFrame frame)
    {
        var residual = 0UL;
        for (var w = 0; w < _masks.Words; w++)
        {
            residual |= frame.CandidateWords[w] & _masks.Residual[w];
        }

        return residual == 0;
    }

    /// <summary>
    /// Every rule's literal amounts written into their slots, once per frame and policy (docs/design.md §42): each slot is one
    /// amount's (the binder gives every amount its own), a literal's amount is the same for every case, and every program of the
    /// policy writes that same value there (<see cref="EvaluationChecks.TryConstantAmount"/>), nothing else does; a frame sized
    /// for another policy forgets it (<see cref="CaseFrame.ConstantsOf"/>). The line reads only the fired rules' slots.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WriteConstants(CaseFrame frame, decimal[] amounts)
    {
        foreach (var (slot, amount) in _constants)
        {
            amounts[slot] = amount;
        }

        frame.ConstantsOf = this;
        frame.ConstantsIn = amounts;
    }

    /// <summary>
    /// A fired rule's steps: a flat form (§37) evaluated in line on a fact's scaled slot or a define's scaled value, anything
    /// else (and a form that declines) through <see cref="Step"/>. Out of the rules' loop, so that neither loop's values are
    /// kept on the stack (docs/design.md §42).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Steps(int first, int end, CaseFrame frame, decimal[] amounts)
    {
        var steps = _steps;
        var scaled = frame.Scaled;
        for (var s = first; s < end; s++)
        {
            ref readonly var step = ref steps[s];
            long x;
            if (step.Kind == MatchedStepKind.FactFlat)
            {
                x = scaled[step.Read];
            }
            else if (step.Kind == MatchedStepKind.DefineFlat)
            {
                x = frame.DefinesComputed[step.Read] ? frame.DefineScaled[step.Read] : ReadDefine(frame, s);
            }
            else
            {
                Step(frame, amounts, s);
                continue;
            }

            if (x == ScaledDecimal.NotScaled || !TryFlat(in step, x, out amounts[step.Slot]))
            {
                Step(frame, amounts, s);
            }
        }
    }

    /// <summary>
    /// <see cref="FlatAmount.TryAmount"/> over a step's fields (its round's apart: most amounts have none) for a scaled
    /// <paramref name="x"/>: false, with 0, when the amount is not positive or is a zero whose sign is not known.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryFlat(in MatchedStep step, long x, out decimal amount)
    {
        var v = FlatAmount.Linear(x, step.A, step.B, step.Low, step.High);
        if (step.Round >= 0)
        {
            ref readonly var round = ref _rounds[step.Round];
            v = FlatAmount.Rounded(v, round.Times, round.Low, round.High);
        }

        return FlatAmount.TryUnits(v, x, step.SignFree, _digits, out amount);
    }

    /// <summary>A define's scaled value when this case has not computed the define yet (its use computes and caches it).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long ReadDefine(CaseFrame frame, int step) => _general[step].Scaled!.Read(frame);

    /// <summary>One step as <see cref="Decide"/> runs it (<see cref="Amount"/>), out of the matched loop.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Step(CaseFrame frame, decimal[] amounts, int index)
    {
        ref readonly var step = ref _general[index];
        Amount(in step, frame, ref amounts[step.Slot]);
    }
}

/// <summary>What a matched step holds in line (docs/design.md §38).</summary>
internal enum MatchedStepKind : byte
{
    /// <summary>A flat form of a fact, or of a define the matcher computes (its copy past the decimal slots): <c>frame.Scaled[Read]</c>.</summary>
    FactFlat,

    /// <summary>A flat form of a cached define: <c>frame.DefineScaled[Read]</c> once the define is computed.</summary>
    DefineFlat,

    /// <summary>Anything else: the rule's <see cref="AmountStep"/> at the same index.</summary>
    General,
}

/// <summary>A rule of the matched run: its steps <c>[FirstStep, EndStep)</c>, whether it has residual conditions, whether it stops.</summary>
internal readonly record struct MatchedRule(int FirstStep, int EndStep, bool Residual, bool Stop);

/// <summary>
/// The matched rules as bits, a word per 64 rules in consideration order (docs/design.md §42): those with residual conditions,
/// those that stop, those with steps; and where each rule's steps start (a rule's end at the next one's start).
/// </summary>
internal sealed record RuleMasks(int Words, ulong[] Residual, ulong[] Stops, ulong[] WithSteps, int[] Starts)
{
    public static readonly RuleMasks Empty = new(0, [], [], [], [0]);
}

/// <summary>A flat form's <c>round</c> (<see cref="FlatAmount.Rounded"/>), apart from its step.</summary>
internal readonly record struct MatchedRound(long Times, long Low, long High);

/// <summary>
/// An amount step of the matched run in 48 bytes: the amount's slot, its kind, a flat form's first part
/// (<see cref="FlatAmount.Linear"/>), what it reads and its round's index (docs/design.md §38; literals are no steps, §42).
/// </summary>
[StructLayout(LayoutKind.Explicit)]
internal readonly struct MatchedStep
{
    [FieldOffset(0)]
    public readonly long A;

    [FieldOffset(8)]
    public readonly long B;

    [FieldOffset(16)]
    public readonly long Low;

    [FieldOffset(24)]
    public readonly long High;

    /// <summary>The amount's slot in <c>frame.Amounts</c>.</summary>
    [FieldOffset(32)]
    public readonly int Slot;

    /// <summary>The fact's slot in <c>frame.Scaled</c>, or the define's index.</summary>
    [FieldOffset(36)]
    public readonly int Read;

    /// <summary>The round's index in the program's rounds, or -1.</summary>
    [FieldOffset(40)]
    public readonly int Round;

    [FieldOffset(44)]
    public readonly MatchedStepKind Kind;

    [FieldOffset(45)]
    public readonly bool SignFree;

    private MatchedStep(int slot, MatchedStepKind kind)
    {
        (Slot, Kind, Round) = (slot, kind, -1);
    }

    private MatchedStep(int slot, MatchedStepKind kind, int read, FlatAmount flat, int round)
    {
        (Slot, Kind, Read, Round, SignFree) = (slot, kind, read, round, flat.SignFree);
        (A, B, Low, High) = flat.First;
    }

    public static MatchedStep OfFlat(int slot, MatchedStepKind kind, int read, FlatAmount flat, int round) => new(slot, kind, read, flat, round);

    public static MatchedStep OfGeneral(int slot) => new(slot, MatchedStepKind.General);
}
