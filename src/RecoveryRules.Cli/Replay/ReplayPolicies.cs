using RecoveryRules.Cli.Output;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Replay;

/// <summary>
/// The policies a replay re-evaluates with (docs/cli.md, "replay"): one policy for every record (<c>--policy</c>),
/// or, with <c>--policy-dir</c>, every <c>*.policy.yaml</c> of a folder, each record replayed under the one whose
/// hash it recorded. Loaded whole before any record is read: a policy with errors replays nothing.
/// </summary>
internal sealed class ReplayPolicies
{
    private readonly Dictionary<string, RecoveryPolicy> _byHash;
    private readonly List<RecoveryPolicy> _versions;

    private ReplayPolicies(RecoveryPolicy? single, List<RecoveryPolicy> versions, string? directory)
    {
        Single = single;
        _versions = versions;
        _byHash = versions.ToDictionary(policy => policy.Identity.Hash, StringComparer.Ordinal);
        Directory = directory;
    }

    /// <summary>The one policy of <c>--policy</c>; <c>null</c> with <c>--policy-dir</c>.</summary>
    public RecoveryPolicy? Single { get; }

    /// <summary>The folder of <c>--policy-dir</c>, as given; <c>null</c> with <c>--policy</c>.</summary>
    public string? Directory { get; }

    /// <summary>The distinct policies (by hash) of <c>--policy-dir</c>, in file-name order.</summary>
    public IReadOnlyList<RecoveryPolicy> Versions => _versions;

    /// <summary>
    /// The policy to replay a record with: the single policy whatever the record's hash, or the folder's policy
    /// with the record's hash (<c>null</c>: none has it).
    /// </summary>
    public RecoveryPolicy? For(PolicyIdentity recorded) =>
        Single ?? (_byHash.TryGetValue(recorded.Hash, out var policy) ? policy : null);

    /// <summary>Loads one policy file; its errors go to stderr and fail the command (exit 2), its warnings go to stderr.</summary>
    /// <exception cref="CommandFailedException">The policy has errors.</exception>
    public static ReplayPolicies LoadFile(string path, StandardStreams streams) =>
        new(Load(path, streams), [], null);

    /// <summary>Loads every <c>*.policy.yaml</c> directly in a folder (not below it), in ordinal file-name order.</summary>
    /// <exception cref="CommandFailedException">The folder is missing or holds no policy, or a policy has errors.</exception>
    public static ReplayPolicies LoadDirectory(string directory, StandardStreams streams)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new CommandFailedException(File.Exists(directory)
                ? $"--policy-dir {directory} is a file; give the folder that holds the *.policy.yaml versions (or --policy for one file)."
                : $"--policy-dir {directory}: no such folder.");
        }

        string[] files;
        try
        {
            files = System.IO.Directory.GetFiles(directory, "*.policy.yaml", SearchOption.TopDirectoryOnly);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"cannot read the folder {directory}: {exception.Message}", ExitCodes.Unusable, exception);
        }

        if (files.Length == 0)
        {
            throw new CommandFailedException($"--policy-dir {directory} holds no *.policy.yaml file.");
        }

        Array.Sort(files, StringComparer.Ordinal);
        var versions = new List<RecoveryPolicy>();
        var failed = new List<string>();
        foreach (var file in files)
        {
            if (TryLoad(file, streams) is { } policy)
            {
                // Two files with one hash have the same canonical content: either replays the same.
                if (!versions.Exists(version => version.Identity.Hash == policy.Identity.Hash))
                {
                    versions.Add(policy);
                }
            }
            else
            {
                failed.Add(file);
            }
        }

        if (failed.Count > 0)
        {
            throw new CommandFailedException(
                $"{failed.Count} of the {files.Length} policies in {directory} {(failed.Count == 1 ? "has" : "have")} errors ({string.Join(", ", failed)}); no record was replayed.");
        }

        return new ReplayPolicies(null, versions, directory);
    }

    private static RecoveryPolicy Load(string path, StandardStreams streams)
    {
        if (TryLoad(path, streams) is { } policy)
        {
            return policy;
        }

        throw new CommandFailedException($"the policy {path} has errors; no record was replayed.");
    }

    private static RecoveryPolicy? TryLoad(string path, StandardStreams streams)
    {
        var compiled = PolicyYaml.CompileFile(path);
        if (compiled.Policy is { } policy)
        {
            DiagnosticLines.Write(streams.Error, compiled.Diagnostics, path, DiagnosticSeverity.Warning);
            return policy;
        }

        DiagnosticLines.Write(streams.Error, compiled.Diagnostics, path);
        return null;
    }
}
