#!/usr/bin/env python3
"""Turns bench/run.sh's raw results (one JSON object a line) into the markdown table.

usage: report.py RAW.jsonl MACHINE.txt > latest.md
Each workload shows the median over its runs; ratios compare netkit's servers with Netty and
Node (above 1.0 is better for netkit, except for memory and CPU, where below 1.0 is better).
The idle rows come in pairs: the RSS per connection on average, then the marginal RSS per
connection (the growth after a half-way sample over the connections opened after it).
"""
import json
import statistics
import sys


def marginal(b):
    """What each connection opened after the half-way sample cost the server, in KiB: the average
    leaves in what a server spends once whatever the count, this leaves it out. Absent (a run
    without a half-way sample, or from before the field existed): not a value."""
    m = b.get("marginal_kib_per_connection")
    if m is None:
        raise KeyError("marginal_kib_per_connection")
    return m


WORKLOADS = [
    # key, label, unit, how to read a run, higher is better
    ("pp1", "ping-pong 64 B, 1 connection", "round trips/s", lambda b: b["operations_per_s"], True),
    ("pp64", "ping-pong 64 B, 64 connections", "round trips/s", lambda b: b["operations_per_s"], True),
    ("pp1000", "ping-pong 64 B, 1,000 connections", "round trips/s", lambda b: b["operations_per_s"], True),
    ("st1", "stream 64 KiB chunks, 1 connection", "MB/s", lambda b: b["mb_per_s"], True),
    ("st8", "stream 64 KiB chunks, 8 connections", "MB/s", lambda b: b["mb_per_s"], True),
    ("tls1", "TLS stream 64 KiB chunks, 1 connection", "MB/s", lambda b: b["mb_per_s"], True),
    ("tls8", "TLS stream 64 KiB chunks, 8 connections", "MB/s", lambda b: b["mb_per_s"], True),
    ("tlspp64", "TLS ping-pong 64 B, 64 connections", "round trips/s", lambda b: b["operations_per_s"], True),
    ("tlshs", "TLS full handshakes, 4 at a time", "handshakes/s", lambda b: b["operations_per_s"], True),
    ("rate5k", "server CPU, ping-pong 64 B, 64 connections at 5,000 messages/s", "us/message",
     lambda b: b["server_cpu_us_per_op"], False),
    ("rate20k", "server CPU, ping-pong 64 B, 64 connections at 20,000 messages/s", "us/message",
     lambda b: b["server_cpu_us_per_op"], False),
    ("ratehalf", "server CPU, ping-pong 64 B, 64 connections at half of the server's own peak", "us/message",
     lambda b: b["server_cpu_us_per_op"], False),
    ("ratehalf", "the rate that is half of the server's own peak", "messages/s", lambda b: b["rate"], True),
    ("ratepeak", "server CPU, ping-pong 64 B, 64 connections at the server's peak", "us/message",
     lambda b: b["server_cpu_us_per_op"], False),
    ("idle", "RSS per idle connection", "KiB", lambda b: b["server_bytes_per_connection"] / 1024, False),
    ("idle", "marginal RSS per idle connection", "KiB", marginal, False),
    ("tlsidle", "RSS per idle TLS connection", "KiB", lambda b: b["server_bytes_per_connection"] / 1024, False),
    ("tlsidle", "marginal RSS per idle TLS connection", "KiB", marginal, False),
    ("idlemax", "idle connections held (one echo each)", "connections", lambda b: b["answered"], True),
    ("idlemax", "RSS per idle connection at that count", "KiB", lambda b: b["server_bytes_per_connection"] / 1024, False),
    ("idlemax", "marginal RSS per idle connection at that count", "KiB", marginal, False),
    ("idlechat", "RSS per silent chat member", "KiB", lambda b: b["server_bytes_per_connection"] / 1024, False),
    ("idlechat", "marginal RSS per silent chat member", "KiB", marginal, False),
    ("fanout", "chat fan-out 64 B", "deliveries/s", lambda b: b["deliveries_per_s"], True),
    ("fanout", "chat fan-out 64 B, messages sent", "messages/s", lambda b: b["messages_per_s"], True),
    ("fanoutrate", "chat fan-out 64 B, paced", "deliveries/s", lambda b: b["deliveries_per_s"], True),
    ("fanoutrate", "chat fan-out 64 B, paced, messages sent", "messages/s", lambda b: b["messages_per_s"], True),
    ("fanoutrate", "chat fan-out 64 B, paced, messages late or overdue at the end", "messages",
     lambda b: b["late"] + b["behind"], False),
]
LATENCY = ("pp1", "pp64", "pp1000", "rate5k", "rate20k", "ratehalf", "tlspp64", "tlshs", "fanout", "fanoutrate")
# Latency rows of their own: key, title, the field of the JSON report
NODE_LATENCY = (("fanoutrate", "chat fan-out 64 B, paced, cross-node deliveries", "cross_node_latency_us"),
                ("fanoutrate", "chat fan-out 64 B, paced, same-node deliveries", "same_node_latency_us"))
