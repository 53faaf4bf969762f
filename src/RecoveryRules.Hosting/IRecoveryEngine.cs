using System.Diagnostics.CodeAnalysis;

namespace RecoveryRules.Hosting;

/// <summary>
/// The recovery engine of a host: every registered policy by name, each case evaluated by the policy in
/// service now. A thread-safe singleton; a reload swaps an immutable snapshot of the policy and its case
/// mappings atomically, and every call runs whole on the snapshot it started with
/// (docs/embedding.md, "Reload"). Each decision names the policy hash it used (<see cref="Decision.Policy"/>).
/// </summary>
public interface IRecoveryEngine
{
    /// <summary>The state of every registered policy, in registration order.</summary>
    IReadOnlyList<PolicyStatus> Policies { get; }

    /// <summary>Maps <paramref name="source"/> with its <c>MapCase</c> mapping and evaluates it.</summary>
    /// <typeparam name="TSource">The host's own type, mapped with <c>MapCase&lt;TSource&gt;</c>.</typeparam>
    /// <param name="source">The host's object (a CRM ticket).</param>
    /// <param name="policy">The policy name; <see langword="null"/> for the default policy.</param>
    /// <returns>The decision; its <see cref="Decision.Policy"/> names the policy hash that made it.</returns>
    /// <exception cref="CaseException">The mapped case is not a valid case for the policy (a case error).</exception>
    /// <exception cref="ArgumentException">No policy has the name <paramref name="policy"/>.</exception>
    /// <exception cref="InvalidOperationException"><typeparamref name="TSource"/> has no mapping.</exception>
    Decision Evaluate<TSource>(TSource source, string? policy = null);

    /// <summary>Maps <paramref name="source"/> and evaluates it; a case error is a value, not an exception.</summary>
    /// <typeparam name="TSource">The host's own type, mapped with <c>MapCase&lt;TSource&gt;</c>.</typeparam>
    /// <param name="source">The host's object (a CRM ticket).</param>
    /// <param name="decision">The decision, when the case is valid.</param>
    /// <param name="error">The case error, when it is not.</param>
    /// <param name="policy">The policy name; <see langword="null"/> for the default policy.</param>
    /// <returns><see langword="true"/> for a decision, <see langword="false"/> for a case error.</returns>
    /// <exception cref="ArgumentException">No policy has the name <paramref name="policy"/>.</exception>
    /// <exception cref="InvalidOperationException"><typeparamref name="TSource"/> has no mapping.</exception>
    bool TryEvaluate<TSource>(TSource source, [NotNullWhen(true)] out Decision? decision,
        [NotNullWhen(false)] out CaseError? error, string? policy = null);

    /// <summary>Reads a case from JSON and evaluates it; bad JSON is a case error in the result, never an exception.</summary>
    /// <param name="json">The case as JSON (docs/policy-language.md).</param>
    /// <param name="policy">The policy name; <see langword="null"/> for the default policy.</param>
    /// <returns>The decision or the case error.</returns>
    /// <exception cref="ArgumentException">No policy has the name <paramref name="policy"/>.</exception>
    CaseResult EvaluateJson(string json, string? policy = null);

    /// <summary>The compiled policy in service now under <paramref name="name"/>.</summary>
    /// <param name="name">The policy name; <see langword="null"/> for the default policy.</param>
    /// <returns>The policy; a later reload does not change it (it is immutable).</returns>
    /// <exception cref="ArgumentException">No policy has the name <paramref name="name"/>.</exception>
    RecoveryPolicy GetPolicy(string? name = null);
}
