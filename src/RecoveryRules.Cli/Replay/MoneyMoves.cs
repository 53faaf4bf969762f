namespace RecoveryRules.Cli.Replay;

/// <summary>
/// The compensation moved in one currency by a policy change: how many decisions give more and how many less,
/// and how much. Net is what the policy gives more overall (up minus down), gross is all the money that moves
/// (up plus down). Amounts beyond the decimal range (only hand-made records can hold such totals) are marked
/// rather than thrown.
/// </summary>
internal sealed class MoneyMoves(string currency)
{
    public string Currency { get; } = currency;

    /// <summary>Decisions whose total went up.</summary>
    public long Up { get; private set; }

    /// <summary>Decisions whose total went down.</summary>
    public long Down { get; private set; }

    /// <summary>The sum of the increases.</summary>
    public decimal UpAmount { get; private set; }

    /// <summary>The sum of the decreases, as a positive amount.</summary>
    public decimal DownAmount { get; private set; }

    /// <summary>Whether a sum went beyond the decimal range (the amounts are then not shown).</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Up minus down; <c>null</c> beyond the decimal range.</summary>
    public decimal? Net => Overflowed ? null : Difference(DownAmount, UpAmount);

    /// <summary>Up plus down; <c>null</c> beyond the decimal range.</summary>
    public decimal? Gross => Overflowed ? null : Sum(UpAmount, DownAmount);

    /// <summary><paramref name="after"/> minus <paramref name="before"/>; <c>null</c> beyond the decimal range.</summary>
    public static decimal? Difference(decimal before, decimal after)
    {
        try
        {
            return after - before;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    /// <summary>Counts one decision's change of total: positive up, negative down; <c>null</c> a change beyond the decimal range.</summary>
    public void Add(decimal? change, bool up)
    {
        if (up)
        {
            Up++;
            UpAmount = Accumulate(UpAmount, change);
        }
        else
        {
            Down++;
            DownAmount = Accumulate(DownAmount, change is { } value ? -value : null);
        }
    }

    public void Merge(MoneyMoves other)
    {
        Up += other.Up;
        Down += other.Down;
        Overflowed |= other.Overflowed;
        UpAmount = Accumulate(UpAmount, other.UpAmount);
        DownAmount = Accumulate(DownAmount, other.DownAmount);
    }

    private decimal Accumulate(decimal sum, decimal? amount)
    {
        if (Overflowed)
        {
            return sum;
        }

        if (amount is { } value && Sum(sum, value) is { } total)
        {
            return total;
        }

        Overflowed = true;
        return sum;
    }

    private static decimal? Sum(decimal left, decimal right)
    {
        try
        {
            return left + right;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
