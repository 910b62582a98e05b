#!/usr/bin/env python3
"""Turns JMH's JSON results (bench/jmh.sh) into a Markdown table: ops/s, MB/s, allocation."""
import json
import sys


def metric(result, name):
    for key, value in result.get("secondaryMetrics", {}).items():
        if key.lstrip("·:") == name:
            return value["score"]
    return None


def number(x, digits=0):
    try:
        x = float(x)
    except (TypeError, ValueError):
        return ""
    return "" if x != x else f"{x:,.{digits}f}"


def main(path):
    with open(path) as f:
        results = json.load(f)
    print("| benchmark | parameters | ops/s | ± (99.9%) | MB/s | B/op allocated | alloc MB/s |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        name = ".".join(r["benchmark"].split(".")[-2:])
        params = ", ".join(f"{k}={v}" for k, v in r.get("params", {}).items())
        score = r["primaryMetric"]["score"]
        error = r["primaryMetric"]["scoreError"]
        wire = metric(r, "bytes")
        mbs = None if wire is None else wire / 1e6
        norm = metric(r, "gc.alloc.rate.norm")
        rate = metric(r, "gc.alloc.rate")
        print(f"| {name} | {params} | {number(score)} | {number(error)} | {number(mbs, 1)} "
              f"| {number(norm)} | {number(rate)} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/results/jmh.json")
