using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Crm.Api.Load;

/// <summary>What a load run does.</summary>
/// <param name="BaseAddress">The service, e.g. <c>http://127.0.0.1:5080/</c> (loopback only).</param>
/// <param name="Duration">How long to send requests and measure; with the warm-up, at most <see cref="LoadRun.MaxDuration"/>.</param>
/// <param name="Connections">Requests in flight at once (one connection each).</param>
/// <param name="EditPath">A policy file the service watches: at half time its <c>version:</c> is changed (a hot reload
/// in the middle of the run), and put back after the run. Null: no reload.</param>
/// <param name="Warmup">How long to send requests first without measuring them (the service's JIT and tiered
/// compilation warm up); their non-2xx responses and errors still count.</param>
public sealed record LoadOptions(Uri BaseAddress, TimeSpan Duration, int Connections, string? EditPath, TimeSpan Warmup = default);

/// <summary>What a load run measured.</summary>
/// <param name="Requests">Responses received.</param>
/// <param name="NonSuccess">Responses whose status was not 2xx.</param>
/// <param name="TransportErrors">Requests that got no response (refused, reset, timed out).</param>
/// <param name="Elapsed">From the first request sent to the last response.</param>
/// <param name="Latencies">Every response's latency, sorted.</param>
/// <param name="Statuses">Responses by status code.</param>
/// <param name="Hashes">Decisions by the policy (id and hash) they name, in the order first seen.</param>
/// <param name="EditedAt">When the policy file was edited, from the start; null without an edit.</param>
/// <param name="NewHashAt">When the first decision with a hash not seen before the edit came back, from the start.</param>
/// <param name="AfterEdit">Responses received after the edit (with an edit).</param>
/// <param name="SlowestAt">When the slowest response came back, from the start.</param>
/// <param name="WarmupRequests">Responses during the warm-up (not measured).</param>
/// <param name="WarmupFailures">Non-2xx responses and errors during the warm-up.</param>
public sealed record LoadReport(
    long Requests,
    long NonSuccess,
    long TransportErrors,
    TimeSpan Elapsed,
    IReadOnlyList<TimeSpan> Latencies,
    IReadOnlyDictionary<int, long> Statuses,
    IReadOnlyList<KeyValuePair<string, long>> Hashes,
    TimeSpan? EditedAt,
    TimeSpan? NewHashAt,
    long AfterEdit = 0,
    TimeSpan SlowestAt = default,
    long WarmupRequests = 0,
    long WarmupFailures = 0)
{
    /// <summary>Responses per second.</summary>
    public double Throughput => Elapsed > TimeSpan.Zero ? Requests / Elapsed.TotalSeconds : 0;

    /// <summary>The latency below which the given share of responses came back (nearest rank).</summary>
    /// <param name="quantile">From 0 to 1: 0.99 for p99.</param>
    /// <returns>The latency, or zero without responses.</returns>
    public TimeSpan Percentile(double quantile) =>
        Latencies.Count == 0 ? TimeSpan.Zero : Latencies[Math.Clamp((int)Math.Ceiling(quantile * Latencies.Count) - 1, 0, Latencies.Count - 1)];

    /// <summary>Zero non-2xx, zero transport errors, and (with an edit) the new hash served.</summary>
    public bool Passed => Requests > 0 && NonSuccess == 0 && TransportErrors == 0 && WarmupFailures == 0 && (EditedAt is null || NewHashAt is not null);

    /// <summary>The report as text, one fact a line.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        if (WarmupRequests > 0)
        {
            text.AppendLine(invariant, $"warm-up       {WarmupRequests} requests, not measured; {WarmupFailures} non-2xx or errors");
        }

        text.AppendLine(invariant, $"requests      {Requests} in {Elapsed.TotalSeconds:F1} s: {Throughput:F0} requests/s");
        text.AppendLine(invariant, $"latency       p50 {Ms(Percentile(0.50))}, p90 {Ms(Percentile(0.90))}, p99 {Ms(Percentile(0.99))}, p99.9 {Ms(Percentile(0.999))}, max {Ms(Percentile(1))} (at {SlowestAt.TotalSeconds:F1} s)");
        text.AppendLine(invariant, $"statuses      {string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        text.AppendLine(invariant, $"non-2xx       {NonSuccess}");
        text.AppendLine(invariant, $"errors        {TransportErrors} (no response)");
        foreach (var (hash, count) in Hashes)
        {
            text.AppendLine(invariant, $"policy        {hash}: {count} decisions");
        }

        if (EditedAt is { } edited)
        {
            double before = edited.TotalSeconds, after = (Elapsed - edited).TotalSeconds;
            text.AppendLine(invariant, $"halves        before the edit {Requests - AfterEdit} in {before:F1} s ({(Requests - AfterEdit) / before:F0}/s), after it {AfterEdit} in {after:F1} s ({AfterEdit / after:F0}/s)");
            text.Append(invariant, $"reload        policy edited at {edited.TotalSeconds:F1} s; ");
            text.AppendLine(NewHashAt is { } seen
                ? string.Create(invariant, $"first decision with the new hash at {seen.TotalSeconds:F2} s")
                : "the new hash was never served");
        }

        text.Append(Passed ? "PASS" : "FAIL");
        return text.ToString();

        static string Ms(TimeSpan latency) => latency.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture) + " ms";
    }
}