TLS = ("tls1", "tls8", "tlspp64", "tlshs")


PROXY = [
    # key, label, how many MB one unit of the run moved through the forwarder (both ways)
    ("pxpp64", "ping-pong 64 B, 64 connections", "round trips/s"),
    ("pxst1", "stream 64 KiB chunks, 1 connection", "MB/s"),
    ("pxst8", "stream 64 KiB chunks, 8 connections", "MB/s"),
    ("pxtlspp64", "TLS terminated, ping-pong 64 B, 64 connections", "round trips/s"),
    ("pxtls1", "TLS terminated, stream 64 KiB chunks, 1 connection", "MB/s"),
    ("pxtls8", "TLS terminated, stream 64 KiB chunks, 8 connections", "MB/s"),
]
FORWARDERS = ("fwd-netkit", "fwd-haproxy", "fwd-socat")


def main():
    all_runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    machine = open(sys.argv[2]).read().strip()
    runs = [r for r in all_runs if not r["test"].startswith("px")]
    proxy_runs = [r for r in all_runs if r["test"].startswith("px")]
    if not runs:
        print("\n".join(["# netkit benchmark results", "", machine] + proxy_table(proxy_runs) + incomplete(all_runs)))
        return
    servers = []
    for r in runs:
        if r["server"] not in servers:
            servers.append(r["server"])
    # netkit first, then the peers, whatever order the runs took turns in
    order = {"netkit-epoll": 0, "netkit-nio": 1, "netty": 2, "netty-flush": 2.5, "node": 3, "c": 4}
    servers.sort(key=lambda s: (order.get(s, 1.5 if s.startswith("netkit") else 5), s))
    netkits = [s for s in servers if s.startswith("netkit")]
    peers = [s for s in ("netty", "netty-flush", "node") if s in servers]

    def values(test, server, read):
        out = []
        for r in runs:
            if r["test"] == test and r["server"] == server and r.get("bench"):
                try:
                    out.append(read(r["bench"]))
                except (KeyError, TypeError):
                    pass
        return out

    def median(test, server, read):
        v = values(test, server, read)
        return statistics.median(v) if v else None

    def fmt(v, unit):
        if v is None:
            return "-"
        if unit in ("MB/s", "KiB", "us/message") or (unit == "us" and v < 100):
            return f"{v:,.1f}"
        return f"{v:,.0f}"

    lines = ["# netkit benchmark results", "", machine, ""]
    head = ["workload", "unit"] + [label(s) for s in servers]
    for n in netkits:
        for p in peers:
            head.append(f"{label(n)} / {label(p)}")
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for key, title, unit, read, higher in WORKLOADS:
        if not any(r["test"] == key for r in runs):
            continue
        count = max((len(values(key, s, read)) for s in servers), default=0)
        if read is marginal and count == 0:
            continue  # runs from before the marginal figure, or none with a half-way sample
        if key in ("idle", "tlsidle", "idlechat"):
            conns = next((r["bench"]["connections"] for r in runs if r["test"] == key and r.get("bench")), 0)
            title = f"{title}, {conns:,} {'members' if key == 'idlechat' else 'connections'}"
        if key == "idlemax" and higher:
            conns = next((r["bench"]["connections"] for r in runs if r["test"] == key and r.get("bench")), 0)
            title = f"{title}, of {conns:,} asked"
        if key.startswith("fanout"):
            title = fanout_title(title, runs, key)
        row = [f"{title} (n={count})", unit + ("" if higher else ", lower is better")]
        med = {s: median(key, s, read) for s in servers}
        row += [fmt(med[s], unit) for s in servers]
        for n in netkits:
            for p in peers:
                a, b = med.get(n), med.get(p)
                row.append(f"{a / b:.2f}x" if a is not None and b else "-")
        lines.append("| " + " | ".join(row) + " |")

    spread_rows = []
    for key, title, unit, read, higher in WORKLOADS:
        if key in ("idlemax",) or not any(r["test"] == key for r in runs):
            continue
        if max((len(values(key, s, read)) for s in servers), default=0) < 2:
            continue
        cells = []
        for s in servers:
            v = values(key, s, read)
            cells.append(f"{fmt(min(v), unit)} - {fmt(max(v), unit)}" if v else "-")
        spread_rows.append(f"| {title} ({unit}) | " + " | ".join(cells) + " |")
    if spread_rows:
        lines += ["", "Run to run, lowest - highest: on these machines a server's stream rate can land in either of two",
                  "modes (Netty's too), so a ratio of medians moves between runs of the suite.", ""]
        lines.append("| workload | " + " | ".join(label(s) for s in servers) + " |")
        lines.append("|---|" + "---|" * len(servers))
        lines += spread_rows

    def latency_row(title, key, field):
        cells = []
        for s in servers:
            p = [median(key, s, lambda b, q=q: latency_of(b, field, q)) for q in ("p50", "p99", "p99_9")]
            cells.append(" / ".join(fmt(x, "us") for x in p) if None not in p else "-")
        return f"| {title} | " + " | ".join(cells) + " |"

    lines += ["", "Latency of the ping-pong runs (of TLS handshakes: connect to completed handshake; of chat fan-out:",
              "a message's send to each delivery; of the paced runs: from when each message was due, so that a",
              "stall is charged to every message it delayed), p50 / p99 / p99.9 in microseconds (medians over the runs):", ""]
    lines.append("| workload | " + " | ".join(label(s) for s in servers) + " |")
    lines.append("|---|" + "---|" * len(servers))
    for key in LATENCY:
        if not any(r["test"] == key for r in runs):
            continue
        title = next(t for k, t, *_ in WORKLOADS if k == key).removeprefix("server CPU, ")
        if key.startswith("rate") or key == "fanoutrate":
            title += " (from when each message was due)"
        if key.startswith("fanout"):
            title = fanout_title(title, runs, key)
        lines.append(latency_row(title, key, "latency_us"))
    for key, title, field in NODE_LATENCY:
        # Only where some server spread its members over several nodes.
        if any(r["test"] == key and r.get("bench") and r["bench"].get("nodes", 1) > 1 for r in runs):
            lines.append(latency_row(fanout_title(title, runs, key) + " (from when each message was due)", key, field))

    cpu_head = ["", "CPU, medians: the server's use of its core / the load generator's use of its core, in percent; then the",
                "server's CPU time per round trip (ping-pong, microseconds), per MB echoed (stream, milliseconds) or per",
                "TLS handshake or line delivered to one member (chat fan-out), in microseconds. A load generator near",
                "100% means the server was not pushed to its limit; the CPU time per operation still compares the servers'",
                "efficiency.", ""]
    cpu_head.append("| workload | " + " | ".join(label(s) for s in servers) + " |")
    cpu_head.append("|---|" + "---|" * len(servers))
    cpu_rows = []
    for key, title, *_ in WORKLOADS[:5] + [w for w in WORKLOADS if w[0] in TLS]:
        if not any(r["test"] == key for r in runs):
            continue
        cells = []
        for s in servers:
            mine = [r for r in runs if r["test"] == key and r["server"] == s and r.get("bench")]
            if not mine:
                cells.append("-")
                continue
            srv = statistics.median(r["server_cpu_pct"] for r in mine)
            load = statistics.median(r["bench"].get("load_cpu_pct", -1) for r in mine)
            if mine[0]["bench"]["mode"] == "stream":
                cost = statistics.median(r["server_cpu_pct"] * 10 / r["bench"]["mb_per_s"] for r in mine if r["bench"]["mb_per_s"])
                unit = "ms/MB"
            elif mine[0]["bench"]["mode"] == "connect":
                cost = statistics.median(r["server_cpu_pct"] * 1e4 / r["bench"]["operations_per_s"] for r in mine
                                         if r["bench"]["operations_per_s"])
                unit = "us/handshake"
            else:
                cost = statistics.median(r["server_cpu_pct"] * 1e4 / r["bench"]["operations_per_s"] for r in mine
                                         if r["bench"]["operations_per_s"])
                unit = "us/rt"
            cells.append(f"{srv:.0f}% / {load:.0f}%, {cost:.2f} {unit}")
        cpu_rows.append(f"| {title} | " + " | ".join(cells) + " |")
    if any(r["test"] == "fanout" for r in runs):
        # Chat fan-out: the server's CPU time per line delivered to one member.
        cells = []
        for s in servers:
            mine = [r for r in runs if r["test"] == "fanout" and r["server"] == s and r.get("bench")
                    and r["bench"].get("deliveries_per_s")]
            if not mine:
                cells.append("-")
                continue
            srv = statistics.median(r["server_cpu_pct"] for r in mine)
            load = statistics.median(r["bench"].get("load_cpu_pct", -1) for r in mine)
            cost = statistics.median(r["server_cpu_pct"] * 1e4 / r["bench"]["deliveries_per_s"] for r in mine)
            cells.append(f"{srv:.0f}% / {load:.0f}%, {cost:.2f} us/delivery")
        cpu_rows.append(f"| {fanout_title('chat fan-out 64 B', runs)} | " + " | ".join(cells) + " |")

    if cpu_rows:
        lines += cpu_head + cpu_rows

    negotiated = {}
    for r in runs:
        b = r.get("bench")
        if r["test"] in TLS and b and b.get("tls"):
            negotiated.setdefault(r["server"], set()).add(f"{b['tls_protocol']} {b['tls_cipher_suite']}")
    if negotiated:
        lines += ["", "TLS negotiated (the client: netkit bench on the JDK's SSLEngine, verifying the certificate): "
                  + "; ".join(f"{label(s)} {', '.join(sorted(negotiated[s]))}" for s in servers if s in negotiated) + "."]

    lines += proxy_table(proxy_runs)
    lines += incomplete(all_runs)
    print("\n".join(lines))


