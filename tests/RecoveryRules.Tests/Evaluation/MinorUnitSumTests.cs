using CsCheck;
using FluentAssertions;
using RecoveryRules.Emit;
using RecoveryRules.Evaluation;
using Xunit;

namespace RecoveryRules.Tests.Evaluation;

/// <summary>
/// The compensation total summed as whole minor units gives what adding the decimals gives, to the bit (value and
/// scale), whenever it gives a total; and it gives one for amounts as rules compute them (rounded to the minor unit).
/// </summary>
public sealed class MinorUnitSumTests
{
    private static readonly Gen<decimal> AnyDecimal = Gen.Select(Gen.Int, Gen.Int, Gen.Int, Gen.Bool, Gen.Byte[0, 28])
        .Select((lo, mid, hi, negative, scale) => new decimal(lo, mid, hi, negative, scale));

    private static readonly Gen<decimal> SmallDecimal = Gen.Select(Gen.UInt, Gen.Byte[0, 4])
        .Select((lo, scale) => new decimal((int)lo, 0, 0, false, scale));

    /// <summary>An amount as a rule computes it: rounded to the minor unit, or any decimal now and then.</summary>
    private static Gen<decimal> Amount(int digits) => Gen.Frequency(
        (8, Gen.OneOf(SmallDecimal, AnyDecimal, Gen.Int[0, 100_000].Select(i => (decimal)i))
            .Select(value => Math.Abs(value))
            .Where(value => Fits(value, digits))
            .Select(value => EvaluationChecks.Amount(value, digits, site: 0))),
        (1, Gen.OneOf(AnyDecimal, Gen.Const(-0.00m), Gen.Const(new decimal(-1, -1, -1, false, (byte)digits)))));

    [Fact]
    public void The_sum_in_minor_units_is_bit_for_bit_the_decimal_sum()
    {
        Gen.Int[0, 3].SelectMany(digits => Amount(digits).Array[0, 80].Select(amounts => (digits, amounts)))
            .Sample(sample =>
            {
                var (digits, amounts) = sample;
                var sum = new MinorUnitSum(digits);
                foreach (var amount in amounts)
                {
                    sum.Add(amount);
                }

                if (sum.TryTotal(out var total))
                {
                    var expected = Reference(amounts, out var overflow);
                    overflow.Should().BeFalse("the sum of {0} fits", string.Join(", ", amounts));
                    decimal.GetBits(total).Should().Equal(decimal.GetBits(expected), "the sum of {0} at {1} digits", string.Join(", ", amounts), digits);
                }
            }, iter: 100_000);
    }

    [Theory]
    [InlineData(2, new[] { "12.50", "0.10", "30.00" }, "42.60")]
    [InlineData(0, new[] { "500", "20" }, "520")]
    [InlineData(3, new[] { "1.250" }, "1.250")]
    public void Amounts_at_the_minor_unit_are_summed_in_minor_units(int digits, string[] amounts, string total)
    {
        var sum = new MinorUnitSum(digits);
        foreach (var amount in amounts)
        {
            sum.Add(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture));
        }

        sum.TryTotal(out var actual).Should().BeTrue();
        actual.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(total);
    }

    [Fact]
    public void No_amount_sums_to_a_plain_zero()
    {
        new MinorUnitSum(2).TryTotal(out var total).Should().BeTrue();
        decimal.GetBits(total).Should().Equal(decimal.GetBits(0m));
    }

    [Fact]
    public void An_amount_of_another_scale_or_a_sum_past_96_bits_is_left_to_decimal_addition()
    {
        var scale = new MinorUnitSum(2);
        scale.Add(1.5m);
        scale.TryTotal(out _).Should().BeFalse();

        var large = new MinorUnitSum(2);
        large.Add(new decimal(-1, -1, -1, false, 2));
        large.Add(0.01m);
        large.TryTotal(out _).Should().BeFalse();
    }

    private static bool Fits(decimal value, int digits)
    {
        try
        {
            EvaluationChecks.Amount(value, digits, site: 0);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>The decimal additions the combiner made before: the first amount as it is when not negative, then <c>+</c>.</summary>
    private static decimal Reference(decimal[] amounts, out bool overflow)
    {
        overflow = false;
        var total = 0m;
        try
        {
            for (var i = 0; i < amounts.Length; i++)
            {
                total = i == 0 && !decimal.IsNegative(amounts[i]) ? amounts[i] : total + amounts[i];
            }
        }
        catch (OverflowException)
        {
            overflow = true;
        }

        return total;
    }
}
