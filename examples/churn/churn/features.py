"""Derives model features from the validated training data (stdlib only)."""
import argparse
import csv
import datetime as dt
import os

REFERENCE_DAY = dt.date(2026, 11, 26)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--in", dest="source", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.source, newline="") as src, open(args.out, "w", newline="") as dst:
        writer = csv.writer(dst)
        writer.writerow(["customer_id", "tenure_days", "spend_per_year_of_age"])
        for row in csv.DictReader(src):
            tenure = (REFERENCE_DAY - dt.date.fromisoformat(row["signup_date"])).days if row["signup_date"] else ""
            ratio = round(float(row["spend_30d"]) / int(row["age"]), 4) if row["spend_30d"] and row["age"] else ""
            writer.writerow([row["customer_id"], tenure, ratio])


if __name__ == "__main__":
    main()
