using System.Runtime.CompilerServices;
using RecoveryRules.Binding;

namespace RecoveryRules.Emit;

/// <summary>
/// Runs the policy's program the way <see cref="RuleExecution"/> says. Tiered (the default) starts
/// with the closure program (<see cref="ClosureProgram"/>, built from the bound policy without any
/// dynamic code, ready in well under a millisecond even for hundreds of rules) and, once the policy
/// has evaluated <see cref="CompileAfter"/> cases, compiles the expression tree to IL on the thread
/// pool and swaps the compiled delegate in (a policy of <see cref="ClosuresOnlyFrom"/> rules or more
/// that the closure program matches exactly swaps in the matched closure program instead, §41); all
/// decide exactly alike (differential tests), so decisions never depend on which one ran. The
/// explaining variant is built on first use. docs/design.md §12, §20 and §41.
/// </summary>
internal sealed class TieredRuleProgram : IRuleProgram
{
    /// <summary>Evaluations after which a tiered policy is compiled: a policy loaded only to be checked, or used a few times, never pays for the JIT.</summary>
    public const int CompileAfter = 32;

    /// <summary>
    /// The fewest rules for which a <see cref="RuleExecution.Tiered"/> policy that the closure program matches exactly never compiles IL:
    /// after <see cref="CompileAfter"/> evaluations it swaps in the matched closure program (docs/design.md §35 and §41, measured under the JIT: since the matched run of §38 the closure program's rules per case beat the
    /// IL program's from about 80 rules, 0.47-0.48 against 0.56 µs at 100 rules, 0.85-0.91 against 1.22-1.25 µs at 200; below about
    /// 64 rules the IL program is faster, and a policy of ten segments still finds it faster at 80).
    /// </summary>
    public const int ClosuresOnlyFrom = 100;

    private readonly BoundPolicy _policy;
    private readonly Lazy<Action<CaseFrame>> _explaining;
    private readonly TaskScheduler _tierUpScheduler;
    private readonly RuleIndexing _indexing;
    private readonly bool _staysWithClosures;
    private Action<CaseFrame> _fast;
    private bool _compiled;
    private int _runs;
    private int _tierUpStarted;
    private Task? _tierUp;

    public TieredRuleProgram(BoundPolicy policy, RuleExecution execution)
        : this(policy, execution, RuntimeFeature.IsDynamicCodeSupported, TaskScheduler.Default)
    {
    }

    /// <summary>Where dynamic code is not supported (Native AOT) there is no IL to compile to: every mode runs interpreted. Tests pass <paramref name="dynamicCodeSupported"/> to simulate that.</summary>
    internal TieredRuleProgram(BoundPolicy policy, RuleExecution execution, bool dynamicCodeSupported)
        : this(policy, execution, dynamicCodeSupported, TaskScheduler.Default)
    {
    }

    /// <summary>
    /// The full constructor: <paramref name="tierUpScheduler"/> runs the background compile of a
    /// tiered policy (the thread pool, <see cref="TaskScheduler.Default"/>, outside tests, which pass
    /// their own to see when a compile is scheduled and to run it when they choose).
    /// </summary>
    internal TieredRuleProgram(BoundPolicy policy, RuleExecution execution, bool dynamicCodeSupported, TaskScheduler tierUpScheduler)
        : this(policy, execution, dynamicCodeSupported, tierUpScheduler, RuleIndexing.Auto)
    {
    }

    /// <summary>As the full constructor, with the program indexed as <paramref name="indexing"/> says (tests and benchmarks compare the two).</summary>
    internal TieredRuleProgram(BoundPolicy policy, RuleExecution execution, bool dynamicCodeSupported, TaskScheduler tierUpScheduler, RuleIndexing indexing)
        : this(policy, execution, dynamicCodeSupported, tierUpScheduler, indexing, null)
    {
    }

