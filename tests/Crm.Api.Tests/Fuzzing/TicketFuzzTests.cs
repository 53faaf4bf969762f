using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsCheck;
using static Crm.Api.Tests.Http;

namespace Crm.Api.Tests.Fuzzing;

/// <summary>
/// POST /recovery/decisions with damaged tickets (docs/fuzzing.md, "The example service"): the ticket files of
/// Data/tickets, each damaged by one to three mutations (a value replaced by an extreme or hostile literal, a
/// member removed or added, a byte flipped or a hostile byte inserted, a byte order mark, truncation). Every
/// answer is a 200 with a decision of a loaded policy, or a 400 problem naming exactly one field; never a 500,
/// never an internal error (RR0429) or a failed mapping (RR0604). <c>RECOVERYRULES_FUZZ_ITERATIONS</c> sets the
/// number of inputs; a failing input is kept in Fuzzing/Regressions and replayed by
/// <see cref="Every_kept_ticket_is_still_answered_soundly"/>.
/// </summary>
public sealed class TicketFuzzTests(CrmApiFactory factory) : IClassFixture<CrmApiFactory>
{
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("RECOVERYRULES_FUZZ_ITERATIONS"), out int n) && n > 0 ? n : 400;

    private static readonly byte[][] Seeds =
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Data", "tickets"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    private static readonly string[] Literals =
    [
        "null", "true", "0", "-1", "-0.0", "1e999", "-1e999", "1e-999", "79228162514264337593543950335", "79228162514264337593543950336",
        "-79228162514264337593543950336", "0.0000000000000000000000000001", "2147483648", "\"\"", "\" \"", "\"urgent\"", "\"URGENT\"",
        "\"critical\"", "\"bronze\"", "\"gold\"", "\"Gold\"", "\"phone\"", "\"fax\"", "\"technical\"", "\"80\"", "\"80 USD\"",
        "\"\\ud800\"", "\"\\udfff\"", "\"\\u0000\"", "\"9999-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00+14:00\"", "\"2026-12-01T09:30:00\"",
        "\"2999-01-01T00:00:00Z\"", "\"P3D\"", "[]", "[1]", "{}", "{\"tier\": \"gold\", \"lifetimeValue\": 1}", "{\"total\": 1e30}",
        string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70)),
        string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + string.Concat(Enumerable.Repeat("}", 70)),
    ];

    private static readonly string[] Names =
        ["id", "priority", "source", "openedAt", "category", "raisedByUs", "account", "order", "previousFailures", "tier", "segment", "", "\\ud800", "Priority", "$type", "$id"];

    private static readonly byte[][] HostileBytes =
        [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x00], [(byte)'"'], [(byte)'\\'], [(byte)'{'], [(byte)'}'], [(byte)','], [(byte)'\n'], [0xEF, 0xBB, 0xBF]];

    /// <summary>A seed and up to three mutations (kind, position, pick).</summary>
    private static readonly Gen<(int Seed, (int Kind, int Position, int Pick)[] Mutations)> Inputs =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 7], Gen.Int[0, 100_000], Gen.Int[0, 1000]).Array[1, 3]);

    [Fact]
    public async Task Damaged_tickets_get_a_decision_or_a_400_problem_naming_one_field_never_a_500()
    {
        using HttpClient client = factory.CreateClient();
        await Inputs.SampleAsync(
            async input =>
            {
                byte[] body = Mutate(Seeds[input.Seed], input.Mutations);
                string? failure = await CheckAsync(client, body);
                if (failure is not null)
                {
                    string kept = Keep(body);
                    failure.Should().BeNull($"the input is kept in {kept}");
                }
            },
            iter: Iterations,
            print: input => Encoding.UTF8.GetString(Mutate(Seeds[input.Seed], input.Mutations)));
    }

    [Fact]
    public async Task Every_kept_ticket_is_still_answered_soundly()
    {
        using HttpClient client = factory.CreateClient();
        string[] kept = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Regressions"), "*.json");
        kept.Should().NotBeEmpty();

        foreach (string file in kept)
        {
            (await CheckAsync(client, await File.ReadAllBytesAsync(file, Cancel))).Should().BeNull(Path.GetFileName(file));
        }
    }

    /// <summary>Null when the answer is sound; else what is wrong with it.</summary>
    private async Task<string?> CheckAsync(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await client.PostAsync("/recovery/decisions", content, Cancel);
        string text = await response.Content.ReadAsStringAsync(Cancel);
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode}: the answer is not JSON: {text}";
        }

        using (json)
        {
            JsonElement root = json.RootElement;
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    string hash = root.GetProperty("policy").GetProperty("hash").GetString()!;
                    return mediaType == "application/json" && (hash == Hash(factory.Policies.Retail) || hash == Hash(factory.Policies.RetailEu))
                        ? null
                        : $"200 {mediaType}, but not a decision of a loaded policy: {text}";
                case HttpStatusCode.BadRequest:
                    if (mediaType != "application/problem+json"
                        || !root.TryGetProperty("errors", out JsonElement errors)
                        || errors.EnumerateObject().Count() != 1
                        || root.GetProperty("detail").GetString() is not { Length: > 0 } detail
                        || detail.Contains("{0}", StringComparison.Ordinal))
                    {
                        return $"400, but not a problem naming one field: {text}";
                    }

                    return root.TryGetProperty("errorId", out JsonElement id) && id.GetString() is "RR0429" or "RR0604"
                        ? $"an internal error: {text}"
                        : null;
                default:
                    return $"{(int)response.StatusCode}: {text}";
            }
        }
    }

    private static readonly Dictionary<string, string> Hashes = [];

    private static string Hash(string policyFile)
    {
        lock (Hashes)
        {
            if (!Hashes.TryGetValue(policyFile, out string? hash))
            {
                hash = RecoveryRules.Yaml.PolicyYaml.LoadFile(policyFile).Identity.Hash;
                Hashes[policyFile] = hash;
            }

            return hash;
        }
    }

    private static byte[] Mutate(byte[] seed, (int Kind, int Position, int Pick)[] mutations)
    {
        var bytes = new List<byte>(seed);
        foreach ((int kind, int position, int pick) in mutations)
        {
            int at = bytes.Count == 0 ? 0 : position % (bytes.Count + 1);
            switch (kind)
            {
                case 0: // a value replaced by a literal: after the ':' at or after the position, up to the next ',' or '}'
                case 1:
                    ReplaceValue(bytes, at, Encoding.UTF8.GetBytes(Literals[pick % Literals.Length]));
                    break;
                case 2: // a member removed: from a '"' at or after the position to the next ','
                    RemoveMember(bytes, at);
                    break;
                case 3: // a member added after the first '{'
                    int brace = bytes.IndexOf((byte)'{');
                    string member = $"\"{Names[pick % Names.Length]}\": {Literals[pick / Names.Length % Literals.Length]}, ";
                    bytes.InsertRange(brace < 0 ? 0 : brace + 1, Encoding.UTF8.GetBytes(member));
                    break;
                case 4: // a byte flipped
                    if (bytes.Count > 0)
                    {
                        int index = Math.Min(at, bytes.Count - 1);
                        bytes[index] ^= (byte)(1 << (pick % 8));
                    }

                    break;
                case 5: // a hostile byte sequence inserted
                    bytes.InsertRange(at, HostileBytes[pick % HostileBytes.Length]);
                    break;
                case 6: // truncated
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default: // a byte order mark at the start, once or twice
                    bytes.InsertRange(0, pick % 2 == 0 ? [0xEF, 0xBB, 0xBF] : [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]);
                    break;
            }
        }

        return [.. bytes];
    }

    private static void ReplaceValue(List<byte> bytes, int at, byte[] literal)
    {
        int colon = bytes.IndexOf((byte)':', Math.Min(at, bytes.Count));
        if (colon < 0)
        {
            return;
        }

        int end = colon + 1;
        int depth = 0;
        bool inString = false;
        for (; end < bytes.Count; end++)
        {
            byte b = bytes[end];
            if (inString)
            {
                if (b == '\\')
                {
                    end++;
                }
                else if (b == '"')
                {
                    inString = false;
                }
            }
            else if (b == '"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                depth++;
            }
            else if (b is (byte)'}' or (byte)']')
            {
                if (depth-- == 0)
                {
                    break;
                }
            }
            else if (b == ',' && depth == 0)
            {
                break;
            }
        }

        end = Math.Min(end, bytes.Count);
        bytes.RemoveRange(colon + 1, end - colon - 1);
        bytes.InsertRange(colon + 1, [(byte)' ', .. literal]);
    }

    private static void RemoveMember(List<byte> bytes, int at)
    {
        int start = bytes.IndexOf((byte)'"', Math.Min(at, bytes.Count));
        if (start < 0)
        {
            return;
        }

        int comma = bytes.IndexOf((byte)',', start);
        bytes.RemoveRange(start, (comma < 0 ? bytes.Count : comma + 1) - start);
    }

    /// <summary>Writes a failing input to the source tree's Fuzzing/Regressions (raw bytes) and returns the file.</summary>
    private static string Keep(byte[] body)
    {
        string folder = Path.Combine(Repository.Root, "tests", "Crm.Api.Tests", "Fuzzing", "Regressions");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, $"ticket.fuzz-{Convert.ToHexStringLower(SHA256.HashData(body))[..12]}.json");
        File.WriteAllBytes(file, body);
        return file;
    }
}
