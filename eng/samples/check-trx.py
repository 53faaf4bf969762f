#!/usr/bin/env python3
"""Checks the TRX of a sample consumer's `dotnet test` (eng/test-packages.sh, section 6).

Usage: check-trx.py LABEL TRX EXIT_STATUS
Prints one "PASS name" or "FAIL name: why" line per check. The sample (eng/samples/xunit2 or xunit3)
has one right and one deliberately wrong scenario, one right and one deliberately wrong assertion, and a
scenario file that does not load, so `dotnet test` must fail, each scenario must be its own test case
named by the scenario, and each failure must say which field differs and why.
"""
import sys
import xml.etree.ElementTree as ET

label, trx, status = sys.argv[1], sys.argv[2], int(sys.argv[3])
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def check(name, ok, why=""):
    print(f"PASS {label}: {name}" if ok else f"FAIL {label}: {name}: {why}")


try:
    results = [
        (r.get("testName", ""), r.get("outcome", ""), "".join(r.find("t:Output/t:ErrorInfo/t:Message", ns).itertext()) if r.find("t:Output/t:ErrorInfo/t:Message", ns) is not None else "")
        for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult", ns)
    ]
except (OSError, ET.ParseError) as error:
    check("dotnet test writes a TRX", False, str(error))
    sys.exit(0)

for name, outcome, _ in results:
    print(f"  {outcome:7} {name}")


def only(fragment):
    found = [r for r in results if fragment in r[0]]
    return found[0] if len(found) == 1 else None


check("dotnet test fails (exit 1) for the deliberate failures, with 5 tests",
      status == 1 and len(results) == 5, f"exit {status}, {len(results)} tests")

right = only("(scenario: VIP critical outage gets a full refund)")
check("the right scenario passes as its own test, named by it",
      right is not None and right[1] == "Passed", f"{right}")

wrong = only("(scenario: A standard customer's critical outage is refunded too)")
check("the wrong scenario fails as its own test, named by it, with the field and why",
      wrong is not None and wrong[1] == "Failed"
      and "FAIL A standard customer's critical outage is refunded too" in wrong[2]
      and "compensation.total: expected 80.00 USD, got 0.00 USD" in wrong[2]
      and "critical-high-value: highValue was false" in wrong[2]
      and "how the policy decided" in wrong[2].lower(),
      f"{wrong}")

broken = only("(scenario: policies/broken.tests.yaml does not load)")
check("a scenario file that does not load is one failing test listing its diagnostics",
      broken is not None and broken[1] == "Failed"
      and "broken.tests.yaml(9,15): error RR0503: 'critical-high-valu' is not a rule of policy 'retail-recovery'" in broken[2],
      f"{broken}")

passed = only("A_vip_outage_is_refunded_and_escalated")
failed = only("A_critical_failure_gets_the_credit_of_a_major_one")
check("FluentAssertions: the right assertions pass, the wrong one fails saying why",
      passed is not None and passed[1] == "Passed" and failed is not None and failed[1] == "Failed"
      and "Expected decision to fire major-on-time, but it did not:\n  major-on-time: severity == major was false (severity is critical)" in failed[2].replace("\r\n", "\n")
      and "How the policy decided:" in failed[2],
      f"{passed} / {failed}")
