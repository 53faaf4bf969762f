using System.Linq.Expressions;

namespace RecoveryRules.Emit;

/// <summary>
/// A decimal fallback of an integer form (a comparison's, an amount's, a group of eager conditions'), emitted as its own small
/// program <c>Func&lt;CaseFrame, T&gt;</c> and called from the rule's code only when the integer form does not apply
/// (docs/design.md §33). The rule's method keeps only the integer forms: a fraction of the code, of the locals the JIT zeroes
/// at each call, and of the JIT's time. Compiled on its first call: most never run.
/// </summary>
internal abstract class OutOfLineFallback
{
    /// <summary>The fallback's tree.</summary>
    public abstract LambdaExpression Lambda { get; }

    /// <summary>Readies <see cref="OutOfLineFallback{T}.Run"/>: the interpreter's program, or a stub that compiles on first call.</summary>
    public abstract void Prepare(bool interpret);
}

/// <inheritdoc cref="OutOfLineFallback"/>
internal sealed class OutOfLineFallback<T>(Expression<Func<CaseFrame, T>> lambda) : OutOfLineFallback
{
    /// <summary>What the rule's code calls (a field the emitted code reads; replaced by the compiled program on first call).</summary>
    public Func<CaseFrame, T> Run = _ => throw new InvalidOperationException("The program was not compiled.");

    public override LambdaExpression Lambda => lambda;

    public override void Prepare(bool interpret)
    {
        if (interpret)
        {
            Run = lambda.Compile(preferInterpretation: true);
            return;
        }

        // Compiled once: a second thread's first call waits for the first's compile (a batch's workers reach the same
        // fallbacks within the same few cases).
        Func<CaseFrame, T>? stub = null;
        stub = frame =>
        {
            lock (lambda)
            {
                if (ReferenceEquals(Run, stub))
                {
                    Run = lambda.Compile();
                }
            }

            return Run(frame);
        };
        Run = stub;
    }

    /// <summary>A call of the fallback from code whose frame is <paramref name="frame"/>.</summary>
    public Expression Call(ParameterExpression frame) =>
        Expression.Invoke(Expression.Field(Expression.Constant(this), RunField), frame);

    private static readonly System.Reflection.FieldInfo RunField = typeof(OutOfLineFallback<T>).GetField(nameof(Run))!;
}
