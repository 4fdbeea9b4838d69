"""Generates the churn example's data with a fixed seed (stdlib only).

train.csv: 2,000 customers; data/live/*.jsonl: recent traffic whose spend has drifted.
data/batches/good.csv and bad.csv: two new batches for the demo's data gate (bad.csv has
a few broken rows); data/drifted/day3.jsonl: traffic after the market moved (older,
richer customers on bigger plans): enough columns drift for dataset drift.
"""
import csv
import datetime as dt
import json
import math
import os
import random

PLANS = ["basic", "pro", "enterprise"]
HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH = dt.date(2026, 1, 1)


def customer(rng, i, spend_shift=1.0, age_shift=0, plan_weights=(6, 3, 1), tenure_days=300):
    age = min(rng.randint(18, 80) + age_shift, 120)
    plan = rng.choices(PLANS, weights=plan_weights)[0]
    spend = round(rng.lognormvariate(3.5, 0.6) * spend_shift * (1 + PLANS.index(plan)), 2)
    signup = EPOCH + dt.timedelta(days=rng.randint(0, tenure_days))
    tenure = (EPOCH + dt.timedelta(days=330) - signup).days
    logit = 3.0 - 0.09 * (age - 18) - 0.03 * spend + 0.02 * (120 - min(tenure, 120)) - 1.5 * PLANS.index(plan)
    churned = rng.random() < 1 / (1 + math.exp(-logit))
    email = f"user{i}@example.com" if rng.random() > 0.003 else f"user{i}.example.com"
    return {
        "customer_id": f"C{i:06d}",
        "age": age,
        "plan": plan,
        "email": email,
        "signup_date": signup.isoformat(),
        "spend_30d": spend,
        "churned": churned,
    }


def main():
    rng = random.Random(42)
    rows = [customer(rng, i) for i in range(2000)]
    with open(os.path.join(HERE, "data", "train.csv"), "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "churned": str(row["churned"]).lower()})
    for day in range(2):
        with open(os.path.join(HERE, "data", "live", f"day{day + 1}.jsonl"), "w") as f:
            for i in range(500):
                f.write(json.dumps(customer(rng, 10000 + day * 500 + i, spend_shift=1.6)) + "\n")
    # The demo's data, from its own seed so that the files above stay as they are.
    demo = random.Random(7)
    os.makedirs(os.path.join(HERE, "data", "batches"), exist_ok=True)
    for name, start in (("good", 20000), ("bad", 22000)):
        batch = [customer(demo, start + i) for i in range(1200)]
        if name == "bad":
            batch[17]["age"] = 7
            batch[230]["plan"] = "premium"
            batch[451]["customer_id"] = batch[450]["customer_id"]
            batch[902]["spend_30d"] = -12.5
            batch[1033]["age"] = 212
        with open(os.path.join(HERE, "data", "batches", f"{name}.csv"), "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(batch[0]))
            writer.writeheader()
            for row in batch:
                writer.writerow({**row, "churned": str(row["churned"]).lower()})
    os.makedirs(os.path.join(HERE, "data", "drifted"), exist_ok=True)
    with open(os.path.join(HERE, "data", "drifted", "day3.jsonl"), "w") as f:
        for i in range(1000):
            row = customer(demo, 30000 + i, spend_shift=2.5, age_shift=25, plan_weights=(1, 3, 6), tenure_days=60)
            f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
