using System.Linq.Expressions;
using RecoveryRules.Binding;
using RecoveryRules.Symbols;

namespace RecoveryRules.Emit;

/// <summary>
/// The defines a policy's program uses, each emitted once as its own small program,
/// <c>Func&lt;CaseFrame, T&gt;</c>, that computes the body, stores the value in the frame and
/// marks it computed. A use reads <c>frame.DefinesComputed[i] ? value[i] : compute_i(frame)</c>,
/// so a define is computed at most once per evaluation, on first use, only when reached, as
/// before; and the emitted code is linear in the policy's text however defines build on each
/// other (inlining the body at every use doubled it with every level: d2 = d1 + d1).
/// </summary>
internal sealed class DefinePrograms
{
    private readonly Dictionary<DefineSymbol, DefineCode> _codes = new(ReferenceEqualityComparer.Instance);
    private readonly List<(DefineCode Code, LambdaExpression Lambda)> _lambdas = [];
    private readonly Queue<BoundDefineReference> _pending = new();
    private static readonly System.Reflection.MethodInfo ToScaled = typeof(Evaluation.ScaledDecimal).GetMethod(nameof(Evaluation.ScaledDecimal.ToScaled))!;

    /// <summary>How many decimal constants one array of <see cref="DecimalConstant"/> holds.</summary>
    private const int ConstantsPerArray = 256;

    private readonly List<decimal[]> _constantArrays = [];
    private readonly Dictionary<(decimal Value, int Scale), (int Array, int Index)> _constants = [];
    private int _constantCount;

    /// <summary>
    /// A decimal constant of the program and its defines' programs, read from an array made when the policy is compiled.
    /// A compiled <see cref="Expression.Constant(object)"/> of a decimal builds it with a call to a constructor each time it is
    /// read (<c>new decimal(20)</c>, not inlined in a policy's large method); an element of an array (held in a local, as a
    /// compiled lambda holds a constant it uses more than twice) is one load. The same value and scale, bit for bit.
    /// </summary>
    public Expression DecimalConstant(decimal value)
    {
        if (value == 0m && value.Scale == 0 && !decimal.IsNegative(value) || value == 1m && value.Scale == 0)
        {
            return Expression.Constant(value); // default(decimal) and decimal.One need no constructor
        }

        var key = (value, value.Scale);
        if (decimal.IsNegative(value) && value == 0m || !_constants.TryGetValue(key, out var at))
        {
            at = (_constantCount / ConstantsPerArray, _constantCount % ConstantsPerArray);
            if (at.Index == 0)
            {
                _constantArrays.Add(new decimal[ConstantsPerArray]);
            }

            _constantArrays[at.Array][at.Index] = value;
            _constantCount++;
            if (!(decimal.IsNegative(value) && value == 0m))
            {
                _constants[key] = at;
            }
        }

        return Expression.ArrayIndex(Expression.Constant(_constantArrays[at.Array]), Expression.Constant(at.Index));
    }

    /// <summary>
    /// When the program scales decimal slots to integers once per case (docs/design.md §24): the slots its integer
    /// comparisons read (<see cref="ScaledComparison"/>), gathered as the rules and defines are emitted. Null: no
    /// integer comparisons (the trees <c>Evaluation/ConditionOperands.cs</c> builds for explanations, which have no such prologue).
    /// </summary>
    public HashSet<int>? ScaledSlots { get; init; }

    /// <summary>Which expressions of the program cannot fail (docs/design.md §33), its defines' answers kept.</summary>
    public FailureFreedom Failures { get; } = new();

    /// <summary>Whether the emitters put the decimal fallbacks of integer forms in programs of their own (docs/design.md §33).</summary>
    public bool OutOfLine { get; init; }

    private readonly List<OutOfLineFallback> _fallbacks = [];

    /// <summary>How many fallbacks were put out of line (for tests).</summary>
    public int FallbackCount => _fallbacks.Count;

