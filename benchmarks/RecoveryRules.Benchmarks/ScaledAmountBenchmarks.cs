using BenchmarkDotNet.Attributes;
using RecoveryRules.Binding;
using RecoveryRules.Emit;
using RecoveryRules.Evaluation;
using RecoveryRules.Yaml;

namespace RecoveryRules.Benchmarks;

/// <summary>
/// The closure program's integer amounts alone (docs/design.md §29 and §37, docs/performance.md "Amounts without virtual
/// calls"): every amount and limit of the generated 200-rule policy that has an integer form (<c>20% of orderValue</c>,
/// <c>clamp(orderValue / 10, 5, 18)</c>, <c>min(15% of orderValue, 42)</c>, <c>round(repeatFailures * 8)</c>,
/// <c>max(5, 19% of perItem)</c>, <c>min(orderValue, 228)</c>) and the cap, each through
/// <see cref="ClosureScaledAmount.TryEval"/> as the program calls it, on 256 generated cases (their defines already computed),
/// the amount written to a slot as the program writes it. The same file builds on main before §37 (the same signatures).
/// </summary>
public class ScaledAmountBenchmarks
{
    private const int Cases = 256;

    private ClosureScaledAmount[] _amounts = null!;
    private CaseFrame[] _frames = null!;
    private decimal[] _slots = null!;

    /// <summary>The amounts of the 200-rule policy with an integer form (the operations per invoke are this per case).</summary>
    private const int PerCase = 180;

    [GlobalSetup]
    public void Setup()
    {
        var policy = PolicyYaml.Compile(LargePolicyGenerator.Generate(200), "generated-200.policy.yaml").GetPolicyOrThrow();
        var bound = policy.Bound;
        var expressions = bound.Rules.SelectMany(r => r.Decision.Items.Select(i => i.Amount).Append(r.Decision.Empowerment?.Limit))
            .Append(bound.Cap)
            .OfType<BoundExpression>()
            .Where(e => e is not BoundLiteral)
            .ToList();
        var uses = new Dictionary<int, ScaledDefineUse>();
        var amounts = new List<ClosureScaledAmount>();
        foreach (var expression in expressions)
        {
            if (ScaledAmount.TryCreate(expression, bound.MinorUnit, out var plan))
            {
                ScaledRead read = plan!.Variable.IsDefine
                    ? new ScaledDefineRead(uses.TryGetValue(plan.Variable.Index, out var use) ? use : uses[plan.Variable.Index] = new ScaledDefineUse(plan.Variable.Index))
                    : new ScaledFactRead(plan.Variable.Index);
                amounts.Add(new ClosureScaledAmount(plan, read));
            }
        }

        _amounts = [.. amounts];
        if (_amounts.Length != PerCase)
        {
            throw new InvalidOperationException($"{_amounts.Length} amounts with an integer form, not {PerCase}: update the benchmark's count");
        }

        // The whole program once per frame: it scales the slots and computes the defines (perItem), as before the amounts.
        var program = ClosureProgram.Compile(bound, explain: false);
        var json = ProgramArithmeticBenchmarks.LargeCases(Cases);
        var at = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        _frames = new CaseFrame[Cases];
        for (var i = 0; i < Cases; i++)
        {
            var frame = ProgramArithmeticBenchmarks.FrameOf(policy, json[i], at);
            frame.Start(bound);
            program(frame);
            _frames[i] = frame;
        }

        _slots = new decimal[_amounts.Length];
        var taken = Run();
        Console.WriteLine($"// {_amounts.Length} amounts with an integer form; {taken / (double)Cases:F1} per case answered on integers");
    }

    /// <summary>Every amount of every case; how many answered on integers.</summary>
    [Benchmark(OperationsPerInvoke = Cases * PerCase)]
    public int Run()
    {
        var taken = 0;
        var slots = _slots;
        foreach (var frame in _frames)
        {
            var amounts = _amounts;
            for (var i = 0; i < amounts.Length; i++)
            {
                if (amounts[i].TryEval(frame, out var amount))
                {
                    slots[i] = amount;
                    taken++;
                }
            }
        }

        return taken;
    }
}
