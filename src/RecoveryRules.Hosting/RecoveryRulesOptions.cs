using RecoveryRules.Yaml;

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

    /// <summary>
    /// The YAML reader's options for every policy: <see cref="PolicyReaderOptions.Default"/>, so policy files read the
    /// <c>.editorconfig</c> files beside and above them, and those files are watched with them (docs/embedding.md,
    /// "Reload"). Internal: no host sets it yet; the tests turn <see cref="PolicyReaderOptions.ReadEditorConfig"/> off.
    /// </summary>
    internal PolicyReaderOptions ReaderOptions { get; set; } = PolicyReaderOptions.Default;
}
