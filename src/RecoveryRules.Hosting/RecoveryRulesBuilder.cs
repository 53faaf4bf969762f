using Microsoft.Extensions.DependencyInjection;
using RecoveryRules.Hosting.Loading;

namespace RecoveryRules.Hosting;

/// <summary>
/// What <see cref="RecoveryRulesServiceCollectionExtensions.AddRecoveryRules"/> registers: the policies by name, the
/// default one, the case mappings, file watching and shadow candidates (docs/embedding.md, "Register"). Every
/// policy is compiled, and every mapping bound to it, when the host starts; a problem stops the host with every
/// diagnostic (<see cref="Microsoft.Extensions.Options.OptionsValidationException"/>). Problems with the
/// registration itself (a name used twice, a folder without policies) throw at once.
/// </summary>
public sealed class RecoveryRulesBuilder
{
    private readonly RecoveryRulesRegistration _registration;

    internal RecoveryRulesBuilder(IServiceCollection services, RecoveryRulesRegistration registration)
    {
        Services = services;
        _registration = registration;
    }

    /// <summary>The services the engine is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a policy from a YAML file, watched for changes when <see cref="WatchForChanges"/> is on.</summary>
    /// <param name="path">The file; diagnostics print it as given.</param>
    /// <param name="name">The policy name; by default the file name without <c>.policy.yaml</c> (or <c>.yaml</c>): <c>retail.policy.yaml</c> is <c>retail</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The path or name is empty, or another policy already has the name (names ignore case).</exception>
    public RecoveryRulesBuilder AddPolicyFile(string path, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _registration.AddPolicy(PolicySource.FromFile(path, name ?? PolicySource.NameOfFile(path)));
        return this;
    }

    /// <summary>
    /// Adds every file of a folder that matches <paramref name="searchPattern"/> as a policy named by its file name
    /// (<c>retail.policy.yaml</c> is <c>retail</c>), in ordinal order of the names. The files are listed now; a
    /// file added to the folder later needs a restart, a changed file is reloaded when watched.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <param name="searchPattern">The files to take (top level only). Default <c>*.policy.yaml</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">No file matches, or two files (or a file and a policy registered before) have the same name.</exception>
    public RecoveryRulesBuilder AddPolicyFolder(string directory, string searchPattern = "*.policy.yaml")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentException.ThrowIfNullOrWhiteSpace(searchPattern);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The policy folder '{directory}' does not exist.");
        }

        string[] files = Directory.GetFiles(directory, searchPattern, SearchOption.TopDirectoryOnly);
        if (files.Length == 0)
        {
            throw new ArgumentException($"The policy folder '{directory}' has no file matching '{searchPattern}'.", nameof(directory));
        }

        Array.Sort(files, StringComparer.Ordinal);
        var sources = files.Select(file => PolicySource.FromFile(file, PolicySource.NameOfFile(file))).ToList();
        _registration.AddPolicies(sources);
        return this;
    }

    /// <summary>Adds a policy from YAML text (never reloaded).</summary>
    /// <param name="name">The policy name.</param>
    /// <param name="yaml">The policy.</param>
    /// <param name="path">The path diagnostics print.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public RecoveryRulesBuilder AddPolicyText(string name, string yaml, string path = "policy.yaml")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(path);
        _registration.AddPolicy(PolicySource.FromText(name, yaml, path));
        return this;
    }

    /// <summary>Adds a policy read from a stream when the host starts (never reloaded); the stream is disposed after reading.</summary>
    /// <param name="name">The policy name.</param>
    /// <param name="open">Opens the stream (UTF-8, a byte order mark is honoured), called once.</param>
    /// <param name="path">The path diagnostics print.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public RecoveryRulesBuilder AddPolicyStream(string name, Func<Stream> open, string path = "policy.yaml")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(path);
        _registration.AddPolicy(PolicySource.FromStream(name, open, path));
        return this;
    }

    /// <summary>Names the policy used when a call names none; by default the first registered. Checked when the host starts.</summary>
    /// <param name="name">A registered policy name.</param>
    /// <returns>This builder.</returns>
    public RecoveryRulesBuilder UseDefaultPolicy(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _registration.DefaultPolicy = name;
        return this;
    }

    /// <summary>
    /// Maps the host's own type to cases, once (<see cref="CaseMap{TSource}.Create"/>): bound to every policy and shadow
    /// candidate when the host starts and on every reload. A mapping that does not fit a policy (a required fact left
    /// unmapped, a mapped fact the policy does not declare, a type that cannot convert) stops the host, or keeps the
    /// last good policy in service on a reload, with every diagnostic (docs/embedding.md, "Typed case mapping").
    /// </summary>
    /// <typeparam name="TSource">The host's type (a CRM ticket).</typeparam>
    /// <param name="map">Maps the facts: <c>m =&gt; m.Severity(t =&gt; t.Priority).Fact("orderValue", t =&gt; t.Order.Total)</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TSource"/> is mapped already, or the map maps a fact twice.</exception>
    public RecoveryRulesBuilder MapCase<TSource>(Action<CaseMapBuilder<TSource>> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _registration.AddMap(new CaseMapRegistration<TSource>(CaseMap<TSource>.Create(map)));
        return this;
    }

    /// <summary>
    /// Watches every policy file (and shadow candidate file), and the <c>.editorconfig</c> files in its folder and every
    /// folder above, and reloads it when one of them changes: the new policy goes into
    /// service only when it compiles and every case mapping binds to it; otherwise the last good one stays, every
    /// diagnostic is logged and the policy reports unhealthy until a good edit (docs/embedding.md, "Reload").
    /// Runs as a hosted service: the host must be started.
    /// </summary>
    /// <param name="configure">Sets the debounce and polling.</param>
    /// <returns>This builder.</returns>
    public RecoveryRulesBuilder WatchForChanges(Action<PolicyWatchOptions>? configure = null)
    {
        var options = _registration.Watch ?? new PolicyWatchOptions();
        configure?.Invoke(options);
        if (options.Debounce < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(configure), options.Debounce, "The debounce must not be negative.");
        }

        _registration.Watch = options;
        return this;
    }

    /// <summary>
    /// Evaluates a candidate policy file beside the policy <paramref name="policyName"/> on a share of live cases:
    /// differences are counted and logged with the case id, never returned to the caller, and a failure of the
    /// candidate is logged, never thrown (docs/embedding.md, "Shadow policies"). The candidate is compiled and
    /// bound at start like the policy, and watched with it.
    /// </summary>
    /// <param name="policyName">The registered policy the candidate shadows (checked when the host starts).</param>
    /// <param name="candidatePath">The candidate policy file.</param>
    /// <param name="share">The share of cases the candidate sees, from 0 to 1; a case with an id always gets the same choice.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="share"/> is not from 0 to 1.</exception>
    /// <exception cref="ArgumentException">The policy already has a shadow candidate.</exception>
    public RecoveryRulesBuilder AddShadowPolicy(string policyName, string candidatePath, double share)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(policyName);
        ArgumentException.ThrowIfNullOrWhiteSpace(candidatePath);
        if (double.IsNaN(share) || share < 0 || share > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The shadow share must be a number from 0 (no case) to 1 (every case).");
        }

        _registration.AddShadow(policyName, PolicySource.FromFile(candidatePath, policyName), share);
        return this;
    }

    /// <summary>Configures the options of every policy.</summary>
    /// <param name="configure">Sets <see cref="RecoveryRulesOptions"/>.</param>
    /// <returns>This builder.</returns>
    public RecoveryRulesBuilder Configure(Action<RecoveryRulesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}
