using System.Buffers.Text;
using System.Runtime.CompilerServices;

namespace RecoveryRules;

/// <summary>
/// A decimal as <see cref="System.Text.Json.Utf8JsonWriter.WriteNumberValue(decimal)"/> writes it (through
/// <see cref="Utf8Formatter"/>: every digit, the scale kept, <c>12.50</c>, <c>0.05</c>), with the common case formatted
/// here: a value that is not negative and whose digits fit in 64 bits (every amount of money a policy computes) is written
/// from its integer digits and scale, without the general number formatting (docs/design.md §21). Anything else goes to
/// <see cref="Utf8Formatter"/>. tests/RecoveryRules.Tests/Evaluation/DecisionLineDifferentialTests.cs compares both.
/// </summary>
internal static class DecimalText
{
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

        // The digits, last first, into a buffer of their own; at least scale + 1 of them (0.05: 0, 0, 5).
        Span<byte> digits = stackalloc byte[32];
        var count = 0;
        do
        {
            var next = mantissa / 10;
            digits[count++] = (byte)('0' + (int)(mantissa - (next * 10)));
            mantissa = next;
        }
        while (mantissa != 0 || count <= scale);

        var length = scale == 0 ? count : count + 1;
        var target = destination[..length];
        var at = 0;
        for (var i = count - 1; i >= 0; i--)
        {
            if (i == scale - 1)
            {
                target[at++] = (byte)'.';
            }

            target[at++] = digits[i];
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