    /// <summary>
    /// As the full constructor, with the program that runs before (or instead of) IL chosen by <paramref name="interpreter"/>
    /// (tests and benchmarks compare them); <c>null</c> chooses as the engine does (<see cref="DefaultInterpreter"/>).
    /// Without dynamic code it is always <see cref="InterpretedProgram.Closures"/>.
    /// </summary>
    internal TieredRuleProgram(BoundPolicy policy, RuleExecution execution, bool dynamicCodeSupported, TaskScheduler tierUpScheduler, RuleIndexing indexing,
        InterpretedProgram? interpreter)
    {
        _indexing = indexing;
        execution = dynamicCodeSupported ? execution : RuleExecution.Interpreted;
        Execution = execution;
        Interpreter = dynamicCodeSupported ? interpreter ?? DefaultInterpreter(execution) : InterpretedProgram.Closures;
        _policy = policy;
        _tierUpScheduler = tierUpScheduler;
        var compiled = execution == RuleExecution.Compiled;

        // A large tiered policy the closure program matches exactly (docs/design.md §35, §41) stays with it: measured, from 100 rules it
        // runs faster than the IL program, without the IL program's compile and JIT; below about 64 rules the IL program is faster. It
        // starts as every tiered policy does (the first tier, cheap to build and to JIT: a policy loaded for one case pays no more), and
        // its tier-up, after CompileAfter evaluations, is the matched closure program instead of IL (SwapToMatched).
        _staysWithClosures = execution == RuleExecution.Tiered && Interpreter == InterpretedProgram.Closures
            && policy.Rules.Length >= ClosuresOnlyFrom && RuleMatch.IsChosen(policy, indexing);
        _fast = compiled ? PolicyProgram.Compile(policy, explain: false, interpret: false, indexing) : Interpret(policy, explain: false, indexing);
        _compiled = compiled;
        _tierUpStarted = execution == RuleExecution.Tiered ? 0 : 1;
        _explaining = new Lazy<Action<CaseFrame>>(
            () => compiled ? PolicyProgram.Compile(policy, explain: true, interpret: false) : Interpret(policy, explain: true, RuleIndexing.Auto),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>What runs where IL does not (yet): the closure program, or the expression tree interpreted.</summary>
    internal InterpretedProgram Interpreter { get; }

    /// <summary>
    /// The program that runs before IL (<see cref="RuleExecution.Tiered"/>) or instead of it (<see cref="RuleExecution.Interpreted"/>)
    /// when dynamic code is supported: the closure program in both, chosen by measurement (docs/design.md §20, docs/performance.md
    /// "Rules without dynamic code": it reaches the first decision sooner than the expression tree interpreted, and runs faster).
    /// </summary>
    internal static InterpretedProgram DefaultInterpreter(RuleExecution execution) => InterpretedProgram.Closures;

    /// <remarks>
    /// The first tier of a <see cref="RuleExecution.Tiered"/> policy (and its explaining program) leaves out the integer
    /// comparisons (docs/design.md §24): it runs a few dozen evaluations before the IL program, which has them, takes over,
    /// and building and JIT-compiling them cost more at start-up than they save there. Interpreted for good (without dynamic
    /// code, or <see cref="RuleExecution.Interpreted"/>), the closure program has them.
    /// </remarks>
    private Action<CaseFrame> Interpret(BoundPolicy policy, bool explain, RuleIndexing indexing) =>
        Interpreter == InterpretedProgram.Closures
            ? ClosureProgram.Build(policy, explain, indexing, scaleSlots: Execution != RuleExecution.Tiered).Run
            : PolicyProgram.Compile(policy, explain, interpret: true, indexing, scaleSlots: Execution != RuleExecution.Tiered);

    /// <summary>How the rules run: the requested mode, or <see cref="RuleExecution.Interpreted"/> where dynamic code is not supported.</summary>
    public RuleExecution Execution { get; }

    /// <summary>Whether the fast program is compiled IL (rather than interpreted): from load under <see cref="RuleExecution.Compiled"/>, after the tier-up under <see cref="RuleExecution.Tiered"/>.</summary>
    public bool IsCompiled => Volatile.Read(ref _compiled);

    /// <summary>
    /// The tier-up to IL: <c>null</c> until a tiered policy has run <see cref="CompileAfter"/> evaluations
    /// (and always under <see cref="RuleExecution.Compiled"/> and <see cref="RuleExecution.Interpreted"/>, and for a policy that
    /// <see cref="StaysWithClosures"/>),
    /// then the one background compile, which completes once the compiled program is swapped in (or,
    /// should compiling fail, with the policy still interpreted).
    /// </summary>
    internal Task? TierUp => Volatile.Read(ref _tierUp);

    /// <summary>The program a non-explaining run calls now (tests see which one the tier choice took: docs/design.md §41).</summary>
    internal Action<CaseFrame> FastProgram => Volatile.Read(ref _fast);

    public void Run(CaseFrame frame, bool explain)
    {
        if (explain)
        {
            _explaining.Value(frame);
            return;
        }

        Volatile.Read(ref _fast)(frame);
        if (Volatile.Read(ref _tierUpStarted) == 0 && Interlocked.Increment(ref _runs) >= CompileAfter)
        {
            if (_staysWithClosures)
            {
                SwapToMatched();
            }
            else
            {
                StartTierUp();
            }
        }
    }

    /// <summary>Whether this tiered policy's tier-up is the matched closure program rather than IL (docs/design.md §41).</summary>
    internal bool StaysWithClosures => _staysWithClosures;

    /// <summary>
    /// The tier-up of a policy that stays with the closure program (docs/design.md §41): the matched closure program, built once, on
    /// the thread that got here first, in about a millisecond (no IL, no compile on the thread pool); meanwhile and should building
    /// ever fail, the first tier keeps running, which decides exactly alike.
    /// </summary>
    private void SwapToMatched()
    {
        if (Interlocked.Exchange(ref _tierUpStarted, 1) != 0)
        {
            return;
        }

        try
        {
            Volatile.Write(ref _fast, ClosureProgram.Build(_policy, explain: false, _indexing).Run);
        }
#pragma warning disable CA1031 // The first tier keeps running; nothing is lost.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Schedules the compile once, whichever thread gets here first.</summary>
    private void StartTierUp()
    {
        if (Interlocked.Exchange(ref _tierUpStarted, 1) != 0)
        {
            return;
        }

        // The compile is the policy's, not the caller's: it does not carry the caller's
        // ExecutionContext (its AsyncLocals), as ThreadPool.UnsafeQueueUserWorkItem would not.
        Task tierUp;
        if (ExecutionContext.IsFlowSuppressed())
        {
            tierUp = ScheduleCompile();
        }
        else
        {
            using (ExecutionContext.SuppressFlow())
            {
                tierUp = ScheduleCompile();
            }
        }

        Volatile.Write(ref _tierUp, tierUp);
    }

    private Task ScheduleCompile() =>
        Task.Factory.StartNew(static program => ((TieredRuleProgram)program!).CompileInBackground(), this,
            CancellationToken.None, TaskCreationOptions.DenyChildAttach, _tierUpScheduler);

    /// <summary>
    /// Compiles in the background, where nobody would see an exception: should compiling ever
    /// fail, the policy stays interpreted, which decides exactly alike.
    /// </summary>
    private void CompileInBackground()
    {
        try
        {
            var compiled = PolicyProgram.Compile(_policy, explain: false, interpret: false, _indexing);
            Volatile.Write(ref _fast, compiled);
            Volatile.Write(ref _compiled, true);
        }
#pragma warning disable CA1031 // The interpreted program keeps running; nothing is lost.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}

/// <summary>The program that runs without IL: the closure program (<see cref="ClosureProgram"/>), or the expression tree interpreted by System.Linq.Expressions.</summary>
internal enum InterpretedProgram
{
    /// <summary>Sealed nodes built from the bound policy (docs/design.md §20).</summary>
    Closures,

    /// <summary>The IL program's expression tree, <c>Compile(preferInterpretation: true)</c>.</summary>
    Expressions,
}
