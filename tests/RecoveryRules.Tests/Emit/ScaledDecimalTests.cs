using RecoveryRules.Evaluation;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// <see cref="ScaledDecimal"/>'s integer paths (docs/design.md §24) against System.Decimal, on generated operands of every
/// scale (0–28), both signs, zero and negative zero, small mantissas, mantissas near the 64-bit and 96-bit limits, and
/// pairs built to divide exactly: the same bits (<see cref="decimal.GetBits(decimal)"/>, so value, scale and sign) or the
/// same exception; and the integer paths, not the fallbacks, take a meaningful share of them.
/// </summary>
public sealed class ScaledDecimalTests
{
    private const int Pairs = 60_000;

    [Fact]
    public void The_layout_is_the_one_read()
    {
        ScaledDecimal.IsAvailable.Should().BeTrue("decimal's fields are flags, the high 32 bits and the low 64 bits of the mantissa on .NET 5 and later");
    }

    [Fact]
    public void Division_gives_decimal_division_bit_for_bit()
    {
        var random = new Random(20261207);
        var fast = 0;
        var moneyLike = 0;
        var moneyLikeFast = 0;
        for (var i = 0; i < Pairs; i++)
        {
            var (dividend, divisor, isMoneyLike) = DivisionPair(random);
            Outcome(() => ScaledDecimal.Divide(dividend, divisor)).Should().Be(
                Outcome(() => dividend / divisor), $"{dividend} (scale {dividend.Scale}) / {divisor} (scale {divisor.Scale})");
            if (ScaledDecimal.TryDivide(dividend, divisor, out var quotient))
            {
                fast++;
                Bits(quotient).Should().Be(Bits(dividend / divisor));
            }

            if (isMoneyLike)
            {
                moneyLike++;
                moneyLikeFast += ScaledDecimal.TryDivide(dividend, divisor, out _) ? 1 : 0;
            }
        }

        // Not vacuous: the integer path divides a fair share of all pairs and most of those built to divide exactly.
        fast.Should().BeGreaterThan(Pairs / 5);
        moneyLikeFast.Should().BeGreaterThan(moneyLike * 9 / 10);
    }

    [Fact]
    public void A_zero_divisor_throws_as_decimal_division_does()
    {
        foreach (var zero in new[] { 0m, -0m, 0.000m, new decimal(0, 0, 0, true, 5) })
        {
            Outcome(() => ScaledDecimal.Divide(45.5m, zero)).Should().Be(nameof(DivideByZeroException));
            ScaledDecimal.IsZero(zero).Should().BeTrue();
        }

        ScaledDecimal.IsZero(0.0001m).Should().BeFalse();
        ScaledDecimal.IsZero(new decimal(0, 0, 1, false, 0)).Should().BeFalse();
    }

    [Fact]
    public void Scaled_slots_are_the_value_times_ten_thousand_when_that_is_a_small_integer()
    {
        var random = new Random(7);
        var scaled = 0;
        for (var i = 0; i < Pairs; i++)
        {
            var value = Operand(random);
            var x = ScaledDecimal.ToScaled(value);
            if (x == ScaledDecimal.NotScaled)
            {
                // Only when the value has more than 4 decimals, is too large, or is a negative zero: never for one that fits.
                (value.Scale > ScaledDecimal.SlotScale || Math.Abs(value) >= ScaledDecimal.SlotBound / 10_000m || value == 0m && decimal.IsNegative(value))
                    .Should().BeTrue($"{value} fits");
                continue;
            }

            scaled++;
            Math.Abs(x).Should().BeLessThan(ScaledDecimal.SlotBound);
            ((decimal)x / 10_000m).Should().Be(value);
            (x < 0).Should().Be(value < 0);
        }

        scaled.Should().BeGreaterThan(Pairs / 5);
        ScaledDecimal.ToScaled(45.5m).Should().Be(455_000);
        ScaledDecimal.ToScaled(-0.0001m).Should().Be(-1);
        ScaledDecimal.ToScaled(0m).Should().Be(0);
        ScaledDecimal.ToScaled(decimal.Negate(0.00m)).Should().Be(ScaledDecimal.NotScaled, "a negative zero: an amount of 0 stands for a positive zero (docs/design.md §29)");
        ScaledDecimal.ToScaled(0.00001m).Should().Be(ScaledDecimal.NotScaled);
        ScaledDecimal.ToScaled(109_951_162.7775m).Should().Be(1_099_511_627_775);
        ScaledDecimal.ToScaled(109_951_162.7776m).Should().Be(ScaledDecimal.NotScaled);
    }

