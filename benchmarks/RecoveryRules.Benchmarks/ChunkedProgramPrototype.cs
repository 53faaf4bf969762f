using System.Linq.Expressions;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// A prototype of a proposed engine change, for evidence only: the same code the engine's
/// <c>PolicyProgram</c> emits, but split into one delegate per chunk of <c>chunkSize</c> rules
/// (each returning whether a rule stopped), plus one for otherwise and the cap — instead of one
/// delegate for the whole policy. Smaller methods JIT faster (the JIT is superlinear in method
/// size) and keep the hot code small.
/// </summary>
internal sealed class ChunkedProgram
{
    private static readonly MethodInfo Amount = typeof(EvaluationChecks).GetMethod(nameof(EvaluationChecks.Amount))!;
    private readonly Func<CaseFrame, bool>[] _chunks;
    private readonly Action<CaseFrame> _tail;
    private readonly bool _interpret;
    private readonly DefinePrograms _defines = new();

    public ChunkedProgram(BoundPolicy policy, int chunkSize, bool interpret = false)
    {
        _interpret = interpret;
        var chunks = new List<Func<CaseFrame, bool>>();
        for (var start = 0; start < policy.Rules.Length; start += Math.Min(chunkSize, policy.Rules.Length))
        {
            chunks.Add(CompileChunk(policy, start, Math.Min(policy.Rules.Length, start + chunkSize)));
        }

        _chunks = [.. chunks];
        _tail = CompileTail(policy);
        _defines.EmitPending();
        _defines.Compile(interpret);
    }

    public void Run(CaseFrame frame)
    {
        frame.FiredCount = 0;
        Array.Clear(frame.DefinesComputed);
        foreach (var chunk in _chunks)
        {
            if (chunk(frame))
            {
                break;
            }
        }

        _tail(frame);
    }

    private Func<CaseFrame, bool> CompileChunk(BoundPolicy policy, int from, int to)
    {
        var (frame, locals, emitter, body) = Prologue();
        var (decimals, fired, amounts, count) = (locals[0], locals[4], locals[5], locals[6]);
        var end = Expression.Label(typeof(bool), "end");
        var digits = Expression.Constant(policy.MinorUnit);
        body.Add(Expression.Assign(count, Expression.Field(frame, nameof(CaseFrame.FiredCount))));
        for (var order = from; order < to; order++)
        {
            var rule = policy.Rules[order];
            var fire = new List<Expression>
            {
                Expression.Assign(Expression.ArrayAccess(fired, count), Expression.Constant(order)),
                Expression.PreIncrementAssign(count),
                Decide(rule.Decision, emitter, amounts, digits),
            };
            if (rule.Stop)
            {
                fire.Add(Expression.Assign(Expression.Field(frame, nameof(CaseFrame.FiredCount)), count));
                fire.Add(Expression.Return(end, Expression.Constant(true)));
            }

            Expression action = Expression.Block(fire);
            body.Add(rule.Conditions.IsEmpty
                ? action
                : Expression.IfThen(rule.Conditions.Select(c => emitter.Emit(c.Expression)).Aggregate(Expression.AndAlso), action));
        }

        body.Add(Expression.Assign(Expression.Field(frame, nameof(CaseFrame.FiredCount)), count));
        body.Add(Expression.Label(end, Expression.Constant(false)));
        return Expression.Lambda<Func<CaseFrame, bool>>(Expression.Block(locals, body), $"chunk_{from}", [frame]).Compile(_interpret);
    }

    private Action<CaseFrame> CompileTail(BoundPolicy policy)
    {
        var (frame, locals, emitter, body) = Prologue();
        var amounts = locals[5];
        var digits = Expression.Constant(policy.MinorUnit);
        if (policy.Otherwise is { } otherwise)
        {
            body.Add(Expression.IfThen(
                Expression.Equal(Expression.Field(frame, nameof(CaseFrame.FiredCount)), Expression.Constant(0)),
                Decide(otherwise, emitter, amounts, digits)));
        }

        if (policy.Cap is { } cap)
        {
            body.Add(Expression.Assign(
                Expression.Field(frame, nameof(CaseFrame.Cap)),
                Expression.Call(Amount, emitter.Emit(cap), digits, Expression.Constant(policy.CapSite))));
        }

        body.Add(Expression.Empty());
        return Expression.Lambda<Action<CaseFrame>>(Expression.Block(locals, body), "tail", [frame]).Compile(_interpret);
    }

