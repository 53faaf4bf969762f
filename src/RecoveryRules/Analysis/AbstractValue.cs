namespace RecoveryRules.Analysis;

internal enum AbstractKind : byte
{
    /// <summary>A boolean the analysis cannot decide.</summary>
    Unknown,
    Bool,
    Number,
    Ordinal,
    Text,
}

/// <summary>
/// A value the analysis computes for one cell of the decision space: a boolean, a decimal
/// (numbers, money, percents and durations in seconds), a member ordinal or a text, with where a
/// decimal or text came from (<see cref="Source"/>): a constant, one fact through operations that
/// keep it a strictly monotone affine function (<c>a·x + b</c>), or anything else.
/// </summary>
internal readonly record struct AbstractValue(AbstractKind Kind, decimal Number, int Ordinal, bool Bool, string? Text, int Source)
{
    /// <summary>Made of constants only.</summary>
    public const int Constant = -1;

    /// <summary>Depends on facts in a way the analysis does not split (two facts, a product of facts, a function of a fact).</summary>
    public const int Opaque = -2;

    public static AbstractValue Unknown { get; } = new(AbstractKind.Unknown, 0, 0, false, null, Opaque);

    public static AbstractValue OpaqueNumber { get; } = new(AbstractKind.Number, 0, 0, false, null, Opaque);

    public static AbstractValue OfBool(bool value) => new(AbstractKind.Bool, 0, 0, value, null, Constant);

    public static AbstractValue OfTruth(Truth truth) => truth == Truth.Unknown ? Unknown : OfBool(truth == Truth.True);

    public static AbstractValue OfNumber(decimal value, int source) => new(AbstractKind.Number, value, 0, false, null, source);

    public static AbstractValue OfOrdinal(int ordinal) => new(AbstractKind.Ordinal, 0, ordinal, false, null, Constant);

    public static AbstractValue OfText(string text, int source) => new(AbstractKind.Text, 0, 0, false, text, source);

    public Truth Truth => Kind == AbstractKind.Bool ? Kleene.Of(Bool) : Truth.Unknown;

    /// <summary>Whether the value depends on at most one fact, affinely.</summary>
    public bool IsSplittable => Source != Opaque;

    /// <summary>Where a value computed from two operands comes from: constants, the one fact both use, or opaque.</summary>
    public static int Combine(int left, int right) =>
        left == Opaque || right == Opaque ? Opaque
        : left == Constant ? right
        : right == Constant || right == left ? left
        : Opaque;
}
