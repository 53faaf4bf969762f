namespace RecoveryRules.Evaluation;

/// <summary>
/// The sum of compensation amounts as whole minor units (cents), in integers. Every amount a rule computes is
/// rounded to the currency's minor unit, non-negative and at exactly that scale (<c>12.50</c>), and adding
/// decimals of one scale whose sum fits in 96 bits gives their integer sum at that scale: so the total is the
/// integer sum of the mantissas, at that scale, the same value and scale as the decimal additions, bit for bit
/// (tests/RecoveryRules.Tests/Evaluation/MinorUnitSumTests.cs checks it against them). An amount of another
/// scale or sign, or a sum past 96 bits, makes <see cref="TryTotal"/> fail, and the caller adds the decimals.
/// </summary>
internal struct MinorUnitSum(int digits)
{
    private readonly int _flags = digits << 16;
    private UInt128 _mantissa;
    private bool _any;
    private bool _inexact;

    /// <summary>Adds an amount.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Add(in decimal amount)
    {
        DecimalText.Read(in amount, out var flags, out var high, out var low);
        if (flags != _flags)
        {
            _inexact = true;
            return;
        }

        _mantissa += new UInt128(high, low);
        _any = true;
    }

    /// <summary>
    /// The total: <c>0</c> when nothing was added (as a sum that starts at <c>0m</c>), else the sum at the minor unit's
    /// scale; <c>false</c> when it cannot be given exactly this way.
    /// </summary>
    public readonly bool TryTotal(out decimal total)
    {
        if (_inexact || _mantissa >> 96 != 0)
        {
            total = 0m;
            return false;
        }

        var low = (ulong)_mantissa;
        total = _any ? new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)(_mantissa >> 64), false, (byte)(_flags >> 16)) : 0m;
        return true;
    }
}
