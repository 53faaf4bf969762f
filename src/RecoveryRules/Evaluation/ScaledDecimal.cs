using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RecoveryRules.Evaluation;

/// <summary>
/// Decimals read as integers where that is exact (docs/design.md §24): a decimal whose mantissa fits in 64 bits is a
/// <see cref="ulong"/>, a scale and a sign (<see cref="TryGetParts"/>, <see cref="FromParts"/>). The rule programs use two
/// things of it: a fact's value as a <see cref="long"/> at a fixed scale of 4 (<see cref="ToScaled"/>, once per case, for
/// the integer comparisons of <c>Emit/ScaledComparison.cs</c>), and division on integers where the quotient is exact
/// (<see cref="Divide"/>: the same quotient, scale and sign as System.Decimal's, bit for bit; anything else is
/// System.Decimal's own division, with its rounding and its exceptions).
/// </summary>
/// <remarks>
/// <see cref="TryDivide"/> is the integer path alone (false: not taken). tests/RecoveryRules.Tests/Emit/ScaledDecimalTests.cs
/// checks it against System.Decimal's <see cref="decimal.GetBits(decimal)"/> on generated operands, and that it takes a
/// meaningful share of them. The decimal is read in place (<see cref="Unsafe.As{TFrom, TTo}(ref TFrom)"/> over its layout:
/// flags, high 32 bits, low 64 bits); <see cref="IsAvailable"/> checks that layout once, and without it every method is
/// System.Decimal's. Integer paths for compare, add, multiply, min, max and round were measured slower than System.Decimal's
/// own operators for small values and are not here (docs/design.md §24).
/// </remarks>
internal static class ScaledDecimal
{
    private const int SignMask = unchecked((int)0x8000_0000);
    private const int ScaleShift = 16;
    private const int MaxScale = 28;

