using System.Linq.Expressions;

namespace RecoveryRules;

/// <summary>
/// The text that names a mapping in diagnostics and case errors: the lambda as .NET prints it
/// (<c>t =&gt; t.Order.Total</c>), without the conversion the compiler puts around the body to fit the
/// overload (an int widened to <c>long?</c>, an enum to <c>TEnum?</c>), which the host never wrote.
/// </summary>
internal static class MappingText
{
    public static string Of(LambdaExpression lambda)
    {
        var body = lambda.Body;
        while (body is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked, Method: null } convert)
        {
            body = convert.Operand;
        }

        var parameters = lambda.Parameters.Count == 1 ? lambda.Parameters[0].Name : "(" + string.Join(", ", lambda.Parameters.Select(p => p.Name)) + ")";
        return parameters + " => " + body;
    }
}
