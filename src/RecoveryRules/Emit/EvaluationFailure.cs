using RecoveryRules.Diagnostics;

namespace RecoveryRules.Emit;

/// <summary>Raised by the compiled program when a case's values make an expression fail (a division by zero, a negative amount); turned into a case error by the evaluator, never seen by callers.</summary>
internal sealed class EvaluationFailure(DiagnosticDescriptor descriptor, int site, params object?[] arguments) : Exception(descriptor.Id)
{
    public DiagnosticDescriptor Descriptor { get; } = descriptor;

    public int Site { get; } = site;

    public object?[] Arguments { get; } = arguments;
}
