using RecoveryRules.Diagnostics;
using RecoveryRules.Parsing;

namespace RecoveryRules.Binding;

// Binder.Constants: computes, once per node, the value of arithmetic whose operands are all known
// at load time, so that '79228162514264337593543950335 + 1' is a load-time error at the
// expression (RR0216) instead of a case error for every case. The bound tree is not rewritten:
// the hash and the explanation still see what the author wrote.
internal sealed partial class Binder
{
    /// <summary>
    /// Returns <paramref name="node"/> with its <see cref="BoundExpression.Constant"/> when its
    /// operands are constants, or reports RR0216 and returns an error node when that value overflows.
    /// </summary>
    private BoundExpression Fold(BoundExpression node)
    {
        decimal? value;
        try
        {
            value = node switch
            {
                BoundBinary { Left.Constant: { } l, Right.Constant: { } r } binary => binary.Operator switch
                {
                    BoundBinaryOperator.Add => l + r,
                    BoundBinaryOperator.Subtract => l - r,
                    BoundBinaryOperator.Multiply => l * r,

                    // As the emitter computes it: a literal percent is one factor (10% of x is x * 0.1).
                    BoundBinaryOperator.PercentOf when binary.Left is BoundLiteral => l == 100m ? r : r * (l / 100m),
                    BoundBinaryOperator.PercentOf => r * l / 100m,
                    _ => null,
                },

                BoundDivision { Left.Constant: { } l, Right.Constant: { } r } when r != 0 => l / r,
                BoundUnary { Operator: BoundUnaryOperator.Negate, Operand.Constant: { } operand } => -operand,
                _ => null,
            };
        }
        catch (OverflowException)
        {
            Report(RecoveryDiagnostics.ConstantOverflow, node.Syntax, Text(node.Syntax), Lexer.MaxNumberText);
            return new BoundErrorExpression(node.Syntax);
        }

        node.Constant = value;
        return node;
    }
}