    private (ParameterExpression Frame, ParameterExpression[] Locals, ExpressionEmitter Emitter, List<Expression> Body) Prologue()
    {
        var frame = Expression.Parameter(typeof(CaseFrame), "frame");
        ParameterExpression[] locals =
        [
            Expression.Variable(typeof(decimal[]), "decimals"),
            Expression.Variable(typeof(int[]), "ordinals"),
            Expression.Variable(typeof(bool[]), "booleans"),
            Expression.Variable(typeof(string[]), "texts"),
            Expression.Variable(typeof(int[]), "fired"),
            Expression.Variable(typeof(decimal[]), "amounts"),
            Expression.Variable(typeof(int), "count"),
        ];
        var body = new List<Expression>
        {
            Expression.Assign(locals[0], Expression.Field(frame, nameof(CaseFrame.Decimals))),
            Expression.Assign(locals[1], Expression.Field(frame, nameof(CaseFrame.Ordinals))),
            Expression.Assign(locals[2], Expression.Field(frame, nameof(CaseFrame.Booleans))),
            Expression.Assign(locals[3], Expression.Field(frame, nameof(CaseFrame.Texts))),
            Expression.Assign(locals[4], Expression.Field(frame, nameof(CaseFrame.Fired))),
            Expression.Assign(locals[5], Expression.Field(frame, nameof(CaseFrame.Amounts))),
        };
        return (frame, locals, new ExpressionEmitter(frame, locals[0], locals[1], locals[2], locals[3], _defines), body);
    }

    private static BlockExpression Decide(BoundDecision decision, ExpressionEmitter emitter, ParameterExpression amounts, ConstantExpression digits)
    {
        var steps = new List<Expression>();
        foreach (var item in decision.Items.Where(i => i.Amount is not null))
        {
            steps.Add(Expression.Assign(
                Expression.ArrayAccess(amounts, Expression.Constant(item.AmountSlot)),
                Expression.Call(Amount, emitter.Emit(item.Amount!), digits, Expression.Constant(item.Site))));
        }

        if (decision.Empowerment is { Limit: not null } empowerment)
        {
            steps.Add(Expression.Assign(
                Expression.ArrayAccess(amounts, Expression.Constant(empowerment.LimitSlot)),
                Expression.Call(Amount, emitter.Emit(empowerment.Limit), digits, Expression.Constant(empowerment.Site))));
        }

        steps.Add(Expression.Empty());
        return Expression.Block(steps);
    }
}

/// <summary>
/// Evidence for the shape of the compiled program, on the generated 200-rule policy: the engine's
/// one-delegate program (its explaining twin too) against the chunked prototype and against the
/// same expression trees run by the System.Linq.Expressions interpreter
/// (<c>Compile(preferInterpretation: true)</c>): the cost to build (including the JIT and the
/// first run) and the cost to run one case.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class ProgramShapeBenchmarks
{
    private BoundPolicy _bound = null!;
    private RecoveryPolicy _policy = null!;
    private RecoveryCase _case = null!;
    private Action<CaseFrame> _whole = null!;
    private ChunkedProgram _chunked = null!;
    private ChunkedProgram _interpreted = null!;

    [Params(16)]
    public int ChunkSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _policy = PolicyYaml.Compile(LargePolicyGenerator.Generate(200), "generated-200.policy.yaml").GetPolicyOrThrow();
        _bound = _policy.Bound;
        _case = _policy.ReadCase(LargePolicyGenerator.CaseJson);
        _whole = PolicyProgram.Compile(_bound, explain: false);
        _chunked = new ChunkedProgram(_bound, ChunkSize);
        _interpreted = new ChunkedProgram(_bound, int.MaxValue, interpret: true);

        // The prototypes must write exactly what the engine's program writes.
        var frame = Load();
        _whole(frame);
        var expected = ProgramFrames.Outcome(frame);
        foreach (var program in new[] { _chunked, _interpreted })
        {
            frame = Load();
            Array.Clear(frame.Amounts);
            program.Run(frame);
            var actual = ProgramFrames.Outcome(frame);
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"A program prototype drifted:{Environment.NewLine}{expected}{Environment.NewLine}{actual}");
            }
        }

        frame.Release();
    }

    [Benchmark(Baseline = true)]
    public object EmitWhole() => PolicyProgram.Compile(_bound, explain: false);

    [Benchmark]
    public object EmitWholeAndFirstRun()
    {
        var program = PolicyProgram.Compile(_bound, explain: false);
        program(Load());
        return program;
    }

    [Benchmark]
    public object EmitExplainingAndFirstRun()
    {
        var program = PolicyProgram.Compile(_bound, explain: true);
        program(Load());
        return program;
    }

    [Benchmark]
    public object EmitInterpretedAndFirstRun()
    {
        var program = new ChunkedProgram(_bound, int.MaxValue, interpret: true);
        program.Run(Load());
        return program;
    }

    [Benchmark]
    public object EmitChunkedAndFirstRun()
    {
        var program = new ChunkedProgram(_bound, ChunkSize);
        program.Run(Load());
        return program;
    }

    [Benchmark]
    public object RunWhole()
    {
        var frame = Load();
        _whole(frame);
        return frame;
    }

    [Benchmark]
    public object RunChunked()
    {
        var frame = Load();
        _chunked.Run(frame);
        return frame;
    }

    [Benchmark]
    public object RunInterpreted()
    {
        var frame = Load();
        _interpreted.Run(frame);
        return frame;
    }

    private CaseFrame Load() => ProgramFrames.Load(_bound, _case);
}
