using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RecoveryRules.Yaml.Reading;

// The costs of a process's first load (and first case) that do not depend on the policy, started on a background
// thread when that load begins, so that they run on a second core while this thread reads the file and scans the YAML
// (docs/design.md §23; docs/performance.md, "Where the time goes in a fresh process", "The first decision, second
// pass"): YamlDotNet's default tag directives, whose static constructor builds a RegexOptions.Compiled regex
// (Reflection.Emit and a full JIT); the first SHA256.HashData, which loads OpenSSL; the JSON writer's default escaping,
// which the canonical form needs (its first escaped character builds the default JavaScriptEncoder's tables); and the
// JSON document reader, which reads the process's first case (RecoveryPolicy.IsFirstCaseOfProcess). All are static
// initialisation of the runtime's and YamlDotNet's own: if the load gets there first it waits for the class
// constructor or the library load to finish, as it would on any thread, and uses the same values, so nothing the load
// computes can differ. Started once per process; a failure here is left for the load to meet (and report) itself.
internal static class FirstLoad
{
    private static int _started;

    public static void Begin()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        if (OperatingSystem.IsBrowser() || OperatingSystem.IsWasi())
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => Warm(), null);
            return;
        }

        // A thread of its own rather than the thread pool: the pool's first work item starts the pool (its worker and
        // gate threads, its queues), about 10 ms on this thread before the load could go on; a thread costs about half
        // that, and nothing else on the way to the first decision needs the pool.
        new Thread(static () => Warm()) { IsBackground = true, Name = ".NET RecoveryRules first load" }.UnsafeStart();
    }

    private static void Warm()
    {
        try
        {
            // Needed first: the parser adds these at the start of the document.
            _ = YamlDotNet.Core.Constants.DefaultTagDirectives;
            SHA256.HashData(ReadOnlySpan<byte>.Empty);
            _ = JavaScriptEncoder.Default.FindFirstCharacterToEncodeUtf8("<"u8);
            using (var writer = new Utf8JsonWriter(Stream.Null))
            {
                writer.WriteStringValue("<");
            }

            using var document = JsonDocument.Parse("""{"id":"c","fact":"a","amount":1.5,"nested":{"flag":true}}"""u8.ToArray());
            foreach (var property in document.RootElement.EnumerateObject())
            {
                _ = property.Value.ValueKind;
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The load itself calls each of these and reports what fails there.
        }
    }
}
