#!/usr/bin/env python3
# Writes N generated cases as JSON Lines (fixed seed), for the batch-throughput measurement in
# docs/performance.md: generate-cases.py OUT.jsonl N [--large]. Default: cases of the retail example
# policy. --large: cases of the generated 200-rule policy (LargePolicyGenerator; its YAML comes from
# `dotnet run -c Release --project benchmarks/RecoveryRules.Benchmarks -- --write-large-policy FILE`),
# which adds the facts region and itemCount.
import random, json, sys
random.seed(42)
large = "--large" in sys.argv[3:]
sev=["minor","moderate","major","critical"]; ch=["phone","email","chat","social","store","app"]
tiers=["standard","silver","gold","platinum"]; ft=["information","operation","communication","technical"]
delays=["30m","1h","3h","5h","PT2H","1d","2d","36h","PT90M"]
regions=["north","south","east","west"]
with open(sys.argv[1],"w") as f:
    for i in range(int(sys.argv[2])):
        c={"id":f"c-{i}","severity":random.choice(sev),"channel":random.choice(ch),"delay":random.choice(delays),
           "customer":{"tier":random.choice(tiers),"value":random.choice([0,500,5000,12000])},
           "orderValue":random.choice([20,45.5,80,120,300,"80 USD"]),"failureType":random.choice(ft),"proactive":random.random()<0.3}
        if i%3==0: c["repeatFailures"]=random.randint(0,4)
        if large:
            c["region"]=random.choice(regions)
            if i%2==0: c["itemCount"]=random.randint(1,6)
        f.write(json.dumps(c)+"\n")
