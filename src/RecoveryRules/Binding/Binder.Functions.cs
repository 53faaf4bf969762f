using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;

namespace RecoveryRules.Binding;

// Binder.Functions: the five functions of the language, min max clamp round abs. There is no
// other way to call anything: a policy cannot reach .NET.
internal sealed partial class Binder
{
    private static readonly string[] FunctionNames = ["min", "max", "clamp", "round", "abs"];

    private BoundExpression BindCall(CallExpressionSyntax syntax)
    {
        var name = syntax.Name.Text;
        BoundFunction? function = name switch
        {
            "min" => BoundFunction.Min,
            "max" => BoundFunction.Max,
            "clamp" => BoundFunction.Clamp,
            "round" => BoundFunction.Round,
            "abs" => BoundFunction.Abs,
            _ => null,
        };
        if (function is null)
        {
            Report(RecoveryDiagnostics.UnknownFunction, syntax.Name, name, Suggestions.DidYouMean(name, FunctionNames));
            return new BoundErrorExpression(syntax);
        }

        var count = syntax.Arguments.Length;
        var (arity, ok) = function switch
        {
            BoundFunction.Min or BoundFunction.Max => ("one or more arguments", count >= 1),
            BoundFunction.Clamp => ("three arguments (x, low, high)", count == 3),
            _ => ("one argument", count == 1),
        };
        if (!ok)
        {
            Report(RecoveryDiagnostics.WrongArgumentCount, syntax, name, arity, count);
            return new BoundErrorExpression(syntax);
        }

        var arguments = syntax.Arguments.Select(a => BindExpression(a)).ToImmutableArray();
        if (arguments.Any(a => a.HasErrors))
        {
            return new BoundErrorExpression(syntax);
        }

        foreach (var argument in arguments)
        {
            if (argument.Type.Kind == TypeKind.Percent)
            {
                Report(RecoveryDiagnostics.PercentOutsideOf, argument.Syntax, (argument.Syntax as LiteralExpressionSyntax)?.Token.Text ?? "20%");
                return new BoundErrorExpression(syntax);
            }

            if (argument.Type.Kind is not (TypeKind.Number or TypeKind.Money or TypeKind.Duration))
            {
                Report(RecoveryDiagnostics.TypeMismatch, argument.Syntax, $"An argument of '{name}'", "a number, money or a duration", argument.Type, MemberHint(argument));
                return new BoundErrorExpression(syntax);
            }
        }

        var type = arguments[0].Type;
        for (var i = 1; i < arguments.Length; i++)
        {
            var unified = UnifyNumeric(type, arguments[i].Type, syntax.Arguments[i], out _, function: name);
            if (unified is null)
            {
                return new BoundErrorExpression(syntax);
            }

            type = unified;
        }

        if (function == BoundFunction.Round && type.Kind == TypeKind.Duration)
        {
            Report(RecoveryDiagnostics.TypeMismatch, syntax.Arguments[0], "The argument of 'round'", "a number or money", type, " (use .minutes, .hours or .days to turn a duration into a number)");
            return new BoundErrorExpression(syntax);
        }

        var site = function == BoundFunction.Clamp ? _scope.AddSite($"{_context}: '{Text(syntax)}'", Locate(syntax)) : -1;
        return new BoundCall(syntax, function.Value, arguments, type, site);
    }
}
