using System.Collections.Immutable;
using RecoveryRules.Diagnostics;
using RecoveryRules.Symbols;
using RecoveryRules.Syntax;

namespace RecoveryRules.Binding;

// Binder.Functions: calls of the built-in functions, declared once in Symbols/BuiltInFunctions.
// There is no other way to call anything: a policy cannot reach .NET.
internal sealed partial class Binder
{
    private BoundExpression BindCall(CallExpressionSyntax syntax)
    {
        var name = syntax.Name.Text;
        var function = BuiltInFunctions.Find(name);
        if (function is null)
        {
            Report(RecoveryDiagnostics.UnknownFunction, syntax.Name, name, Suggestions.DidYouMean(name, BuiltInFunctions.Names), BuiltInFunctions.NameList);
            return new BoundErrorExpression(syntax);
        }

        var count = syntax.Arguments.Length;
        if (!function.Accepts(count))
        {
            Report(RecoveryDiagnostics.WrongArgumentCount, syntax, name, function.Arity, count);
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

        if (function.Kind == BuiltInFunctionKind.Round && type.Kind == TypeKind.Duration)
        {
            Report(RecoveryDiagnostics.TypeMismatch, syntax.Arguments[0], "The argument of 'round'", "a number or money", type, " (use .minutes, .hours or .days to turn a duration into a number)");
            return new BoundErrorExpression(syntax);
        }

        var site = function.Kind == BuiltInFunctionKind.Clamp ? _scope.AddSite($"{_context}: '{Text(syntax)}'", Locate(syntax)) : -1;
        return new BoundCall(syntax, function.Kind, arguments, type, site);
    }
}
