namespace RecoveryRules.Hosting;

/// <summary>Options of every policy of a host (the Options pattern; set with <see cref="RecoveryRulesBuilder.Configure"/>).</summary>
public sealed class RecoveryRulesOptions
{
    /// <summary>Whether each decision carries its explanation (<see cref="Decision.Explanation"/>). Default <see langword="false"/>.</summary>
    public bool Explain { get; set; }

    /// <summary>
    /// The clock of every policy (the moment of each evaluation, a case's delay from <c>occurredAt</c>) and of
    /// the reload debounce. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
