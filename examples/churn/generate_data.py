"""Generates the churn example's data with a fixed seed (stdlib only).

train.csv: 2,000 customers; data/live/*.jsonl: recent traffic whose spend has drifted.
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


def customer(rng, i, spend_shift=1.0):
    age = rng.randint(18, 80)
    plan = rng.choices(PLANS, weights=[6, 3, 1])[0]
    spend = round(rng.lognormvariate(3.5, 0.6) * spend_shift * (1 + PLANS.index(plan)), 2)
    signup = EPOCH + dt.timedelta(days=rng.randint(0, 300))
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


if __name__ == "__main__":
    main()
