using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace RecoveryRules;

/// <summary>
/// A decimal as <see cref="System.Text.Json.Utf8JsonWriter.WriteNumberValue(decimal)"/> writes it (through
/// <see cref="Utf8Formatter"/>: every digit, the scale kept, <c>12.50</c>, <c>0.05</c>), with the common case formatted
/// here: a value that is not negative and whose digits fit in 64 bits (every amount of money a policy computes) is written
/// from its integer digits and scale, without the general number formatting (docs/design.md §21, §25): its length is
/// known from the count of its digits before any is written, and the digits are written from the last, two at a time
/// from a table of the hundred pairs. Anything else goes to <see cref="Utf8Formatter"/>.
/// tests/RecoveryRules.Tests/Evaluation/DecisionLineDifferentialTests.cs compares both.
/// </summary>
internal static class DecimalText
{
    /// <summary>The pairs <c>00</c> to <c>99</c>, each as two ASCII digits.</summary>
    private static ReadOnlySpan<byte> Pairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    /// <summary>The powers of ten that fit in 64 bits, 10^0 to 10^19.</summary>
    private static ReadOnlySpan<ulong> PowersOfTen =>
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/> (at least 32 bytes); returns how many bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Format(decimal value, Span<byte> destination)
    {
        var bits = default(Bits);
        decimal.GetBits(value, bits);
        var flags = bits[3];
        if (flags < 0 || bits[2] != 0)
        {
            return Utf8Formatter.TryFormat(value, destination, out var written) ? written
                : throw new InvalidOperationException("A decimal did not fit in its bytes.");
        }

        var mantissa = (ulong)(uint)bits[1] << 32 | (uint)bits[0];
        var scale = (flags >> 16) & 0xFF;

        // How many digits: at least scale + 1 of them (0.05: 0, 0, 5), and a point before the last scale ones.
        var guess = (BitOperations.Log2(mantissa | 1) + 1) * 1233 >> 12;
        var digits = guess + (mantissa >= PowersOfTen[guess] ? 1 : 0);
        digits = Math.Max(digits, scale + 1);
        var length = scale == 0 ? digits : digits + 1;
        var target = destination[..length];
        var pairs = Pairs;
        var at = length;

        // The fraction, from its last digit.
        var fraction = scale;
        for (; fraction >= 2; fraction -= 2)
        {
            (mantissa, var pair) = Math.DivRem(mantissa, 100);
            at -= 2;
            target[at] = pairs[(int)pair * 2];
            target[at + 1] = pairs[((int)pair * 2) + 1];
        }

        if (fraction == 1)
        {
            (mantissa, var digit) = Math.DivRem(mantissa, 10);
            target[--at] = (byte)('0' + (int)digit);
        }

        if (scale > 0)
        {
            target[--at] = (byte)'.';
        }

        // The integer part: what is left of the mantissa, at least one digit.
        while (mantissa >= 100)
        {
            (mantissa, var pair) = Math.DivRem(mantissa, 100);
            at -= 2;
            target[at] = pairs[(int)pair * 2];
            target[at + 1] = pairs[((int)pair * 2) + 1];
        }

        if (mantissa >= 10)
        {
            target[at - 2] = pairs[(int)mantissa * 2];
            target[at - 1] = pairs[((int)mantissa * 2) + 1];
        }
        else
        {
            target[at - 1] = (byte)('0' + (int)mantissa);
        }

        return length;
    }

    /// <summary>The four integers of a decimal, on the stack without a <c>stackalloc</c>.</summary>
    [InlineArray(4)]
    private struct Bits
    {
        private int _element;
    }
}
