namespace RecoveryRules.Yaml;

/// <summary>
/// The limits the YAML reader applies to a policy document, so that a hostile or broken file
/// fails fast with a diagnostic instead of exhausting memory or the stack.
/// </summary>
public sealed record PolicyReaderOptions
{
    /// <summary>The default limits: 1 048 576 characters and 64 levels of nesting.</summary>
    public static PolicyReaderOptions Default { get; } = new();

    /// <summary>
    /// The longest document accepted, in characters (UTF-16 code units). A longer document is
    /// reported as RR0002 and not read at all. The default is 1 048 576.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public int MaxDocumentLength
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 1_048_576;

    /// <summary>
    /// The deepest nesting of lists and mappings accepted; the document's root mapping is level 1.
    /// The first list or mapping deeper than this is reported as RR0003 and reading stops.
    /// The default is 64.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public int MaxDepth
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 64;

    /// <summary>
    /// Whether <see cref="PolicyYaml.CompileFile"/> (and <see cref="PolicyYaml.LoadFile"/>) read the
    /// <c>.editorconfig</c> files beside and above the policy file for analyzer severities
    /// (<c>recoveryrules_diagnostic.RRnnnn.severity</c>, docs/policy-language.md, "Severity configuration").
    /// On by default, as editors and compilers read them; a host that wants a policy to load the same
    /// wherever its file lies turns it off. <see cref="PolicyYaml.Compile"/> never reads files: its path only
    /// names the text.
    /// </summary>
    public bool ReadEditorConfig { get; init; } = true;
}
