using CsCheck;
using FluentAssertions;
using RecoveryRules.Emit;
using Xunit;

namespace RecoveryRules.Tests.Emit;

/// <summary>
/// An amount gets exactly the currency's decimals, rounded half away from zero, and a negative one fails: the fast
/// paths (an amount already at that scale, one widened without decimal arithmetic) give what rounding and adding
/// <c>0.00</c> gives, to the bit (the same value and the same scale, so the decision prints the same digits).
/// </summary>
public sealed class AmountTests
{
    private static readonly decimal[] Zeros = [0m, 0.0m, 0.00m, 0.000m];

    private static readonly Gen<decimal> AnyDecimal = Gen.Select(Gen.Int, Gen.Int, Gen.Int, Gen.Bool, Gen.Byte[0, 28])
        .Select((lo, mid, hi, negative, scale) => new decimal(lo, mid, hi, negative, scale));

    private static readonly Gen<decimal> SmallDecimal = Gen.Select(Gen.UInt, Gen.Bool, Gen.Byte[0, 4])
        .Select((lo, negative, scale) => new decimal((int)lo, 0, 0, negative, scale));

    [Fact]
    public void Amount_is_bit_for_bit_what_rounding_and_widening_give()
    {
        Gen.Select(Gen.OneOf(AnyDecimal, SmallDecimal, Gen.Int[0, 100_000].Select(i => (decimal)i)), Gen.Int[0, 3])
            .Sample((value, digits) =>
            {
                var expected = Reference(value, digits, out var expectedFailure);
                var actual = Actual(value, digits, out var actualFailure);
                actualFailure.Should().Be(expectedFailure, "value {0}, {1} digits", value, digits);
                decimal.GetBits(actual).Should().Equal(decimal.GetBits(expected), "value {0}, {1} digits", value, digits);
            }, iter: 200_000);
    }

    [Theory]
    [InlineData("20", 2, "20.00")]
    [InlineData("20.5", 2, "20.50")]
    [InlineData("20.50", 2, "20.50")]
    [InlineData("20.555", 2, "20.56")]
    [InlineData("20.545", 2, "20.55")]
    [InlineData("4294967295", 3, "4294967295.000")]
    [InlineData("0", 2, "0.00")]
    [InlineData("7", 0, "7")]
    [InlineData("7.5", 0, "8")]
    public void Amount_prints_the_currency_decimals(string value, int digits, string printed)
    {
        var amount = EvaluationChecks.Amount(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), digits, site: 0);
        amount.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(printed);
    }

    [Fact]
    public void A_negative_amount_fails()
    {
        var act = () => EvaluationChecks.Amount(-0.01m, 2, site: 0);
        act.Should().Throw<EvaluationFailure>();
    }

    private static decimal Reference(decimal value, int digits, out bool failed)
    {
        failed = false;
        try
        {
            var rounded = Math.Round(value, digits, MidpointRounding.AwayFromZero) + Zeros[digits];
            failed = rounded < 0;
            return failed ? 0m : rounded;
        }
        catch (OverflowException)
        {
            failed = true;
            return 0m;
        }
    }

    private static decimal Actual(decimal value, int digits, out bool failed)
    {
        failed = false;
        try
        {
            return EvaluationChecks.Amount(value, digits, site: 0);
        }
        catch (Exception exception) when (exception is EvaluationFailure or OverflowException)
        {
            failed = true;
            return 0m;
        }
    }
}
