using System.Runtime.CompilerServices;
using RecoveryRules.Evaluation;

namespace RecoveryRules.Emit;

// The nodes of the closure program (ClosureProgram, docs/design.md §20): one sealed class per operation and
// type, each computing its value from the frame with a virtual call per node. The common shapes of a
// condition (a slot against a constant, a member in a list) are one node, not three. Every operation is the
// one the expression tree calls (decimal's operators, ScaledDecimal.Divide, Math.Min/Max/Abs, EvaluationChecks,
// the integer comparisons of ScaledComparison), so both programs compute the same values, with the same scale,
// and fail alike.

/// <summary>A node whose value is a <typeparamref name="T"/>: a decimal (numbers, money, percents, seconds), an int (a member's ordinal), a bool or a text.</summary>
internal abstract class Node<T>
{
    public abstract T Eval(CaseFrame frame);
}

/// <summary>A comparison of the language, for each slot type it applies to (as the expression tree's <c>Equal</c>, <c>LessThan</c>…).</summary>
internal interface IComparison
{
    static abstract bool Decimals(decimal left, decimal right);

    static abstract bool Ints(int left, int right);

    static abstract bool Longs(long left, long right);
}

/// <summary>An equality of the language (<c>==</c>, <c>!=</c>), which also applies to bools and texts (ordinal, as <c>string.op_Equality</c>).</summary>
internal interface IEquality : IComparison
{
    static abstract bool Bools(bool left, bool right);

    static abstract bool Texts(string? left, string? right);
}

internal readonly struct EqualTo : IEquality
{
    public static bool Decimals(decimal left, decimal right) => left == right;

    public static bool Ints(int left, int right) => left == right;

    public static bool Longs(long left, long right) => left == right;

    public static bool Bools(bool left, bool right) => left == right;

    public static bool Texts(string? left, string? right) => left == right;
}

internal readonly struct NotEqualTo : IEquality
{
    public static bool Decimals(decimal left, decimal right) => left != right;

    public static bool Ints(int left, int right) => left != right;

    public static bool Longs(long left, long right) => left != right;

    public static bool Bools(bool left, bool right) => left != right;

    public static bool Texts(string? left, string? right) => left != right;
}

internal readonly struct LessThan : IComparison
{
    public static bool Decimals(decimal left, decimal right) => left < right;

    public static bool Ints(int left, int right) => left < right;

    public static bool Longs(long left, long right) => left < right;
}

internal readonly struct LessOrEqual : IComparison
{
    public static bool Decimals(decimal left, decimal right) => left <= right;

    public static bool Ints(int left, int right) => left <= right;

    public static bool Longs(long left, long right) => left <= right;
}

internal readonly struct GreaterThan : IComparison
{
    public static bool Decimals(decimal left, decimal right) => left > right;

    public static bool Ints(int left, int right) => left > right;

    public static bool Longs(long left, long right) => left > right;
}

internal readonly struct GreaterOrEqual : IComparison
{
    public static bool Decimals(decimal left, decimal right) => left >= right;

    public static bool Ints(int left, int right) => left >= right;

    public static bool Longs(long left, long right) => left >= right;
}

/// <summary>Decimal arithmetic as the expression tree's <c>Add</c>, <c>Subtract</c>, <c>Multiply</c>: decimal's operators, which throw <see cref="OverflowException"/>.</summary>
internal interface IArithmetic
{
    static abstract decimal Apply(decimal left, decimal right);
}

internal readonly struct Plus : IArithmetic
{
    public static decimal Apply(decimal left, decimal right) => left + right;
}

internal readonly struct Minus : IArithmetic
{
    public static decimal Apply(decimal left, decimal right) => left - right;
}

internal readonly struct Times : IArithmetic
{
    public static decimal Apply(decimal left, decimal right) => left * right;
}

// ---- leaves ----

internal sealed class Constant<T>(T value) : Node<T>
{
    public T Value { get; } = value;

    public override T Eval(CaseFrame frame) => Value;
}

internal sealed class DecimalSlot(int slot) : Node<decimal>
{
    public int Slot { get; } = slot;

    public override decimal Eval(CaseFrame frame) => frame.Decimals[Slot];
}

internal sealed class OrdinalSlot(int slot) : Node<int>
{
    public int Slot { get; } = slot;

    public override int Eval(CaseFrame frame) => frame.Ordinals[Slot];
}

