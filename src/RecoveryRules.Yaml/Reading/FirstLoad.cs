using System.Security.Cryptography;

namespace RecoveryRules.Yaml.Reading;

// The two costs of a process's first load that do not depend on the policy, started on the thread pool when that
// load begins, so that they run on a second core while this thread reads the file and scans the YAML
// (docs/performance.md, "Where the time goes in a fresh process"): YamlDotNet's default tag directives, whose static
// constructor builds a RegexOptions.Compiled regex (Reflection.Emit and a full JIT), and the first SHA256.HashData,
// which loads OpenSSL. Both are static initialisation of the runtime's and YamlDotNet's own: if the load gets there
// first it waits for the class constructor or the library load to finish, as it would on any thread, and uses the
// same values, so nothing the load computes can differ. Started once per process; a failure here is left for the
// load to meet (and report) itself.
internal static class FirstLoad
{
    private static int _started;

    public static void Begin()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => Warm(), null);
        }
    }

    private static void Warm()
    {
        try
        {
            // Needed first: the parser adds these at the start of the document.
            _ = YamlDotNet.Core.Constants.DefaultTagDirectives;
            SHA256.HashData(ReadOnlySpan<byte>.Empty);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The load itself calls both and reports what fails there.
        }
    }
}