    /// <summary>
    /// A call of a new program <c>Func&lt;CaseFrame, T&gt;</c> (<typeparamref name="T"/> bool or decimal) whose body
    /// <paramref name="body"/> emits with an emitter of its own, which keeps its fallbacks in line; from code whose frame is
    /// <paramref name="frame"/>.
    /// </summary>
    // Expression.Field(frame, name) names only CaseFrame's public fields, kept by the DynamicDependency (as in PolicyProgram).
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields, typeof(CaseFrame))]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only CaseFrame's public fields are named, and the DynamicDependency keeps them.")]
    public Expression Fallback<T>(ParameterExpression frame, Func<ExpressionEmitter, Expression> body)
    {
        var own = Expression.Parameter(typeof(CaseFrame), "frame");
        var decimals = Expression.Variable(typeof(decimal[]), "decimals");
        var ordinals = Expression.Variable(typeof(int[]), "ordinals");
        var booleans = Expression.Variable(typeof(bool[]), "booleans");
        var texts = Expression.Variable(typeof(string[]), "texts");
        var emitter = new ExpressionEmitter(own, decimals, ordinals, booleans, texts, this) { FallbacksInLine = true };
        var lambda = Expression.Lambda<Func<CaseFrame, T>>(
            Expression.Block(
                typeof(T),
                [decimals, ordinals, booleans, texts],
                Expression.Assign(decimals, Expression.Field(own, nameof(CaseFrame.Decimals))),
                Expression.Assign(ordinals, Expression.Field(own, nameof(CaseFrame.Ordinals))),
                Expression.Assign(booleans, Expression.Field(own, nameof(CaseFrame.Booleans))),
                Expression.Assign(texts, Expression.Field(own, nameof(CaseFrame.Texts))),
                body(emitter)),
            "fallback_" + _fallbacks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [own]);
        var fallback = new OutOfLineFallback<T>(lambda);
        _fallbacks.Add(fallback);
        return fallback.Call(frame);
    }

    /// <summary>Whether any define is used: the program then clears the frame's flags first.</summary>
    public bool Any => _codes.Count > 0;

    /// <summary>The emitted programs, one per define used (for tests that measure the code's size).</summary>
    public IEnumerable<LambdaExpression> Lambdas => _lambdas.Select(l => l.Lambda).Concat(_fallbacks.Select(f => f.Lambda));

    /// <summary>The most bound nodes of a define that is emitted in place at each use (see <see cref="IsSmall"/>).</summary>
    public const int SmallDefineNodes = 12;

    private readonly Dictionary<DefineSymbol, bool> _small = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Whether a define is small enough to emit in place at each use: at most
    /// <see cref="SmallDefineNodes"/> nodes and no use of another define (so the code stays linear).
    /// <c>late: delay &gt; 24h</c> is cheaper to recompute than to cache (not a division by a value: docs/design.md §29); defines are pure, so the value
    /// and any case error are the same either way.
    /// </summary>
    public bool IsSmall(BoundDefineReference reference)
    {
        var define = reference.Define;
        if (!_small.TryGetValue(define, out var small))
        {
            small = IsSmallBody(reference.Body);
            _small[define] = small;
        }

        return small;
    }

    /// <summary>Whether a define's body is small (<see cref="IsSmall"/>); the closure program (<see cref="ClosureProgram"/>) asks the same.</summary>
    public static bool IsSmallBody(BoundExpression body)
    {
        var count = 0;
        var pending = new Stack<BoundExpression>();
        pending.Push(body);
        var small = true;
        while (pending.Count > 0 && small)
        {
            var node = pending.Pop();
            count++;
            // A division by a value that is not a literal (perItem: orderValue / max(itemCount, 1)) is cached: computed once, and
            // scaled once, its uses are integer comparisons and amounts (docs/design.md §29), where in place each use divides.
            small = count <= SmallDefineNodes && node is not BoundDefineReference && node is not BoundDivision { Right: not BoundLiteral };
            foreach (var child in Children(node))
            {
                pending.Push(child);
            }
        }

        return small;
    }

    private static IEnumerable<BoundExpression> Children(BoundExpression node) => node switch
    {
        BoundUnary unary => [unary.Operand],
        BoundBinary binary => [binary.Left, binary.Right],
        BoundDivision division => [division.Left, division.Right],
        BoundIn @in => [@in.Left, .. @in.Items],
        BoundCall call => call.Arguments,
        BoundDurationPart part => [part.Operand],
        _ => [],
    };

    /// <summary>A use of <paramref name="reference"/>'s define from a program whose frame is <paramref name="frame"/>.</summary>
    // Expression.Field(frame, name) names only CaseFrame's public fields, kept by the DynamicDependency (as in PolicyProgram).
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields, typeof(CaseFrame))]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only CaseFrame's public fields are named, and the DynamicDependency keeps them.")]
    public Expression Use(BoundDefineReference reference, ParameterExpression frame)
    {
        var define = reference.Define;
        var type = ExpressionEmitter.ClrType(define.Type);
        if (!_codes.TryGetValue(define, out var code))
        {
            code = DefineCode.For(type);
            _codes[define] = code;
            _pending.Enqueue(reference);
        }

        var index = Expression.Constant(define.Index);
        return Expression.Condition(
            Expression.ArrayIndex(Expression.Field(frame, nameof(CaseFrame.DefinesComputed)), index),
            Expression.ArrayIndex(Expression.Field(frame, ValuesField(type)), index),
            Expression.Invoke(Expression.ArrayIndex(code.Holder, Expression.Constant(0)), frame));
    }

    /// <summary>Emits the program of every define used so far, and of the defines those use; each once.</summary>
    // Expression.Field(frame, name) names only CaseFrame's public fields, kept by the DynamicDependency (as in PolicyProgram).
    [System.Diagnostics.CodeAnalysis.DynamicDependency(System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicFields, typeof(CaseFrame))]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only CaseFrame's public fields are named, and the DynamicDependency keeps them.")]
    public void EmitPending()
    {
        while (_pending.TryDequeue(out var reference))
        {
            var define = reference.Define;
            var frame = Expression.Parameter(typeof(CaseFrame), "frame");
            var decimals = Expression.Variable(typeof(decimal[]), "decimals");
            var ordinals = Expression.Variable(typeof(int[]), "ordinals");
            var booleans = Expression.Variable(typeof(bool[]), "booleans");
            var texts = Expression.Variable(typeof(string[]), "texts");
            var emitter = new ExpressionEmitter(frame, decimals, ordinals, booleans, texts, this);
            var type = ExpressionEmitter.ClrType(define.Type);
            var value = Expression.Variable(type, "value");
            var index = Expression.Constant(define.Index);
            var body = Expression.Block(
                [decimals, ordinals, booleans, texts, value],
                Expression.Assign(decimals, Expression.Field(frame, nameof(CaseFrame.Decimals))),
                Expression.Assign(ordinals, Expression.Field(frame, nameof(CaseFrame.Ordinals))),
                Expression.Assign(booleans, Expression.Field(frame, nameof(CaseFrame.Booleans))),
                Expression.Assign(texts, Expression.Field(frame, nameof(CaseFrame.Texts))),
                Expression.Assign(value, emitter.Emit(reference.Body)),
                Expression.Assign(Expression.ArrayAccess(Expression.Field(frame, ValuesField(type)), index), value),
                // A decimal define's value scaled too, for the integer forms that read it (docs/design.md §29).
                ScaledSlots is not null && type == typeof(decimal)
                    ? Expression.Assign(Expression.ArrayAccess(Expression.Field(frame, nameof(CaseFrame.DefineScaled)), index), Expression.Call(ToScaled, value))
                    : Expression.Empty(),
                Expression.Assign(Expression.ArrayAccess(Expression.Field(frame, nameof(CaseFrame.DefinesComputed)), index), Expression.Constant(true)),
                value);
            var lambda = _codes[define].Lambda(body, "define_" + define.Name.Replace('-', '_'), frame);
            _lambdas.Add((_codes[define], lambda));
        }
    }

    /// <summary>Compiles (or, with <paramref name="interpret"/>, prepares to interpret) every define's program.</summary>
    public void Compile(bool interpret)
    {
        foreach (var (code, lambda) in _lambdas)
        {
            code.Compile(lambda, interpret);
        }

        foreach (var fallback in _fallbacks)
        {
            fallback.Prepare(interpret);
        }
    }

    private static string ValuesField(Type type) =>
        type == typeof(decimal) ? nameof(CaseFrame.DefineDecimals)
        : type == typeof(int) ? nameof(CaseFrame.DefineOrdinals)
        : type == typeof(bool) ? nameof(CaseFrame.DefineBooleans)
        : nameof(CaseFrame.DefineTexts);
}

