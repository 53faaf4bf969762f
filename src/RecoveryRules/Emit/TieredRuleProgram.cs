using RecoveryRules.Binding;

namespace RecoveryRules.Emit;

/// <summary>
/// Runs the policy's program the way <see cref="RuleExecution"/> says. Tiered (the default) starts
/// with the expression tree interpreted (ready in about a millisecond even for hundreds of rules)
/// and, once the policy has evaluated <see cref="CompileAfter"/> cases, compiles it to IL on the
/// thread pool and swaps the compiled delegate in; both run the same tree, so decisions never
/// depend on which one ran. The explaining variant is built on first use.
/// </summary>
internal sealed class TieredRuleProgram : IRuleProgram
{
    /// <summary>Evaluations after which a tiered policy is compiled: a policy loaded only to be checked, or used a few times, never pays for the JIT.</summary>
    public const int CompileAfter = 32;

    private readonly BoundPolicy _policy;
    private readonly Lazy<Action<CaseFrame>> _explaining;
    private Action<CaseFrame> _fast;
    private int _runs;
    private int _tieredUp;

    public TieredRuleProgram(BoundPolicy policy, RuleExecution execution)
        : this(policy, execution, System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported)
    {
    }

    /// <summary>Where dynamic code is not supported (Native AOT) there is no IL to compile to: every mode runs interpreted. Tests pass <paramref name="dynamicCodeSupported"/> to simulate that.</summary>
    internal TieredRuleProgram(BoundPolicy policy, RuleExecution execution, bool dynamicCodeSupported)
    {
        execution = dynamicCodeSupported ? execution : RuleExecution.Interpreted;
        Execution = execution;
        _policy = policy;
        var compiled = execution == RuleExecution.Compiled;
        _fast = PolicyProgram.Compile(policy, explain: false, interpret: !compiled);
        _tieredUp = execution == RuleExecution.Tiered ? 0 : 1;
        _explaining = new Lazy<Action<CaseFrame>>(
            () => PolicyProgram.Compile(policy, explain: true, interpret: !compiled),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>How the rules run: the requested mode, or <see cref="RuleExecution.Interpreted"/> where dynamic code is not supported.</summary>
    public RuleExecution Execution { get; }

    /// <summary>Whether the fast program is compiled IL (rather than interpreted).</summary>
    public bool IsCompiled { get; private set; }

    public void Run(CaseFrame frame, bool explain)
    {
        if (explain)
        {
            _explaining.Value(frame);
            return;
        }

        Volatile.Read(ref _fast)(frame);
        if (Volatile.Read(ref _tieredUp) == 0 && Interlocked.Increment(ref _runs) >= CompileAfter)
        {
            TierUp();
        }
    }

    /// <summary>Compiles the fast program now (on the caller's thread) unless that was already started; used by tests and the background tier-up.</summary>
    public void TierUp(bool wait = false)
    {
        if (Interlocked.Exchange(ref _tieredUp, 1) != 0)
        {
            return;
        }

        if (wait)
        {
            Compile();
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static program => program.CompileInBackground(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Compiles on the thread pool, where an exception would end the process: should compiling ever
    /// fail, the policy stays interpreted, which decides exactly alike.
    /// </summary>
    private void CompileInBackground()
    {
        try
        {
            Compile();
        }
#pragma warning disable CA1031 // The interpreted program keeps running; nothing is lost.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private void Compile()
    {
        var compiled = PolicyProgram.Compile(_policy, explain: false, interpret: false);
        Volatile.Write(ref _fast, compiled);
        IsCompiled = true;
    }
}
