"""Trains the churn model: logistic regression by gradient descent (stdlib only).

Reads params from PIPEWRIGHT_PARAMS (set by `pipewright train`), writes the model and
metrics.json (accuracy, auc, log-loss on a held-out 20%) into --out.
"""
import argparse
import csv
import datetime as dt
import json
import math
import os
import random

PLANS = ["basic", "pro", "enterprise"]
REFERENCE_DAY = dt.date(2026, 11, 26)


def features(row, email_domain=False):
    tenure = (REFERENCE_DAY - dt.date.fromisoformat(row["signup_date"])).days
    plan = [1.0 if row["plan"] == p else 0.0 for p in PLANS[1:]]
    extra = [1.0 if row["email"].endswith("@example.com") else 0.0] if email_domain else []
    return [1.0, (int(row["age"]) - 45) / 15, (float(row["spend_30d"]) - 60) / 50, (tenure - 450) / 100, *plan, *extra]


def auc(scores, labels):
    ranked = sorted(zip(scores, labels))
    positives = sum(labels)
    negatives = len(labels) - positives
    rank_sum = sum(i + 1 for i, (_, label) in enumerate(ranked) if label)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    params = json.loads(os.environ.get("PIPEWRIGHT_PARAMS", "{}"))
    rate = float(params.get("learning-rate", 0.05))
    epochs = int(params.get("epochs", 20))
    # A feature every training row has, but production requests do not always send.
    email_domain = bool(params.get("email-domain", False))

    with open(args.data, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["age"] and r["spend_30d"] and r["signup_date"]]
    random.Random(7).shuffle(rows)
    xs = [features(r, email_domain) for r in rows]
    ys = [1 if r["churned"] == "true" else 0 for r in rows]
    split = int(len(rows) * 0.8)
    weights = [0.0] * len(xs[0])
    for epoch in range(epochs):
        for x, y in zip(xs[:split], ys[:split]):
            p = 1 / (1 + math.exp(-sum(w * v for w, v in zip(weights, x))))
            weights = [w - rate * (p - y) * v for w, v in zip(weights, x)]
        print(f"epoch {epoch + 1}/{epochs}", flush=True)

    scores = [1 / (1 + math.exp(-sum(w * v for w, v in zip(weights, x)))) for x in xs[split:]]
    test = ys[split:]
    eps = 1e-12
    metrics = {
        "accuracy": sum((s >= 0.5) == bool(y) for s, y in zip(scores, test)) / len(test),
        "auc": auc(scores, test),
        "log-loss": -sum(y * math.log(s + eps) + (1 - y) * math.log(1 - s + eps) for s, y in zip(scores, test)) / len(test),
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "model.json"), "w") as f:
        names = ["bias", "age", "spend_30d", "tenure", "plan=pro", "plan=enterprise"] + (["email_domain"] if email_domain else [])
        json.dump({"features": names, "weights": weights}, f, indent=2)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=2)
    print(json.dumps(metrics))


if __name__ == "__main__":
    main()