internal sealed class BooleanSlot(int slot) : Node<bool>
{
    public override bool Eval(CaseFrame frame) => frame.Booleans[slot];
}

internal sealed class TextSlot(int slot) : Node<string?>
{
    public override string? Eval(CaseFrame frame) => frame.Texts[slot];
}

// ---- decimals ----

internal sealed class Arithmetic<TOp>(Node<decimal> left, Node<decimal> right) : Node<decimal>
    where TOp : struct, IArithmetic
{
    public override decimal Eval(CaseFrame frame) => TOp.Apply(left.Eval(frame), right.Eval(frame));
}

/// <summary><c>x op c</c> with a constant right operand (<c>10% of x</c> is <c>x * 0.1</c>).</summary>
internal sealed class ArithmeticConstant<TOp>(Node<decimal> left, decimal right) : Node<decimal>
    where TOp : struct, IArithmetic
{
    public override decimal Eval(CaseFrame frame) => TOp.Apply(left.Eval(frame), right);
}

/// <summary><c>p% of x</c> with a percent computed per case: <c>(x * p) / 100</c>, as the expression tree (the target first).</summary>
internal sealed class PercentOf(Node<decimal> percent, Node<decimal> target) : Node<decimal>
{
    public override decimal Eval(CaseFrame frame)
    {
        var x = target.Eval(frame);
        return ScaledDecimal.Divide(x * percent.Eval(frame), 100m);
    }
}

/// <summary>A division by a duration unit's seconds (<c>delay.hours</c>): never by zero.</summary>
internal sealed class DivideByConstant(Node<decimal> dividend, decimal divisor) : Node<decimal>
{
    public override decimal Eval(CaseFrame frame) => ScaledDecimal.Divide(dividend.Eval(frame), divisor);
}

internal sealed class Divide(Node<decimal> left, Node<decimal> right, int site) : Node<decimal>
{
    public override decimal Eval(CaseFrame frame)
    {
        var dividend = left.Eval(frame);
        return EvaluationChecks.Divide(dividend, right.Eval(frame), site);
    }
}

internal sealed class Negate(Node<decimal> operand) : Node<decimal>
{
    public override decimal Eval(CaseFrame frame) => -operand.Eval(frame);
}

internal sealed class Min(Node<decimal> left, Node<decimal> right) : Node<decimal>
{
    public override decimal Eval(CaseFrame frame)
    {
        var a = left.Eval(frame);
        return Math.Min(a, right.Eval(frame));
    }
}

internal sealed class Max(Node<decimal> left, Node<decimal> right) : Node<decimal>
{
    public override decimal Eval(CaseFrame frame)
    {
        var a = left.Eval(frame);
        return Math.Max(a, right.Eval(frame));
    }
}

internal sealed class Clamp(Node<decimal> value, Node<decimal> low, Node<decimal> high, int site) : Node<decimal>
{
    public override decimal Eval(CaseFrame frame)
    {
        var v = value.Eval(frame);
        var l = low.Eval(frame);
        return EvaluationChecks.Clamp(v, l, high.Eval(frame), site);
    }
}

internal sealed class RoundWhole(Node<decimal> operand) : Node<decimal>
{
    public override decimal Eval(CaseFrame frame) => EvaluationChecks.RoundWhole(operand.Eval(frame));
}

internal sealed class Abs(Node<decimal> operand) : Node<decimal>
{
    public override decimal Eval(CaseFrame frame) => Math.Abs(operand.Eval(frame));
}

// ---- conditions ----

internal sealed class Not(Node<bool> operand) : Node<bool>
{
    public override bool Eval(CaseFrame frame) => !operand.Eval(frame);
}

