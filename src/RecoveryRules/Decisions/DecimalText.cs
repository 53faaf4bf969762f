using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>
    /// Whether <see cref="decimal"/> lays out its fields as <see cref="Layout"/> does (its sign and scale, the high 32 bits, the
    /// low 64 bits), checked once against <see cref="decimal.GetBits(decimal, Span{int})"/>: then <see cref="Read"/> reads
    /// them where they are, with no copy through <c>GetBits</c> (docs/design.md §28); else it calls <c>GetBits</c>.
    /// </summary>
    internal static readonly bool LayoutKnown = IsLayoutKnown();

    /// <summary>
    /// The fields of <paramref name="value"/> as <see cref="decimal.GetBits(decimal, Span{int})"/> gives them: the flags (sign
    /// and scale), the high 32 bits and the low 64 bits of the mantissa.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Read(in decimal value, out int flags, out uint high, out ulong low)
    {
        if (LayoutKnown)
        {
            ref readonly var fields = ref Unsafe.As<decimal, Layout>(ref Unsafe.AsRef(in value));
            flags = fields.Flags;
            high = fields.High;
            low = fields.Low;
        }
        else
        {
            var bits = default(Bits);
            decimal.GetBits(value, bits);
            flags = bits[3];
            high = (uint)bits[2];
            low = (ulong)(uint)bits[1] << 32 | (uint)bits[0];
        }
    }

    /// <summary>
    /// The most common amount, written without a call (docs/design.md §28): a value of scale 2, not negative, below 10 000
    /// (<c>0.00</c> to <c>9999.99</c>), as <see cref="Format"/> writes it, in one 8-byte store at the start of
    /// <paramref name="destination"/> (at least 8 bytes; those past the text are left with what it does not need).
    /// Returns the length of the text, or 0 for any other value (nothing written then).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FormatCents(in decimal value, Span<byte> destination)
    {
        Read(in value, out var flags, out var high, out var low);
        return FormatCents(flags, high, low, destination);
    }

    /// <summary>
    /// The fields of <paramref name="value"/> read where the runtime keeps them, with no test of <see cref="LayoutKnown"/>: for
    /// a caller that checked it once before (the decision line, whose <c>Supported</c> includes it; docs/design.md §36). Native
    /// AOT does not fold the static <see cref="LayoutKnown"/> as the JIT does, so <see cref="Read"/> there tests it on every
    /// amount and clears a <c>GetBits</c> buffer it does not use.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ReadInPlace(in decimal value, out int flags, out uint high, out ulong low)
    {
        ref readonly var fields = ref Unsafe.As<decimal, Layout>(ref Unsafe.AsRef(in value));
        flags = fields.Flags;
        high = fields.High;
        low = fields.Low;
    }

    /// <summary>
    /// <see cref="FormatCents(in decimal, Span{byte})"/> of the decimal whose fields (as <see cref="Read"/> gives them) are
    /// <paramref name="flags"/>, <paramref name="high"/> and <paramref name="low"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FormatCents(int flags, uint high, ulong low, Span<byte> destination)
    {
        if (!IsCents(flags, high, low))
        {
            return 0;
        }

        var text = CentsText((uint)low, out var length);
        Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(destination[..sizeof(ulong)]), text);
        return length;
    }

    /// <summary>
    /// Whether the decimal of these fields is one <see cref="FormatCents(int, uint, ulong, Span{byte})"/> writes: of scale 2, not
    /// negative, below 10 000 (one test, no branch between its parts).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsCents(int flags, uint high, ulong low) =>
        BitConverter.IsLittleEndian && ((uint)(flags ^ (2 << 16)) | high | (low >= 1_000_000 ? 1U : 0U)) == 0;

    /// <summary>
    /// The text of <paramref name="cents"/> (below 1 000 000) hundredths, <c>0.00</c> to <c>9999.99</c>, as eight little-endian
    /// bytes of which the first <paramref name="length"/> are the text (docs/design.md §28).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong CentsText(uint cents, out int length)
    {
        // "QQqq.rr" as eight little-endian bytes, then shifted so the integer part starts without its leading zeros.
        var whole = cents / 100;
        var fraction = cents - (whole * 100);
        var upper = whole / 100;
        var lower = whole - (upper * 100);
        ref var pairs = ref MemoryMarshal.GetReference(Pairs);
        var text = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, (nuint)(upper * 2)))
            | (ulong)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, (nuint)(lower * 2))) << 16
            | (ulong)'.' << 32
            | (ulong)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref pairs, (nuint)(fraction * 2))) << 40;
        var digits = 1 + (whole >= 10 ? 1 : 0) + (whole >= 100 ? 1 : 0) + (whole >= 1000 ? 1 : 0);
        length = digits + 3;
        return text >> ((4 - digits) * 8);
    }

    private static bool IsLayoutKnown()
    {
        var value = new decimal(0x11223344, 0x55667788, 0x0A0B0C0D, true, 7);
        var bits = default(Bits);
        decimal.GetBits(value, bits);
        ref readonly var fields = ref Unsafe.As<decimal, Layout>(ref value);
        return Unsafe.SizeOf<decimal>() == Unsafe.SizeOf<Layout>() && fields.Flags == bits[3] && fields.High == (uint)bits[2]
            && fields.Low == ((ulong)(uint)bits[1] << 32 | (uint)bits[0]);
    }

    /// <summary>The fields of a <see cref="decimal"/> as the runtime lays them out (checked by <see cref="LayoutKnown"/>).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct Layout
    {
        public readonly int Flags;
        public readonly uint High;
        public readonly ulong Low;
    }

    /// <summary>The four integers of a decimal, on the stack without a <c>stackalloc</c>.</summary>
    [InlineArray(4)]
    private struct Bits
    {
        private int _element;
    }
}
