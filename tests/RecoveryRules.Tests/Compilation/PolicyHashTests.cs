using RecoveryRules.Compilation;
using RecoveryRules.Tests.Evaluation;

namespace RecoveryRules.Tests.Compilation;

/// <summary>
/// §5: the hash is SHA-256 over the policy's canonical content. Every <c>Data/Hash/same-*.policy.yaml</c>
/// says what <c>base.policy.yaml</c> says in other words and must hash the same; every
/// <c>changed-*.policy.yaml</c> changes one thing of meaning and must hash differently.
/// </summary>
public sealed class PolicyHashTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Compilation", "Data", "Hash");

    private static RecoveryPolicy LoadHashFile(string file) => Policies.LoadFrom("Compilation", Path.Combine("Hash", file));

    private static readonly string BaseHash = LoadHashFile("base.policy.yaml").Identity.Hash;

    private static string[] FileNames(string prefix) =>
        [.. Directory.GetFiles(Folder, prefix + "*.policy.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> SameFiles() => [.. FileNames("same-")];

    public static TheoryData<string> ChangedFiles() => [.. FileNames("changed-")];

    [Theory]
    [MemberData(nameof(SameFiles))]
    public void Same_meaning_in_other_words_gives_the_same_hash(string file)
    {
        LoadHashFile(file).Identity.Hash.Should().Be(BaseHash, CanonicalDiff(file));
    }

    [Theory]
    [MemberData(nameof(ChangedFiles))]
    public void Any_change_of_meaning_gives_a_new_hash(string file)
    {
        LoadHashFile(file).Identity.Hash.Should().NotBe(BaseHash);
    }

    [Fact]
    public void Every_change_gives_its_own_hash()
    {
        var hashes = FileNames("changed-").Select(file => LoadHashFile(file).Identity.Hash).ToList();

        hashes.Should().HaveCountGreaterThan(15).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Hash_is_sha256_in_lower_case_hex_and_the_same_on_every_load()
    {
        BaseHash.Should().MatchRegex("^sha256:[0-9a-f]{64}$");
        LoadHashFile("base.policy.yaml").Identity.Hash.Should().Be(BaseHash);
    }

    [Fact]
    public void Hash_is_the_sha256_of_the_canonical_form()
    {
        var policy = LoadHashFile("base.policy.yaml");

        var bytes = CanonicalForm.Write(policy.Bound);

        policy.Identity.Hash.Should().Be("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    [Fact]
    public void Hash_does_not_depend_on_the_path_or_the_clock()
    {
        var text = File.ReadAllText(Path.Combine(Folder, "base.policy.yaml"));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Policies.Compile(text, "elsewhere/other-name.policy.yaml", clock).Identity.Hash.Should().Be(BaseHash);
    }

    [Fact]
    public void Description_is_part_of_the_hashed_content()
    {
        // Descriptions explain rules to auditors; the canonical form keeps them, so editing one gives a new hash.
        Policies.LoadFrom("Compilation", "description-only.policy.yaml").Identity.Hash.Should().NotBe(BaseHash);
    }

    private static string CanonicalDiff(string file) =>
        "canonical forms differ:" + Environment.NewLine
        + System.Text.Encoding.UTF8.GetString(CanonicalForm.Write(LoadHashFile("base.policy.yaml").Bound)) + Environment.NewLine
        + System.Text.Encoding.UTF8.GetString(CanonicalForm.Write(LoadHashFile(file).Bound));
}
