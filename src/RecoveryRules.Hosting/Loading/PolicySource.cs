using System.Collections.Immutable;
using System.Text;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml;

namespace RecoveryRules.Hosting.Loading;

/// <summary>Where a policy's YAML comes from: a file (which can be watched), a string or a stream (docs/embedding.md, "Register").</summary>
internal abstract class PolicySource
{
    private PolicySource(string name, string path)
    {
        Name = name;
        Path = path;
    }

    /// <summary>The policy name.</summary>
    public string Name { get; }

    /// <summary>The path as given: what diagnostics and <see cref="PolicyStatus.Source"/> print.</summary>
    public string Path { get; }

    /// <summary>
    /// The full path of the file, when the source is a file: what is watched, with the <c>.editorconfig</c> files of its
    /// folder and every folder above when the reader options read them (docs/embedding.md, "Reload").
    /// </summary>
    public virtual string? FullPath => null;

    /// <summary>Reads and compiles the policy. Never throws for bad YAML or a file that cannot be read (a diagnostic).</summary>
    /// <param name="options">The policy options.</param>
    /// <param name="readerOptions">The reader's limits, and whether a file's <c>.editorconfig</c> files are read.</param>
    /// <returns>The compilation result, or a failure line when the source could not be read at all.</returns>
    public abstract PolicyLoad Compile(RecoveryPolicyOptions options, PolicyReaderOptions readerOptions);

    /// <summary>The policy name of a file: its name without <c>.policy.yaml</c>, <c>.policy.yml</c>, <c>.yaml</c> or <c>.yml</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The name.</returns>
    public static string NameOfFile(string path)
    {
        string file = System.IO.Path.GetFileName(path);
        foreach (string suffix in (ReadOnlySpan<string>)[".policy.yaml", ".policy.yml", ".yaml", ".yml"])
        {
            if (file.Length > suffix.Length && file.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return file[..^suffix.Length];
            }
        }

        return file;
    }

    public static PolicySource FromFile(string path, string name) => new FileSource(name, path);

    public static PolicySource FromText(string name, string yaml, string path) => new TextSource(name, yaml, path);

    public static PolicySource FromStream(string name, Func<Stream> open, string path) => new StreamSource(name, open, path);

    private sealed class FileSource(string name, string path) : PolicySource(name, path)
    {
        public override string FullPath { get; } = System.IO.Path.GetFullPath(path);

        public override PolicyLoad Compile(RecoveryPolicyOptions options, PolicyReaderOptions readerOptions) =>
            new(PolicyYaml.CompileFile(Path, readerOptions, options), null);
    }

    private sealed class TextSource(string name, string yaml, string path) : PolicySource(name, path)
    {
        public override PolicyLoad Compile(RecoveryPolicyOptions options, PolicyReaderOptions readerOptions) =>
            new(PolicyYaml.Compile(yaml, Path, readerOptions, options), null);
    }

    private sealed class StreamSource(string name, Func<Stream> open, string path) : PolicySource(name, path)
    {
        public override PolicyLoad Compile(RecoveryPolicyOptions options, PolicyReaderOptions readerOptions)
        {
            string yaml;
            try
            {
                using Stream stream = open() ?? throw new InvalidOperationException("the stream factory returned null");
                using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                yaml = reader.ReadToEnd();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException or ObjectDisposedException)
            {
                return new PolicyLoad(null, $"{Path}: error: policy '{Name}': the stream could not be read: {exception.Message}");
            }

            return new PolicyLoad(PolicyYaml.Compile(yaml, Path, readerOptions, options), null);
        }
    }
}

/// <summary>A compilation result, or why the source could not even be read.</summary>
/// <param name="Result">The compilation result.</param>
/// <param name="ReadFailure">The failure line when the source could not be read.</param>
internal sealed record PolicyLoad(PolicyCompilationResult? Result, string? ReadFailure)
{
    /// <summary>The errors of the result (empty when it has none, or when reading failed).</summary>
    public ImmutableArray<Diagnostic> Errors => Result is null ? [] : [.. Result.Diagnostics.Where(d => d.IsError)];
}
