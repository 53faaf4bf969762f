using RecoveryRules;
using RecoveryRules.Yaml;

// The retail policy (examples/retail/retail.policy.yaml, shortened). Usually a file: PolicyYaml.LoadFile(path).
const string yaml = """
    policy: retail-recovery
    version: "2026.11"
    facts:
      orderValue: money
    define:
      highValue: customer.tier >= gold or customer.value >= 10000
    rules:
      - id: critical-high-value
        when: severity == critical and highValue
        then:
          compensate:
            - refund: 100% of orderValue
          escalate: { to: duty-manager, within: 1h }
    """;

// Compile once. A broken policy throws PolicyCompilationException with every diagnostic, like
// retail.policy.yaml(9,23): error RR0201: 'critcal' is not a fact, define or member of scale 'severity' ...
RecoveryPolicy policy = PolicyYaml.Load(yaml, "retail.policy.yaml"); // immutable: share it across threads

// A case, fact by fact (or from JSON: policy.ReadCase(json)), and its decision.
RecoveryCase recoveryCase = policy.CreateCase("c-1042")
    .With("severity", "critical").With("channel", "phone").With("delay", TimeSpan.FromHours(3))
    .With("customer.tier", "gold").With("orderValue", 80m)
    .Build();
Decision decision = policy.Evaluate(recoveryCase);
Console.WriteLine(decision.Compensation.Total);   // 80.00
Console.WriteLine(decision.Escalation?.To);       // duty-manager
Console.WriteLine(decision.ToJson());             // the decision JSON, with the policy's id, version and hash
