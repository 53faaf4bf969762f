#!/usr/bin/env python3
# Writes N generated cases of the retail example policy as JSON Lines (fixed seed), for the
# batch-throughput measurement in docs/performance.md: generate-cases.py OUT.jsonl N
import random, json, sys
random.seed(42)
sev=["minor","moderate","major","critical"]; ch=["phone","email","chat","social","store","app"]
tiers=["standard","silver","gold","platinum"]; ft=["information","operation","communication","technical"]
delays=["30m","1h","3h","5h","PT2H","1d","2d","36h","PT90M"]
with open(sys.argv[1],"w") as f:
    for i in range(int(sys.argv[2])):
        c={"id":f"c-{i}","severity":random.choice(sev),"channel":random.choice(ch),"delay":random.choice(delays),
           "customer":{"tier":random.choice(tiers),"value":random.choice([0,500,5000,12000])},
           "orderValue":random.choice([20,45.5,80,120,300,"80 USD"]),"failureType":random.choice(ft),"proactive":random.random()<0.3}
        if i%3==0: c["repeatFailures"]=random.randint(0,4)
        f.write(json.dumps(c)+"\n")