    [Fact]
    public void Parts_round_trip_bit_for_bit()
    {
        var random = new Random(11);
        var small = 0;
        for (var i = 0; i < Pairs; i++)
        {
            var value = Operand(random);
            if (ScaledDecimal.TryGetParts(value, out var mantissa, out var scale, out var negative))
            {
                small++;
                Bits(ScaledDecimal.FromParts(mantissa, scale, negative)).Should().Be(Bits(value));
            }
            else
            {
                decimal.GetBits(value)[2].Should().NotBe(0);
            }
        }

        small.Should().BeGreaterThan(Pairs / 2);
    }

    /// <summary>A decimal of any scale and sign: zero, small, money-like, near 2^63, 2^64 or 2^96.</summary>
    internal static decimal Operand(Random random)
    {
        var negative = random.Next(3) == 0;
        var scale = (byte)(random.Next(4) == 0 ? random.Next(29) : random.Next(6));
        ulong mantissa;
        switch (random.Next(10))
        {
            case 0:
                mantissa = 0;
                break;
            case 1:
                mantissa = (ulong)random.Next(1000);
                break;
            case 2:
                mantissa = (ulong)random.NextInt64();
                break;
            case 3:
                mantissa = ulong.MaxValue - (ulong)random.Next(1000);
                break;
            case 4:
                mantissa = (ulong)Math.Pow(10, random.Next(20)) * (ulong)random.Next(1, 2);
                break;
            case 5:
                var lo = (ulong)random.NextInt64();
                return new decimal((int)(uint)lo, (int)(uint)(lo >> 32), random.Next(), negative, scale);
            case 6:
                mantissa = (ulong)random.Next(1, 100_000) << random.Next(0, 30);
                break;
            default:
                mantissa = (ulong)random.Next(1, 10_000_000);
                break;
        }

        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, scale);
    }

    /// <summary>
    /// A dividend and a divisor: independent operands; a divisor that divides the dividend (a product of small factors, powers of
    /// two and five: exact quotients of many digits); and money-like pairs (an amount over 1–12 or a power of ten).
    /// </summary>
    private static (decimal Dividend, decimal Divisor, bool MoneyLike) DivisionPair(Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                return (Operand(random), Operand(random), false);
            case 1:
                var divisor = new decimal(random.Next(1, 1 << random.Next(1, 20)) * (random.Next(2) == 0 ? 5 : 1), 0, 0, random.Next(4) == 0, (byte)random.Next(0, 6));
                var quotient = new decimal(random.Next(0, 1_000_000), 0, 0, random.Next(4) == 0, (byte)random.Next(0, 6));
                try
                {
                    return (quotient * divisor, divisor, false);
                }
                catch (OverflowException)
                {
                    return (quotient, divisor, false);
                }

            default:
                var amount = new decimal(random.Next(1, 10_000_000), 0, 0, random.Next(8) == 0, (byte)random.Next(0, 3));
                var by = random.Next(3) == 0 ? (decimal)Math.Pow(10, random.Next(0, 5)) : random.Next(1, 13);
                var exact = amount / by * by == amount && (amount / by).Scale <= 12;
                return (amount, by, exact);
        }
    }

    private static string Bits(decimal value) => string.Join(',', decimal.GetBits(value).Select(b => b.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)));

    private static string Outcome(Func<decimal> operation)
    {
        try
        {
            return Bits(operation());
        }
        catch (ArithmeticException e)
        {
            return e.GetType().Name;
        }
    }
}