/// <summary>
/// Holds a define's compiled program in a one-element array, which the uses read from a constant
/// (no reflection, so trimming and Native AOT keep working); set once compiled.
/// </summary>
internal abstract class DefineCode
{
    public static DefineCode For(Type type) =>
        type == typeof(decimal) ? new DefineCode<decimal>()
        : type == typeof(int) ? new DefineCode<int>()
        : type == typeof(bool) ? new DefineCode<bool>()
        : new DefineCode<string>();

    /// <summary>The constant array whose element 0 is the compiled program.</summary>
    public abstract Expression Holder { get; }

    public abstract LambdaExpression Lambda(Expression body, string name, ParameterExpression frame);

    public abstract void Compile(LambdaExpression lambda, bool interpret);
}

/// <inheritdoc cref="DefineCode"/>
internal sealed class DefineCode<T> : DefineCode
{
    private readonly Func<CaseFrame, T>?[] _compute = new Func<CaseFrame, T>?[1];

    public override Expression Holder => Expression.Constant(_compute);

    public override LambdaExpression Lambda(Expression body, string name, ParameterExpression frame) =>
        Expression.Lambda<Func<CaseFrame, T>>(body, name, [frame]);

    public override void Compile(LambdaExpression lambda, bool interpret) =>
        _compute[0] = ((Expression<Func<CaseFrame, T>>)lambda).Compile(preferInterpretation: interpret);
}
