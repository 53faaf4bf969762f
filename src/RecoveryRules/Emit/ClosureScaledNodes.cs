using System.Runtime.CompilerServices;
using RecoveryRules.Evaluation;

namespace RecoveryRules.Emit;

// The closure program's nodes for the integer forms of cached defines and amounts (docs/design.md §29): the same
// reads and terms as the IL program's (ScaledComparison, ScaledAmount), with the decimal node as the fallback.

/// <summary>
/// A use of a decimal define in a program with integer forms: as <see cref="DefineUse{T, TValues}"/>, and when it computes the
/// value it also stores it scaled (<c>frame.DefineScaled</c>), as the IL define program does (<see cref="DefinePrograms.EmitPending"/>).
/// </summary>
internal sealed class ScaledDefineUse(int index) : Node<decimal>
{
    /// <summary>The body, set once the policy's defines are compiled.</summary>
    public Node<decimal> Body { get; set; } = null!;

    public int Index => index;

    public override decimal Eval(CaseFrame frame) =>
        frame.DefinesComputed[index] ? frame.DefineDecimals[index] : Compute(frame);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private decimal Compute(CaseFrame frame)
    {
        var value = Body.Eval(frame);
        frame.DefineDecimals[index] = value;
        frame.DefineScaled[index] = ScaledDecimal.ToScaled(value);
        frame.DefinesComputed[index] = true;
        return value;
    }
}

/// <summary>What an integer form reads per case (<see cref="ScaledVariable"/>): a fact's scaled slot, or a define's scaled value after its use.</summary>
internal abstract class ScaledRead
{
    public abstract long Read(CaseFrame frame);
}

internal sealed class ScaledFactRead(int slot) : ScaledRead
{
    public int Slot => slot;

    public override long Read(CaseFrame frame) => frame.Scaled[slot];
}

internal sealed class ScaledDefineRead(ScaledDefineUse use) : ScaledRead
{
    /// <summary>The define's index (its flag in <c>frame.DefinesComputed</c>, its value in <c>frame.DefineScaled</c>).</summary>
    public int Index => use.Index;

    public override long Read(CaseFrame frame)
    {
        use.Eval(frame);
        return frame.DefineScaled[use.Index];
    }
}

/// <summary>A comparison affine in a cached decimal define: <c>X * factor op bound</c> on the define's scaled value, else the decimal comparison.</summary>
internal sealed class ScaledDefineComparison<TCmp>(ScaledDefineUse use, long factor, long bound, Node<bool> decimals) : Node<bool>
    where TCmp : struct, IComparison
{
    public override bool Eval(CaseFrame frame)
    {
        use.Eval(frame);
        var x = frame.DefineScaled[use.Index];
        return x != ScaledDecimal.NotScaled ? TCmp.Longs(x * factor, bound) : decimals.Eval(frame);
    }
}

/// <summary>
/// An amount's integer form (<see cref="ScaledAmount"/>) with what it reads: a fact's slot read in place, and the amount's flat
/// form in line where it has one (<see cref="FlatAmount"/>, docs/design.md §37), else its tree of terms.
/// </summary>
internal sealed class ClosureScaledAmount
{
    private readonly FlatAmount _flat;
    private readonly bool _isFlat;
    private readonly int _slot;
    private readonly ScaledRead _read;
    private readonly ScaledAmount _plan;

    public ClosureScaledAmount(ScaledAmount plan, ScaledRead read)
    {
        (_plan, _read, _flat, _isFlat) = (plan, read, plan.Flat, plan.IsFlat);
        _slot = read is ScaledFactRead fact ? fact.Slot : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryEval(CaseFrame frame, out decimal amount)
    {
        var x = _slot >= 0 ? frame.Scaled[_slot] : _read.Read(frame);
        return _isFlat ? _flat.TryAmount(x, out amount) : _plan.TryTreeAmount(x, out amount);
    }

    /// <summary>The scaled value the form reads (a define's computed first when this case has not yet).</summary>
    public long Read(CaseFrame frame) => _slot >= 0 ? frame.Scaled[_slot] : _read.Read(frame);

    /// <summary>
    /// The flat form and what it reads, for the matched run's steps (docs/design.md §38): a fact's scaled slot, or a cached
    /// define's index (<paramref name="define"/> true); false for a form that keeps its tree.
    /// </summary>
    public bool TryFlat(out FlatAmount flat, out int index, out bool define)
    {
        (flat, index, define) = (_flat, _slot, false);
        if (_read is ScaledDefineRead read)
        {
            (index, define) = (read.Index, true);
        }

        return _isFlat;
    }
}
