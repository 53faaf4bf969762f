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
    /// The YAML reader's options for every policy file and shadow candidate: its limits and whether it reads the
    /// <c>.editorconfig</c> files beside and above each file (<see cref="PolicyReaderOptions.ReadEditorConfig"/>).
    /// Default <see cref="PolicyReaderOptions.Default"/>: the files are read and, with <c>WatchForChanges</c>, watched
    /// with the policy; with <see cref="PolicyReaderOptions.ReadEditorConfig"/> off neither (docs/embedding.md, "Reload").
    /// </summary>
    public PolicyReaderOptions ReaderOptions { get; set; } = PolicyReaderOptions.Default;
}
