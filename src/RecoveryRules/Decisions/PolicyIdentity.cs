namespace RecoveryRules;

/// <summary>Which policy made a decision: its id, version and the SHA-256 hash of its canonical content.</summary>
/// <param name="Id">The policy id.</param>
/// <param name="Version">The policy version, as written.</param>
/// <param name="Hash">The content hash, <c>sha256:…</c> (lower-case hex).</param>
public sealed record PolicyIdentity(string Id, string Version, string Hash);
