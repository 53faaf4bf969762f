using RecoveryRules.Binding;

namespace RecoveryRules.Emit;

/// <summary>
/// The working memory of one evaluation: the case's facts in typed slots (read by the compiled
/// program without any lookup), and what the program writes back: the rules that fired, the
/// amounts and limits they computed, the cap, and (when explaining) each condition's value.
/// One frame is reused per thread, so evaluating allocates only the decision.
/// </summary>
internal sealed class CaseFrame
{
    public decimal[] Decimals = [];
    public int[] Ordinals = [];
    public bool[] Booleans = [];
    public string?[] Texts = [];

    /// <summary>
    /// Per decimal slot that a program's integer comparisons read, its value as a scaled integer, or
    /// <see cref="Evaluation.ScaledDecimal.NotScaled"/> (docs/design.md §24): written by the program at its start. Past the
    /// decimal slots, one per define: the matched run's copy of the scaled value of a define its matcher computes (§42).
    /// </summary>
    public long[] Scaled = [];

    /// <summary>Consideration-order indices of the rules that fired, in order.</summary>
    public int[] Fired = [];
    public int FiredCount;

    public decimal[] Amounts = [];
    public decimal Cap;

    /// <summary>When explaining: -1 not evaluated, 0 false, 1 true, per condition.</summary>
    public sbyte[] Conditions = [];

    /// <summary>Per define (by its index): whether this evaluation computed it yet; cleared at the start of each run.</summary>
    public bool[] DefinesComputed = [];

    /// <summary>The values of the defines computed in this evaluation, in the array of their type, at the define's index.</summary>
    public decimal[] DefineDecimals = [];
    public int[] DefineOrdinals = [];
    public bool[] DefineBooleans = [];
    public string?[] DefineTexts = [];

    /// <summary>
    /// Per decimal define, its value as a scaled integer (<see cref="Evaluation.ScaledDecimal.ToScaled"/>), written with the value
    /// by a program that has integer forms (docs/design.md §29); read only after <see cref="DefinesComputed"/> is set.
    /// </summary>
    public long[] DefineScaled = [];

    /// <summary>
    /// The program whose rules' literal amounts <see cref="ConstantsIn"/> holds in their slots (docs/design.md §42), written once
    /// by its matched run; forgotten when the frame is sized for another policy.
    /// </summary>
    public object? ConstantsOf;

    /// <summary>The amounts array <see cref="ConstantsOf"/> wrote its literals into (the frame's <see cref="Amounts"/> then).</summary>
    public decimal[]? ConstantsIn;

    private decimal[] _scratch = [];

    /// <summary>
    /// The policy the arrays were last checked against (they only grow, so they stay large enough for
    /// it): the check costs one comparison per evaluation. A thread's frame keeps at most this one policy
    /// alive after a reload, until the thread evaluates with another.
    /// </summary>
    private BoundPolicy? _sizedFor;

    /// <summary>Whether a define of the policy sized for is text (only those write <see cref="DefineTexts"/>, which a release then clears).</summary>
    private bool _textDefines;

    [ThreadStatic]
    private static CaseFrame? t_current;

    /// <summary>A private copy of a case's decimals (for a delay computed from occurredAt).</summary>
    public decimal[] ScratchDecimals(decimal[] source)
    {
        if (_scratch.Length < source.Length)
        {
            _scratch = new decimal[source.Length];
        }

        Array.Copy(source, _scratch, source.Length);
        return _scratch;
    }

    /// <summary>Drops the references to the case's arrays, so a frame never keeps a case alive.</summary>
    public void Release()
    {
        Decimals = [];
        Ordinals = [];
        Booleans = [];
        Texts = [];
        ReleaseDefines();
    }

    /// <summary>
    /// Drops the texts the defines computed (a case's own strings among them). A typed case mapping's frame
    /// keeps its slot arrays (its own, refilled for each case) and drops only these and the slots' texts.
    /// </summary>
    public void ReleaseDefines()
    {
        if (_textDefines)
        {
            DefineTexts.AsSpan().Clear();
        }
    }

    /// <summary>The calling thread's frame, large enough for <paramref name="policy"/>.</summary>
    public static CaseFrame ForCurrentThread(BoundPolicy policy)
    {
        var frame = t_current ??= new CaseFrame();
        frame.Start(policy);
        return frame;
    }

    /// <summary>
    /// Readies the frame for a run of <paramref name="policy"/>: large enough for it, nothing fired, no cap.
    /// The thread's frame (<see cref="ForCurrentThread"/>) and a typed case mapping's (docs/performance.md,
    /// "Typed case mapping") both start here.
    /// </summary>
    public void Start(BoundPolicy policy)
    {
        EnsureCapacity(policy);
        FiredCount = 0;
        Cap = 0;
    }

    private void EnsureCapacity(BoundPolicy policy)
    {
        // The check in line, the growing out of it: the check is all an evaluation pays.
        if (!ReferenceEquals(_sizedFor, policy))
        {
            SizeFor(policy);
        }
    }

    private void SizeFor(BoundPolicy policy)
    {
        _sizedFor = policy;
        ConstantsOf = null;
        ConstantsIn = null;
        _textDefines = false;
        foreach (var define in policy.Defines)
        {
            _textDefines |= ExpressionEmitter.ClrType(define.Symbol.Type) == typeof(string);
        }

        Grow(ref Fired, policy.Rules.Length);
        var layout = SlotLayout.Of(policy);

        // Past the decimal slots, a slot per define: the matched run's copy of a define's scaled value (docs/design.md §42).
        Grow(ref Scaled, layout.DecimalSlots + policy.Defines.Length);
        Grow(ref Amounts, layout.AmountSlots);
        Grow(ref Conditions, layout.ConditionCount);
        var defines = policy.Defines.Length;
        Grow(ref DefinesComputed, defines);
        Grow(ref DefineDecimals, defines);
        Grow(ref DefineOrdinals, defines);
        Grow(ref DefineBooleans, defines);
        Grow(ref DefineTexts, defines);
        Grow(ref DefineScaled, defines);
    }

    private static void Grow<T>(ref T[] array, int size)
    {
        if (array.Length < size)
        {
            array = new T[size];
        }
    }

    /// <summary>The rules an indexed program runs for this case, a bit per rule in consideration order: written by <see cref="RuleIndex.Select"/>, which grows it.</summary>
    public ulong[] CandidateWords = [];
}
