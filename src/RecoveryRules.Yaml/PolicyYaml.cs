using RecoveryRules.Compilation;
using RecoveryRules.Diagnostics;
using RecoveryRules.Text;
using RecoveryRules.Yaml.EditorConfig;
using RecoveryRules.Yaml.Reading;

namespace RecoveryRules.Yaml;

/// <summary>
/// The front door for policies written in YAML (<c>*.policy.yaml</c>): reads the text with
/// positions, reports every problem as a diagnostic with its file, line and column, and compiles
/// the policy when there is no error.
/// </summary>
public static class PolicyYaml
{
    /// <summary>
    /// Compiles a policy from YAML text. No file is read: <paramref name="path"/> only names the text, so
    /// no <c>.editorconfig</c> applies (<see cref="CompileFile"/> reads them).
    /// </summary>
    /// <param name="yaml">The policy text.</param>
    /// <param name="path">The path to report in diagnostics.</param>
    /// <param name="readerOptions">Limits of the YAML reader; <see cref="PolicyReaderOptions.Default"/> when <c>null</c>.</param>
    /// <param name="policyOptions">Options of the compiled policy (its clock); the defaults when <c>null</c>.</param>
    /// <returns>The policy when there is no error, and every diagnostic.</returns>
    public static PolicyCompilationResult Compile(string yaml, string path = "policy.yaml", PolicyReaderOptions? readerOptions = null, RecoveryPolicyOptions? policyOptions = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(path);
        FirstLoad.Begin();
        return CompileText(yaml, path, readerOptions ?? PolicyReaderOptions.Default, policyOptions, editorConfig: false);
    }

    private static PolicyCompilationResult CompileText(string yaml, string path, PolicyReaderOptions readerOptions, RecoveryPolicyOptions? policyOptions, bool editorConfig)
    {
        var diagnostics = new DiagnosticBag();
        var syntax = YamlPolicyReader.Read(path, yaml, readerOptions, diagnostics);
        if (!editorConfig)
        {
            return Observed(yaml, PolicyCompiler.Compile(syntax, diagnostics, policyOptions));
        }

        var read = new List<EditorConfigText>();
        syntax = syntax with { EditorConfigSettings = EditorConfigFiles.Find(path, readerOptions, diagnostics, read) };
        var result = PolicyCompiler.Compile(syntax, diagnostics, policyOptions);

        // Each diagnostic lies inside the text of its own file: the policy's, or an .editorconfig's.
        var elsewhere = read.Select(file => file.Path).ToHashSet(StringComparer.Ordinal);
        DiagnosticLocations.Observe(yaml, () => [.. result.Diagnostics.Where(d => !elsewhere.Contains(d.Location.Path))]);
        foreach (var file in read)
        {
            DiagnosticLocations.Observe(file.Text, () => [.. result.Diagnostics.Where(d => d.Location.Path == file.Path)]);
        }

        return result;
    }

    /// <summary>
    /// Compiles a policy from a YAML file. A file that cannot be read is reported as a diagnostic, not thrown.
    /// Unless <see cref="PolicyReaderOptions.ReadEditorConfig"/> is off, the <c>.editorconfig</c> files beside
    /// and above the file give analyzer severities (docs/policy-language.md, "Severity configuration"); their
    /// problems are reported at their own path, line and column.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <param name="readerOptions">Limits of the YAML reader.</param>
    /// <param name="policyOptions">Options of the compiled policy.</param>
    /// <returns>The policy when there is no error, and every diagnostic.</returns>
    public static PolicyCompilationResult CompileFile(string path, PolicyReaderOptions? readerOptions = null, RecoveryPolicyOptions? policyOptions = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        FirstLoad.Begin();
        var options = readerOptions ?? PolicyReaderOptions.Default;
        string text;
        if (Directory.Exists(path))
        {
            var bag = new DiagnosticBag();
            bag.Add(RecoveryDiagnostics.InvalidDocument, new SourceLocation(path, default), "This is a directory, not a policy file; name the *.policy.yaml file");
            return Observed(string.Empty, PolicyCompiler.Compile(EmptySyntax(path), bag, policyOptions));
        }

        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > (long)options.MaxDocumentLength * 4)
            {
                var bag = new DiagnosticBag();
                bag.Add(RecoveryDiagnostics.DocumentTooLarge, new SourceLocation(path, default), info.Length, options.MaxDocumentLength);
                return Observed(string.Empty, PolicyCompiler.Compile(EmptySyntax(path), bag, policyOptions));
            }

            text = File.ReadAllText(path);
            if (text.StartsWith('\uFEFF'))
            {
                // ReadAllText dropped the byte order mark; a second one is content, as in the text the
                // file holds. Put the first back for the reader to skip, so the file reads like its text.
                text = "\uFEFF" + text;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var bag = new DiagnosticBag();
            bag.Add(RecoveryDiagnostics.InvalidDocument, new SourceLocation(path, default), $"The file cannot be read: {exception.Message}");
            return Observed(string.Empty, PolicyCompiler.Compile(EmptySyntax(path), bag, policyOptions));
        }

        return CompileText(text, path, options, policyOptions, options.ReadEditorConfig);
    }

    /// <summary>Loads a policy from YAML text, throwing when it has errors.</summary>
    /// <param name="yaml">The policy text.</param>
    /// <param name="path">The path to report in diagnostics.</param>
    /// <param name="policyOptions">Options of the compiled policy.</param>
    /// <returns>The compiled policy.</returns>
    /// <exception cref="PolicyCompilationException">The policy has errors; the exception carries every diagnostic.</exception>
    public static RecoveryPolicy Load(string yaml, string path = "policy.yaml", RecoveryPolicyOptions? policyOptions = null) =>
        Compile(yaml, path, null, policyOptions).GetPolicyOrThrow();

    /// <summary>Loads a policy from a YAML file, throwing when it has errors; reads <c>.editorconfig</c> files as <see cref="CompileFile"/> does.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="policyOptions">Options of the compiled policy.</param>
    /// <returns>The compiled policy.</returns>
    /// <exception cref="PolicyCompilationException">The policy has errors (or the file cannot be read); the exception carries every diagnostic.</exception>
    public static RecoveryPolicy LoadFile(string path, RecoveryPolicyOptions? policyOptions = null) =>
        CompileFile(path, null, policyOptions).GetPolicyOrThrow();

    // Every diagnostic lies inside its text (docs/design.md §4); test assemblies check it here.
    private static PolicyCompilationResult Observed(string text, PolicyCompilationResult result)
    {
        DiagnosticLocations.Observe(text, () => result.Diagnostics);
        return result;
    }

    private static Syntax.PolicySyntax EmptySyntax(string path) =>
        new() { Path = path, Location = new SourceLocation(path, default) };
}