def incomplete(runs):
    failed = [r for r in runs if not r.get("bench") or not r["bench"].get("complete", False)]
    if not failed:
        return []
    lines = ["", "Incomplete runs (a connection failed, an echo never came back, or the server did not start):", ""]
    for r in failed:
        lines.append(f"- {r['test']} {label(r['server'])} run {r['rep']}: {r.get('note') or summary(r.get('bench'))}")
    return lines


def proxy_table(runs):
    """The proxy rows: each forwarder's rate, netkit's ratio to HAProxy and socat, and the
    forwarder's CPU time per MB relayed (the bytes out and back both counted)."""
    if not runs:
        return []
    fwds = [f for f in FORWARDERS if any(r["server"] == f for r in runs)]
    names = {"fwd-netkit": "netkit relay", "fwd-haproxy": "HAProxy", "fwd-socat": "socat"}
    lines = ["", "Through a TCP forwarder to netkit's raw echo (epoll, on the CPU named above); the forwarder on the",
             "server CPU: `netkit relay tcp-listen tcp` (epoll, splicing), HAProxy in TCP mode, socat TCP-LISTEN,fork;",
             "for the TLS rows, the forwarder terminates TLS (`relay tls-listen`, HAProxy `ssl crt`). Then the",
             "forwarder's CPU time per MB relayed, out and back both counted, in milliseconds.", ""]
    head = ["workload", "unit"] + [names[f] for f in fwds]
    ratios = [p for p in ("fwd-haproxy", "fwd-socat") if p in fwds and "fwd-netkit" in fwds]
    head += [f"netkit / {names[p]}" for p in ratios]
    head += [f"{names[f]} ms/MB" for f in fwds]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for key, title, unit in PROXY:
        mine = [r for r in runs if r["test"] == key and r.get("bench")]
        if not mine:
            continue
        rate, cost = {}, {}
        for f in fwds:
            ok = [r for r in mine if r["server"] == f]
            if not ok:
                continue
            if unit == "MB/s":
                rate[f] = statistics.median(r["bench"]["mb_per_s"] for r in ok)
                moved = [2 * r["bench"]["mb_per_s"] for r in ok]
            else:
                rate[f] = statistics.median(r["bench"]["operations_per_s"] for r in ok)
                moved = [r["bench"]["operations_per_s"] * 128 / 1e6 for r in ok]
            per_mb = [r["server_cpu_pct"] * 10 / m for r, m in zip(ok, moved) if m]
            cost[f] = statistics.median(per_mb) if per_mb else None
        n = max(len([r for r in mine if r["server"] == f]) for f in fwds)
        row = [f"{title} (n={n})", unit]
        row += [(f"{rate[f]:,.1f}" if unit == "MB/s" else f"{rate[f]:,.0f}") if f in rate else "-" for f in fwds]
        for p in ratios:
            a, b = rate.get("fwd-netkit"), rate.get(p)
            row.append(f"{a / b:.2f}x" if a is not None and b else "-")
        row += [f"{cost[f]:.2f}" if cost.get(f) is not None else "-" for f in fwds]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def label(server):
    if server.endswith("-3nodes"):
        return server.replace("netkit-", "netkit ").replace("-3nodes", ", 3 nodes on Redis")
    if server.endswith("-quiet"):
        return server.replace("netkit-", "netkit ").replace("-quiet", ", no join notices")
    return {"netty": "Netty epoll", "netty-flush": "Netty epoll, flush per read", "node": "Node",
            "c": "C epoll"}.get(server, server.replace("netkit-", "netkit "))


def latency_of(b, field, q):
    """A percentile of a run's latencies; a single node's cross- and same-node ones are not there."""
    if field != "latency_us" and b.get("nodes", 1) < 2:
        raise KeyError(field)
    return b[field][q]


def fanout_title(title, runs, key="fanout"):
    b = next((r["bench"] for r in runs if r["test"] == key and r.get("bench")), None)
    if not b:
        return title
    paced = f" at {b['rate']:,} messages/s" if b.get("rate") else ""
    return f"{title}, {b['connections']:,} members, {b['senders']} senders{paced}"


def summary(b):
    if not b:
        return "no result"
    keys = ("errors", "opened", "answered", "open_at_end", "failure", "sequence_errors", "undelivered")
    return ", ".join(f"{k}={b[k]}" for k in keys if k in b and b[k] not in ("", None))


if __name__ == "__main__":
    main()