/// <summary>
/// A bounded load run: <see cref="LoadOptions.Connections"/> loops each POST a ticket to
/// <c>/recovery/decisions</c> (one in four to <c>?policy=retail-eu</c>), as fast as answers come, until
/// <see cref="LoadOptions.Duration"/> has passed; optionally a policy edit at half time.
/// </summary>
public static partial class LoadRun
{
    /// <summary>The longest run allowed.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    /// <summary>Runs the load and reports.</summary>
    /// <param name="options">What to do.</param>
    /// <param name="cancellationToken">Stops the run early.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">A duration over a minute or not positive, no connection, or an address off loopback.</exception>
    public static async Task<LoadReport> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Duration <= TimeSpan.Zero || options.Warmup < TimeSpan.Zero || options.Duration + options.Warmup > MaxDuration)
        {
            throw new ArgumentException(
                $"The duration (with the warm-up) must be more than 0 and at most {MaxDuration.TotalSeconds} s, not {(options.Duration + options.Warmup).TotalSeconds} s.",
                nameof(options));
        }

        if (options.Connections < 1)
        {
            throw new ArgumentException("At least one connection is needed.", nameof(options));
        }

        if (!options.BaseAddress.IsLoopback)
        {
            throw new ArgumentException($"The service must be on this machine (a loopback address), not {options.BaseAddress}.", nameof(options));
        }

        byte[][] tickets = Tickets(DateTimeOffset.UtcNow);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = options.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var retail = new Uri("recovery/decisions", UriKind.Relative);
        var europe = new Uri("recovery/decisions?policy=retail-eu", UriKind.Relative);

        var warmup = new Tally();
        if (options.Warmup > TimeSpan.Zero)
        {
            using var warm = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            warm.CancelAfter(options.Warmup);
            await RunWorkersAsync(options.Connections, worker => WorkAsync(client, tickets, worker, retail, europe, warmup, Stopwatch.StartNew(), warm.Token));
        }

        var tally = new Tally();
        string? original = options.EditPath is null ? null : await File.ReadAllTextAsync(options.EditPath, cancellationToken);
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Duration);
        try
        {
            Task edit = original is null ? Task.CompletedTask : EditAtHalfTimeAsync(options, original, tally, clock, stop.Token);
            List<long>[] latencies = await RunWorkersAsync(options.Connections, worker => WorkAsync(client, tickets, worker, retail, europe, tally, clock, stop.Token));
            TimeSpan slowestAt = tally.SlowestAt;
            await edit;
            TimeSpan elapsed = clock.Elapsed;
            long[] all = [.. latencies.SelectMany(l => l)];
            Array.Sort(all);
            return new LoadReport(
                all.Length,
                tally.NonSuccess,
                tally.TransportErrors,
                elapsed,
                [.. all.Select(ticks => Stopwatch.GetElapsedTime(0, ticks))],
                tally.StatusCounts(),
                tally.HashCounts(),
                tally.EditedAt,
                tally.NewHashAt,
                tally.AfterEdit,
                slowestAt,
                warmup.StatusCounts().Values.Sum(),
                warmup.NonSuccess + warmup.TransportErrors);
        }
        finally
        {
            if (original is not null)
            {
                await File.WriteAllTextAsync(options.EditPath!, original, CancellationToken.None);
            }
        }
    }

    private static Task<List<long>[]> RunWorkersAsync(int connections, Func<int, Task<List<long>>> work)
    {
        var workers = new Task<List<long>>[connections];
        for (int worker = 0; worker < workers.Length; worker++)
        {
            int first = worker;
            workers[worker] = Task.Run(() => work(first), CancellationToken.None);
        }

        return Task.WhenAll(workers);
    }

    private static async Task<List<long>> WorkAsync(HttpClient client, byte[][] tickets, int first, Uri retail, Uri europe,
        Tally tally, Stopwatch clock, CancellationToken stop)
    {
        var latencies = new List<long>(capacity: 16_384);
        for (long n = first; !stop.IsCancellationRequested; n++)
        {
            using var content = new ByteArrayContent(tickets[n % tickets.Length]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            long started = Stopwatch.GetTimestamp();
            try
            {
                // Once sent, a request is finished even if the run ends meanwhile: every response counts.
                using HttpResponseMessage response = await client.PostAsync(n % 4 == 3 ? europe : retail, content, CancellationToken.None);
                string body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                long latency = Stopwatch.GetTimestamp() - started;
                latencies.Add(latency);
                tally.Response((int)response.StatusCode, body, clock, latency);
            }
            catch (HttpRequestException)
            {
                tally.TransportError();
            }
            catch (TaskCanceledException)
            {
                tally.TransportError(); // the client's timeout
            }
        }

        return latencies;
    }

    private static async Task EditAtHalfTimeAsync(LoadOptions options, string original, Tally tally, Stopwatch clock, CancellationToken stop)
    {
        try
        {
            await Task.Delay(options.Duration / 2, stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        string edited = VersionLine().Replace(original, match => $"version: \"{match.Groups["version"].Value}+reloaded\"", 1);
        tally.Editing(clock.Elapsed);
        await File.WriteAllTextAsync(options.EditPath!, edited, CancellationToken.None);
    }

    /// <summary>Tickets of every priority, channel, tier and category, opened from 1 to 60 hours before <paramref name="now"/>.</summary>
    private static byte[][] Tickets(DateTimeOffset now)
    {
        string[] priorities = ["low", "normal", "high", "urgent"];
        string[] sources = ["phone", "email", "chat", "social", "store", "app"];
        string[] tiers = ["standard", "silver", "gold", "platinum"];
        string[] categories = ["information", "operation", "communication", "technical"];
        var tickets = new byte[64][];
        for (int i = 0; i < tickets.Length; i++)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("id", $"T-{10_000 + i}");
                json.WriteString("priority", priorities[i % 4]);
                json.WriteString("source", sources[i % 6]);
                json.WriteString("openedAt", now.AddHours(-(1 + (i * 7 % 60))));
                json.WriteString("category", categories[i / 4 % 4]);
                json.WriteBoolean("raisedByUs", i % 5 == 0);
                json.WriteStartObject("account");
                json.WriteString("tier", tiers[i / 16 % 4]);
                json.WriteNumber("lifetimeValue", 500m + (i * 977 % 15_000));
                json.WriteEndObject();
                json.WriteStartObject("order");
                json.WriteNumber("total", 20m + (i * 37 % 400) + 0.99m);
                json.WriteEndObject();
                json.WriteNumber("previousFailures", i % 3);
                json.WriteEndObject();
            }

            tickets[i] = buffer.ToArray();
        }

        return tickets;
    }

    [GeneratedRegex("""^version:\s*"?(?<version>[^"\r\n#]*?)"?\s*(#.*)?$""", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(""""policy":\{"id":"(?<id>[^"]*)","version":"[^"]*","hash":"(?<hash>[^"]*)"""")]
    private static partial Regex PolicyOfDecision();

    /// <summary>The counts the loops share.</summary>
    private sealed class Tally
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<int, long> _statuses = [];
        private readonly List<KeyValuePair<string, long>> _hashes = [];
        private HashSet<string>? _beforeEdit;
        private long _nonSuccess;
        private long _transportErrors;

        public long NonSuccess => Interlocked.Read(ref _nonSuccess);

        public long TransportErrors => Interlocked.Read(ref _transportErrors);

        public TimeSpan? EditedAt { get; private set; }

        public TimeSpan? NewHashAt { get; private set; }

        public long AfterEdit { get; private set; }

        public TimeSpan SlowestAt { get; private set; }

        private long _slowest;

        public void TransportError() => Interlocked.Increment(ref _transportErrors);

        public void Editing(TimeSpan at)
        {
            lock (_gate)
            {
                _beforeEdit = [.. _hashes.Select(h => h.Key)];
                EditedAt = at;
            }
        }

        public void Response(int status, string body, Stopwatch clock, long latency)
        {
            if (status is < 200 or > 299)
            {
                Interlocked.Increment(ref _nonSuccess);
            }

            Match policy = PolicyOfDecision().Match(body);
            string? hash = policy.Success ? $"{policy.Groups["id"].Value} {policy.Groups["hash"].Value}" : null;
            lock (_gate)
            {
                _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
                if (EditedAt is not null)
                {
                    AfterEdit++;
                }

                if (latency > _slowest)
                {
                    _slowest = latency;
                    SlowestAt = clock.Elapsed;
                }
                if (hash is null)
                {
                    return;
                }

                int index = _hashes.FindIndex(h => h.Key == hash);
                if (index < 0)
                {
                    _hashes.Add(new(hash, 1));
                    if (_beforeEdit is not null && NewHashAt is null && !_beforeEdit.Contains(hash))
                    {
                        NewHashAt = clock.Elapsed;
                    }
                }
                else
                {
                    _hashes[index] = new(hash, _hashes[index].Value + 1);
                }
            }
        }

        public Dictionary<int, long> StatusCounts()
        {
            lock (_gate)
            {
                return new(_statuses);
            }
        }

        public List<KeyValuePair<string, long>> HashCounts()
        {
            lock (_gate)
            {
                return [.. _hashes];
            }
        }
    }
}