/// <summary><c>a and b and …</c>, left to right, stopping at the first false (as nested <c>AndAlso</c>, balanced or not).</summary>
internal sealed class All(Node<bool>[] operands) : Node<bool>
{
    public override bool Eval(CaseFrame frame)
    {
        foreach (var operand in operands)
        {
            if (!operand.Eval(frame))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary><c>a or b or …</c>, left to right, stopping at the first true.</summary>
internal sealed class Any(Node<bool>[] operands) : Node<bool>
{
    public override bool Eval(CaseFrame frame)
    {
        foreach (var operand in operands)
        {
            if (operand.Eval(frame))
            {
                return true;
            }
        }

        return false;
    }
}

internal sealed class DecimalComparison<TCmp>(Node<decimal> left, Node<decimal> right) : Node<bool>
    where TCmp : struct, IComparison
{
    public override bool Eval(CaseFrame frame)
    {
        var a = left.Eval(frame);
        return TCmp.Decimals(a, right.Eval(frame));
    }
}

/// <summary>A decimal slot against a constant (<c>customer.value &gt;= 10000</c>, <c>delay &gt; 86400</c>): one node.</summary>
internal sealed class DecimalSlotComparison<TCmp>(int slot, decimal right) : Node<bool>
    where TCmp : struct, IComparison
{
    public override bool Eval(CaseFrame frame) => TCmp.Decimals(frame.Decimals[slot], right);
}

/// <summary>Any decimal expression against a constant on the right (<c>orderValue * 2 &gt; 100</c>).</summary>
internal sealed class DecimalConstantComparison<TCmp>(Node<decimal> left, decimal right) : Node<bool>
    where TCmp : struct, IComparison
{
    public override bool Eval(CaseFrame frame) => TCmp.Decimals(left.Eval(frame), right);
}

/// <summary>A constant on the left against any decimal expression (<c>10000 &lt;= customer.value</c>).</summary>
internal sealed class ConstantDecimalComparison<TCmp>(decimal left, Node<decimal> right) : Node<bool>
    where TCmp : struct, IComparison
{
    public override bool Eval(CaseFrame frame) => TCmp.Decimals(left, right.Eval(frame));
}

/// <summary>
/// A decimal comparison affine in one decimal fact (<see cref="ScaledComparison"/>, docs/design.md §24): the integer
/// comparison <c>X * factor op bound</c> of the slot's scaled value, when the case's value has one; otherwise the
/// decimal comparison it stands for.
/// </summary>
internal sealed class ScaledSlotComparison<TCmp>(int slot, long factor, long bound, Node<bool> decimals) : Node<bool>
    where TCmp : struct, IComparison
{
    public override bool Eval(CaseFrame frame)
    {
        var x = frame.Scaled[slot];
        return x != ScaledDecimal.NotScaled ? TCmp.Longs(x * factor, bound) : decimals.Eval(frame);
    }
}

internal sealed class OrdinalComparison<TCmp>(Node<int> left, Node<int> right) : Node<bool>
    where TCmp : struct, IComparison
{
    public override bool Eval(CaseFrame frame)
    {
        var a = left.Eval(frame);
        return TCmp.Ints(a, right.Eval(frame));
    }
}

/// <summary>A member slot against a member (<c>severity &gt;= major</c>): one node, an int comparison.</summary>
internal sealed class OrdinalSlotComparison<TCmp>(int slot, int right) : Node<bool>
    where TCmp : struct, IComparison
{
    public override bool Eval(CaseFrame frame) => TCmp.Ints(frame.Ordinals[slot], right);
}

/// <summary>A member against a member (<c>major &lt;= severity</c>), any member expression on the right.</summary>
internal sealed class ConstantOrdinalComparison<TCmp>(int left, Node<int> right) : Node<bool>
    where TCmp : struct, IComparison
{
    public override bool Eval(CaseFrame frame) => TCmp.Ints(left, right.Eval(frame));
}

internal sealed class OrdinalConstantComparison<TCmp>(Node<int> left, int right) : Node<bool>
    where TCmp : struct, IComparison
{
    public override bool Eval(CaseFrame frame) => TCmp.Ints(left.Eval(frame), right);
}

internal sealed class BoolComparison<TEq>(Node<bool> left, Node<bool> right) : Node<bool>
    where TEq : struct, IEquality
{
    public override bool Eval(CaseFrame frame)
    {
        var a = left.Eval(frame);
        return TEq.Bools(a, right.Eval(frame));
    }
}

internal sealed class TextComparison<TEq>(Node<string?> left, Node<string?> right) : Node<bool>
    where TEq : struct, IEquality
{
    public override bool Eval(CaseFrame frame)
    {
        var a = left.Eval(frame);
        return TEq.Texts(a, right.Eval(frame));
    }
}

/// <summary>A member in a list of members (<c>channel in [email, chat]</c>): one bit test, <c>((1 &lt;&lt; ordinal) &amp; mask) != 0</c>.</summary>
internal sealed class MemberIn(Node<int> member, ulong mask) : Node<bool>
{
    public override bool Eval(CaseFrame frame) => ((1UL << member.Eval(frame)) & mask) != 0;
}

/// <summary><see cref="MemberIn"/> on a member slot.</summary>
internal sealed class OrdinalSlotIn(int slot, ulong mask) : Node<bool>
{
    public int SlotIndex { get; } = slot;

    public ulong Mask { get; } = mask;

    public override bool Eval(CaseFrame frame) => ((1UL << frame.Ordinals[SlotIndex]) & Mask) != 0;
}

/// <summary>
/// <c>x in [a, b, …]</c> in general: the value once, then each item in turn until one is equal (as the tree's
/// balanced <c>OrElse</c> of <c>Equal</c>s).
/// </summary>
internal sealed class In<T, TEquals>(Node<T> value, Node<T>[] items) : Node<bool>
    where TEquals : struct, IItemEquality<T>
{
    public override bool Eval(CaseFrame frame)
    {
        var v = value.Eval(frame);
        foreach (var item in items)
        {
            if (TEquals.Equal(v, item.Eval(frame)))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The equality an <c>in</c> list tests with, per slot type.</summary>
internal interface IItemEquality<T>
{
    static abstract bool Equal(T left, T right);
}

internal readonly struct DecimalEquality : IItemEquality<decimal>
{
    public static bool Equal(decimal left, decimal right) => left == right;
}

internal readonly struct OrdinalEquality : IItemEquality<int>
{
    public static bool Equal(int left, int right) => left == right;
}

internal readonly struct BoolEquality : IItemEquality<bool>
{
    public static bool Equal(bool left, bool right) => left == right;
}

internal readonly struct TextEquality : IItemEquality<string?>
{
    public static bool Equal(string? left, string? right) => left == right;
}

// ---- defines ----

/// <summary>The frame's array of computed define values for one slot type.</summary>
internal interface IDefineValues<T>
{
    static abstract T[] Of(CaseFrame frame);
}

internal readonly struct DefineDecimals : IDefineValues<decimal>
{
    public static decimal[] Of(CaseFrame frame) => frame.DefineDecimals;
}

internal readonly struct DefineOrdinals : IDefineValues<int>
{
    public static int[] Of(CaseFrame frame) => frame.DefineOrdinals;
}

internal readonly struct DefineBooleans : IDefineValues<bool>
{
    public static bool[] Of(CaseFrame frame) => frame.DefineBooleans;
}

internal readonly struct DefineTexts : IDefineValues<string?>
{
    public static string?[] Of(CaseFrame frame) => frame.DefineTexts;
}

/// <summary>
/// A use of a define: <c>frame.DefinesComputed[i] ? value[i] : compute</c>, where compute evaluates the body, stores
/// the value and sets the flag, exactly as the define's program does (<see cref="DefinePrograms"/>): computed at most
/// once per evaluation, on first use, only when reached.
/// </summary>
internal sealed class DefineUse<T, TValues>(int index) : Node<T>
    where TValues : struct, IDefineValues<T>
{
    /// <summary>The body, set once the policy's defines are compiled (a define may use one compiled after it).</summary>
    public Node<T> Body { get; set; } = null!;

    public override T Eval(CaseFrame frame) =>
        frame.DefinesComputed[index] ? TValues.Of(frame)[index] : Compute(frame);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T Compute(CaseFrame frame)
    {
        var value = Body.Eval(frame);
        TValues.Of(frame)[index] = value;
        frame.DefinesComputed[index] = true;
        return value;
    }
}

// ---- decisions ----

/// <summary>
/// An amount a decision writes to its slot: a literal's, rounded once when the program is built
/// (<see cref="EvaluationChecks.TryConstantAmount"/>), or computed per case through <see cref="EvaluationChecks.Amount"/>.
/// </summary>
/// With <c>Scaled</c>, the amount's integer form is tried first (docs/design.md §29).
internal readonly record struct AmountStep(int Slot, Node<decimal>? Value, decimal Constant, int Site, ClosureScaledAmount? Scaled = null);

/// <summary>A rule of the closure program: its conditions, its amounts, whether it stops.</summary>
internal sealed class ClosureRule(int order, Node<bool>[] conditions, AmountStep[] amounts, bool stop, int firstCondition)
{
    public int Order { get; } = order;

    public Node<bool>[] Conditions { get; } = conditions;

    public AmountStep[] Amounts { get; } = amounts;

    public bool Stop { get; } = stop;

    public int FirstCondition { get; } = firstCondition;
}