    /// <summary>10^0 … 10^19, every power of ten a <see cref="ulong"/> holds.</summary>
    private static ReadOnlySpan<ulong> Pow10 =>
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL, 1_000_000_000UL,
        10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL, 100_000_000_000_000UL,
        1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL, 1_000_000_000_000_000_000UL,
        10_000_000_000_000_000_000UL,
    ];

    /// <summary>Whether System.Decimal is laid out as this class reads it (checked once; otherwise no integer path is taken).</summary>
    public static readonly bool IsAvailable = CheckLayout();

    /// <summary>
    /// The fields of a decimal in memory (.NET 5 and later): flags (sign bit 31, scale bits 16–23) and the high 32 bits of
    /// the mantissa, read as one 64-bit word, then the low 64 bits of the mantissa. Only read, never written.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Layout
    {
        private readonly ulong _head;

        public readonly ulong Lo64;

        public int Flags => (int)(uint)_head;

        public uint Hi32 => (uint)(_head >> 32);
    }

    private static bool CheckLayout()
    {
        if (Unsafe.SizeOf<decimal>() != Unsafe.SizeOf<Layout>())
        {
            return false;
        }

        var probe = new decimal(0x0A0B0C0D, 0x01020304, 0x11121314, isNegative: true, scale: 7);
        var bits = decimal.GetBits(probe);
        var layout = Unsafe.As<decimal, Layout>(ref probe);
        return layout.Flags == bits[3] && layout.Hi32 == (uint)bits[2] && layout.Lo64 == ((ulong)(uint)bits[1] << 32 | (uint)bits[0]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref readonly Layout Read(in decimal value) => ref Unsafe.As<decimal, Layout>(ref Unsafe.AsRef(in value));

    /// <summary>
    /// A decimal of a 64-bit mantissa, a scale of at most 28 and a sign bit, through decimal's constructor: the JIT keeps
    /// it in registers, where a reinterpreted <see cref="Layout"/> (two 64-bit stores read back as one 128-bit load)
    /// stalls store forwarding (measured: twice the time of a multiplication).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static decimal Make(ulong mantissa, int scale, int sign) =>
        new((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, sign != 0, (byte)scale);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScaleOf(int flags) => (flags >> ScaleShift) & 0xFF;

    /// <summary>
    /// A decimal whose mantissa fits in 64 bits as its parts: <c>value = (negative ? -1 : 1) * mantissa / 10^scale</c>.
    /// False for a wider mantissa (or where <see cref="IsAvailable"/> is false).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetParts(decimal value, out ulong mantissa, out int scale, out bool negative)
    {
        ref readonly var x = ref Read(in value);
        if (!IsAvailable || x.Hi32 != 0)
        {
            (mantissa, scale, negative) = (0, 0, false);
            return false;
        }

        (mantissa, scale, negative) = (x.Lo64, ScaleOf(x.Flags), x.Flags < 0);
        return true;
    }

    /// <summary>The decimal of a 64-bit mantissa, a scale (0–28) and a sign: as <c>new decimal(lo, mid, 0, negative, scale)</c>, without its checks.</summary>
    public static decimal FromParts(ulong mantissa, int scale, bool negative)
    {
        if (!IsAvailable || (uint)scale > MaxScale)
        {
            return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        }

        return Make(mantissa, scale, negative ? SignMask : 0);
    }

    /// <summary>Whether <paramref name="value"/> is zero (of any scale and sign): as <c>value == 0m</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsZero(decimal value)
    {
        ref readonly var x = ref Read(in value);
        return IsAvailable ? (x.Hi32 | x.Lo64) == 0 : value == 0m;
    }

    /// <summary><paramref name="mantissa"/> * 10^<paramref name="by"/>, when it fits in 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryScaleUp(ref ulong mantissa, int by)
    {
        if (mantissa == 0)
        {
            return true;
        }

        if (by > 19)
        {
            return false;
        }

        var high = Math.BigMul(mantissa, Pow10[by], out var low);
        mantissa = low;
        return high == 0;
    }

    // ---- division ----

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static decimal DivideSlow(decimal left, decimal right) => left / right;

    /// <summary>As <c>left / right</c> (a zero divisor throws <see cref="DivideByZeroException"/>, as System.Decimal's).</summary>
    public static decimal Divide(decimal left, decimal right) =>
        TryDivide(left, right, out var quotient) ? quotient : DivideSlow(left, right);

    /// <summary>
    /// The integer path of <see cref="Divide"/>: a quotient that is exact within 64 bits, at the smallest scale that
    /// holds it exactly and is at least <c>max(sa - sb, 0)</c>, as System.Decimal gives it. Not a zero divisor or
    /// dividend, and not a quotient that does not end (1 / 3).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryDivide(decimal left, decimal right, out decimal quotient)
    {
        ref readonly var x = ref Read(in left);
        ref readonly var y = ref Read(in right);
        quotient = default;
        if (!IsAvailable || (x.Hi32 | y.Hi32) != 0 || x.Lo64 == 0 || y.Lo64 == 0)
        {
            return false;
        }

        var dividend = x.Lo64;
        var divisor = y.Lo64;
        var scale = ScaleOf(x.Flags) - ScaleOf(y.Flags);
        if (scale < 0)
        {
            // value = dividend * 10^-scale / divisor, at scale 0 at least.
            if (!TryScaleUp(ref dividend, -scale))
            {
                return false;
            }

            scale = 0;
        }

        var (q, remainder) = Math.DivRem(dividend, divisor);
        if (remainder != 0)
        {
            // Exact only if the divisor, without the factors it shares with the remainder's powers of ten (2 and 5),
            // divides it: extend digit by digit while the next digit fits, at most to scale 28.
            var factorsOf2And5 = divisor >> BitOperations.TrailingZeroCount(divisor);
            while (factorsOf2And5 % 5 == 0)
            {
                factorsOf2And5 /= 5;
            }

            if (dividend % factorsOf2And5 != 0)
            {
                return false;
            }

            do
            {
                if (scale == MaxScale || q > (ulong.MaxValue - 9) / 10 || remainder > ulong.MaxValue / 10)
                {
                    return false;
                }

                remainder *= 10;
                q = q * 10 + remainder / divisor;
                remainder %= divisor;
                scale++;
            }
            while (remainder != 0);
        }

        quotient = Make(q, scale, (x.Flags ^ y.Flags) & SignMask);
        return true;
    }

    // ---- slots as scaled integers ----

    /// <summary>The scale of a decimal slot as the program's integer comparisons read it (<see cref="ToScaled"/>): 4 decimals.</summary>
    public const int SlotScale = 4;

    /// <summary>The bound of a slot's scaled integer: a value whose magnitude at <see cref="SlotScale"/> is 2^40 or more is not scaled.</summary>
    public const long SlotBound = 1L << 40;

    /// <summary>What <see cref="ToScaled"/> gives for a value it does not scale.</summary>
    public const long NotScaled = long.MinValue;

    /// <summary>
    /// The value times 10^<see cref="SlotScale"/> as a <see cref="long"/>, when that is an integer of magnitude below
    /// <see cref="SlotBound"/> (a scale of at most 4 and |value| below about 1.1e8), and not a negative zero; otherwise <see cref="NotScaled"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ToScaled(decimal value) => ScaledOf(in value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long ScaledOf(in decimal value)
    {
        ref readonly var x = ref Read(in value);
        if (!IsAvailable || x.Hi32 != 0)
        {
            return NotScaled;
        }

        var scale = ScaleOf(x.Flags);
        if (scale > SlotScale || x.Lo64 >= SlotBound)
        {
            return NotScaled;
        }

        var magnitude = (long)x.Lo64 * (long)Pow10[SlotScale - scale];
        if (magnitude >= SlotBound || magnitude == 0 && x.Flags < 0)
        {
            // Too large, or a negative zero: 0 then stands for a positive zero only (an amount of zero, docs/design.md §29).
            return NotScaled;
        }

        return x.Flags < 0 ? -magnitude : magnitude;
    }

    // ---- amounts on integers (docs/design.md §29) ----

    /// <summary>
    /// <c>n / power</c> rounded half away from zero (<paramref name="power"/> a power of ten, at least 1): the integer
    /// value of <c>round(v)</c> for <c>v = n / power</c>, as <see cref="Math.Round(decimal, int, MidpointRounding)"/> gives it.
    /// </summary>
    // In line in the IL program (docs/design.md §33): its power is a constant there, so the division is a multiplication.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long RoundHalfAway(long n, long power)
    {
        var quotient = n / power;
        var remainder = n - (quotient * power);
        if (remainder < 0)
        {
            return -remainder >= power - -remainder ? quotient - 1 : quotient;
        }

        return remainder >= power - remainder ? quotient + 1 : quotient;
    }

    /// <summary>
    /// The amount of a positive value <c>n / divisor * multiplier</c> at scale <paramref name="digits"/> (one of
    /// <paramref name="divisor"/> and <paramref name="multiplier"/> is 1, the other a power of ten): <c>n / divisor</c> rounded
    /// half up, times <paramref name="multiplier"/>, with exactly <paramref name="digits"/> decimals, positive: what
    /// <c>Currencies.Round</c> gives for that value (its value rounded half away from zero, its scale the minor unit's).
    /// </summary>
    // In line in the IL program (docs/design.md §33): divisor, multiplier and digits are constants there.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static decimal AmountOf(long n, long divisor, long multiplier, int digits)
    {
        var quotient = n / divisor;
        var remainder = n - (quotient * divisor);
        if (remainder >= divisor - remainder)
        {
            quotient++;
        }

        return Make((ulong)(quotient * multiplier), digits, 0);
    }

    /// <summary>The scale of a flat amount's value beyond the minor unit's, and before its <c>round</c> (docs/design.md §37).</summary>
    public const int UnitDigits = 6;

    /// <summary>10^<see cref="UnitDigits"/>: what a flat amount divides by, a constant (a multiplication once compiled).</summary>
    public const long Unit = 1_000_000;

    /// <summary>
    /// The amount of a value <c>v / 10^(digits + 6)</c>, <paramref name="v"/> &gt;= 0: <c>v / 10^6</c> rounded half up, with
    /// exactly <paramref name="digits"/> decimals, positive (0: a positive zero). What <see cref="AmountOf"/> gives for the
    /// same value at another scale (docs/design.md §37), without its divisions by a variable. Only where
    /// <see cref="IsAvailable"/> (the caller checks it once, when it is built), and <paramref name="digits"/> at most 28.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static decimal AmountOfUnits(long v, int digits)
    {
        var quotient = (ulong)v / Unit;
        var remainder = (ulong)v - (quotient * Unit);
        // Half up without a branch (the remainder's half is as likely as not): the comparison's flag added.
        var mantissa = quotient + Unsafe.BitCast<bool, byte>(remainder >= Unit / 2);

        // One 16-byte value (flags and high word, low word) over the layout IsAvailable checked: where the caller reads the
        // decimal back from memory as 16 bytes (an out argument), the three narrower stores of decimal's constructor stall
        // store forwarding (docs/design.md §37).
        return Unsafe.BitCast<Vector128<ulong>, decimal>(Vector128.Create((ulong)((uint)digits << ScaleShift), mantissa));
    }

    /// <summary>Writes <see cref="ToScaled"/> of each of <paramref name="slots"/> of <paramref name="decimals"/> at the same index of <paramref name="scaled"/>.</summary>
    public static void ScaleSlots(decimal[] decimals, long[] scaled, int[] slots)
    {
        foreach (var slot in slots)
        {
            scaled[slot] = ScaledOf(in decimals[slot]);
        }
    }
}
