#!/usr/bin/python3
"""The platform-scale ladder of issue 18 (bench/README.md, "Scale").

Run through bench/scale.sh, which builds bench/work/refnet and bench/work/gen.
For each size (people; about ten referral rows a person) it generates a
seeded platform-shaped referral log with bench/gen, then times whole
commands, each a process of its own started from this small driver, with
its peak resident memory from wait4 (Linux keeps a parent's peak across
fork and exec, so the launcher must stay small; this one is ~10 MiB):

  refnet ingest contacts.csv referrals.csv (fresh store), refnet stats
  (reopens the store), centrality --measure pagerank, sources, reciprocity
  --list people, foodchain of the top PageRank person, health, report, and
  log of one referral and an ingest of 100 new rows (last, as they change
  the network);

and, side by side, sqlite3 importing the same two CSV files into a file
database and Python + igraph reading referrals.csv into a graph (and running
PageRank). It writes bench/results/scale-<date>.md with time and peak memory
per command and size, ratios to the peers and the log-log growth exponent
between consecutive sizes.

Environment: BENCH_SCALE_SIZES (comma-separated people counts, default
10000,100000), BENCH_SCALE_MAX (largest size to run, default 100000; set
1000000 to add the million-person rung), BENCH_SCALE_ROWS (rows per person,
default 10), BENCH_SCALE_TIMEOUT (seconds per command, default 900),
BENCH_SCALE_OUT (result file name, default scale-<date>.md), BENCH_SCALE_ONLY
(comma-separated command keys to run, for a quick look).
"""

import datetime
import json
import math
import os
import platform
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "work")
SCALE = os.path.join(WORK, "scale")
RESULTS = os.path.join(ROOT, "bench", "results")
REFNET = os.path.join(WORK, "refnet")
GEN = os.path.join(WORK, "gen")
PYTHON = "/usr/bin/python3"
SQLITE = shutil.which("sqlite3")

MAX = int(os.environ.get("BENCH_SCALE_MAX", "100000"))
SIZES = [int(s) for s in os.environ.get("BENCH_SCALE_SIZES", "10000,100000,1000000").split(",") if s]
SIZES = [n for n in SIZES if n <= MAX]
ROWS = int(os.environ.get("BENCH_SCALE_ROWS", "10"))
TIMEOUT = float(os.environ.get("BENCH_SCALE_TIMEOUT", "900"))
ONLY = [k for k in os.environ.get("BENCH_SCALE_ONLY", "").split(",") if k]
PEER_ENV = dict(os.environ, OMP_NUM_THREADS="1")
# BENCH_SCALE_BASE: another refnet binary (e.g. built from main before a
# change) whose commands are timed in the same run, up to BENCH_SCALE_BASE_MAX
# people (default 100000), for before/after ratios.
BASE = os.environ.get("BENCH_SCALE_BASE", "")
BASE_MAX = int(os.environ.get("BENCH_SCALE_BASE_MAX", "100000"))
BASE_DESC = os.environ.get("BENCH_SCALE_BASE_DESC", BASE)

IGRAPH_READ = r"""
import csv, sys, igraph
ids = {}
src, dst = [], []
with open(sys.argv[1], newline="") as f:
    r = csv.reader(f)
    next(r)
    for row in r:
        a = ids.setdefault(row[0], len(ids))
        b = ids.setdefault(row[1], len(ids))
        src.append(a); dst.append(b)
g = igraph.Graph(n=len(ids), edges=list(zip(src, dst)), directed=True)
g.es["weight"] = 1
g.simplify(multiple=True, loops=False, combine_edges="sum")
if sys.argv[2] == "pagerank":
    pr = g.pagerank(weights="weight")
    names = {v: k for k, v in ids.items()}
    top = sorted(range(len(pr)), key=lambda i: -pr[i])[:10]
    print(" ".join(names[i] for i in top))
print(g.vcount(), g.ecount())
"""


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def measure(argv, env=None, stdout=None, timeout=TIMEOUT, sample=None):
    """Run argv to its end; return (wall s, cpu s, peak RSS MiB, stdout text, timed out).
    sample, when given, is called with the process id at every poll (20 ms)."""
    t0 = time.perf_counter()
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    p = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    killed = False
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if sample:
            sample(p.pid)
        if time.perf_counter() - t0 > timeout:
            os.kill(p.pid, signal.SIGKILL)
            killed = True
            pid, status, ru = os.wait4(p.pid, 0)
            break
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if stdout:
        out.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0 and not killed:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {err[-2000:]}")
    text = open(stdout).read() if stdout else ""
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0, text, killed


def gen(n):
    d = os.path.join(SCALE, f"p{n}")
    stamp = os.path.join(d, "done")
    want = f"{n} {n * ROWS} 1\n"
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        shutil.rmtree(d, ignore_errors=True)
        log(f"generating {n} people, {n * ROWS} rows")
        subprocess.run([GEN, "-people", str(n), "-referrals", str(n * ROWS), "-seed", "1", "-out", d], check=True)
        open(stamp, "w").write(want)
    return d


def run_size(n):
    res = {"people": n, "rows": 0, "csv_mb": 0, "cmds": {}}
    run_refnet(n, res, REFNET, "", "store")
    if BASE and n <= BASE_MAX:
        run_refnet(n, res, BASE, "base:", "store-base")
    return res


def run_refnet(n, res, refnet, prefix, storename):
    d = gen(n)
    contacts, refs = os.path.join(d, "contacts.csv"), os.path.join(d, "referrals.csv")
    store = os.path.join(d, storename)
    res["rows"], res["csv_mb"] = n * ROWS, os.path.getsize(refs) / 1e6
    peers = prefix == ""

    def rec(key, label, argv, env=None, stdout=None, before=None):
        if ONLY and key not in ONLY:
            return None
        if not peers and not argv[0].endswith("refnet") and argv[0] != refnet:
            return None
        key, label = prefix + key, prefix + label
        if before:
            before()
        log(f"{n}: {label}")
        wall, cpu, rss, text, killed = measure(argv, env=env, stdout=stdout)
        res["cmds"][key] = {"label": label, "wall": wall, "cpu": cpu, "rss": rss, "killed": killed}
        log(f"{n}: {label}: {wall:.2f} s, {rss:.0f} MiB" + (" (killed)" if killed else ""))
        return text

    db = [refnet, "--db", store, "--quiet"]
    net = ["--network", "scale"]
    rec("ingest", "refnet ingest", db + ["ingest", *net, contacts, refs],
        before=lambda: shutil.rmtree(store, ignore_errors=True))
    rec("stats", "refnet stats (reopen)", db + ["stats", *net])
    out = rec("pagerank", "refnet centrality --measure pagerank",
              db + ["centrality", "--measure", "pagerank", "--top", "1", "--format", "csv", *net],
              stdout=os.path.join(d, "pagerank.csv"))
    top = "p000001"
    if out:
        lines = out.strip().splitlines()
        if len(lines) > 1:
            top = lines[1].split(",")[1] if lines[0].split(",")[1] in ("id", "person") else lines[1].split(",")[0]
    if peers:
        res["top"] = top
    rec("sources", "refnet sources", db + ["sources", *net])
    rec("reciprocity", "refnet reciprocity --list people", db + ["reciprocity", "--list", "people", *net])
    rec("foodchain", "refnet foodchain TOP", db + ["foodchain", top, *net])
    rec("health", "refnet health", db + ["health", *net])
    rec("health-for", "refnet health --for TOP", db + ["health", *net, "--for", top])
    rec("report", "refnet report", db + ["report", *net, "-o", os.path.join(d, "report.html")])
    rec("report-for", "refnet report --for TOP", db + ["report", *net, "--for", top, "-o", os.path.join(d, "report-for.html")])
    rec("neo4j", "refnet export --to neo4j (streamed)", db + ["export", *net, "--to", "neo4j", "-o", os.path.join(d, "neo4j")],
        before=lambda: shutil.rmtree(os.path.join(d, "neo4j"), ignore_errors=True))
    rec("log", "refnet log (one referral)", db + ["log", *net, "p000001", "p000002", "--date", "2025-12-31",
                                                  "--value", "500", "--status", "open"])
    extra = os.path.join(d, "append.csv")
    with open(extra, "w") as f:
        f.write("from,to,date,value,status,prospect,note\n")
        for k in range(100):
            f.write(f"p{1 + k * 7 % n:06d},p{1 + (k * 13 + 5) % n:06d},2025-12-31,{100 + k},open,appended {k},\n")
    rec("append", "refnet ingest of 100 new rows", db + ["ingest", *net, extra])
    if SQLITE and peers:
        sq = os.path.join(d, "import.sqlite")
        rec("sqlite", "sqlite3 .import (both CSVs)",
            [SQLITE, sq, ".mode csv", f".import {contacts} contacts", f".import {refs} referrals"],
            before=lambda: os.path.exists(sq) and os.remove(sq))
    if peers:
        rec("igraph", "python3 + igraph: read CSV, build graph", [PYTHON, "-c", IGRAPH_READ, refs, "read"], env=PEER_ENV)
        rec("igraph-pr", "python3 + igraph: read CSV, PageRank",
            [PYTHON, "-c", IGRAPH_READ, refs, "pagerank"], env=PEER_ENV)
    if os.path.exists(os.path.join(d, "import.sqlite")):
        os.remove(os.path.join(d, "import.sqlite"))


ORDER = ["ingest", "stats", "pagerank", "sources", "reciprocity", "foodchain", "health", "health-for", "report",
         "report-for", "neo4j", "log", "append",
         "sqlite", "igraph", "igraph-pr"]
RATIOS = [("ingest", "sqlite", "ingest / sqlite3 import"), ("ingest", "igraph", "ingest / igraph read+build"),
          ("pagerank", "igraph-pr", "centrality pagerank / igraph read+PageRank")]


def fmt(x, digits=3):
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}g}"


def slope(a, b, n1, n2):
    if not a or not b or a <= 0 or b <= 0:
        return None
    return math.log(b / a) / math.log(n2 / n1)


def write(results, started, load_before, minutes):
    def out(cmd):
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True).stdout.strip()
    date = datetime.datetime.now(datetime.timezone.utc)
    name = os.environ.get("BENCH_SCALE_OUT") or f"scale-{date:%Y-%m-%d}.md"
    sizes = [r["people"] for r in results]
    L = []
    L.append(f"# refnet at platform scale: {date:%Y-%m-%d %H:%M} UTC\n")
    L.append("Generated by `bench/scale.sh` (bench/README.md, \"Scale\"). Every cell is one whole process "
             "(start to exit) started from a small Python launcher; peak RSS from wait4.\n")
    commit = COMMIT
    sqlv = out([SQLITE, "--version"]).split(" ")[0] if SQLITE else "no sqlite3"
    L.append(f"- refnet {commit}, {out(['go', 'version'])}; Python {platform.python_version()}; sqlite3 {sqlv}")
    loadafter = " ".join(f"{x:.2f}" for x in os.getloadavg())
    L.append(f"- Machine: {os.cpu_count()} cores; load average before {load_before}, after {loadafter}; "
             f"run took {minutes:.1f} min")
    ran = ", ".join(f"{r['people']:,} people / {r['rows']:,} rows ({r['csv_mb']:.0f} MB CSV)" for r in results)
    notrun = ", ".join(f"{n:,}" for n in [10000, 100000, 1000000] if n not in sizes) or "none"
    L.append(f"- Sizes run: {ran}; sizes not run: {notrun} (BENCH_SCALE_MAX={MAX})")
    L.append("- Data: `bench/gen -people N -referrals 10N -seed 1` (chapters of 20-60, heavy-tailed activity, dates, "
             "values, statuses, prospects, notes) plus its contacts.csv; refnet ingests both files, sqlite3 "
             "`.import`s both into a file database, igraph reads referrals.csv (Python csv module) and builds "
             "the summed simple graph.\n")
    head = "| command | " + " | ".join(f"{n:,}: s / MiB" for n in sizes) + " | " + \
        " | ".join(f"slope {a:,}→{b:,} time / mem" for a, b in zip(sizes, sizes[1:])) + " |"
    L.append(head)
    L.append("|---|" + "---:|" * (len(sizes) + len(sizes) - 1))
    if len(sizes) == 1:
        L[-2] = L[-2].rsplit(" | ", 1)[0] + " |"
    for key in ORDER:
        cells, label = [], None
        for r in results:
            c = r["cmds"].get(key)
            if c:
                label = c["label"]
                cells.append(f"{'>' if c['killed'] else ''}{fmt(c['wall'])} / {c['rss']:.0f}")
            else:
                cells.append("—")
        if not label:
            continue
        if key in ("foodchain", "health-for", "report-for"):
            label = label.replace("TOP", "").strip() + f" (top PageRank: {', '.join(r.get('top', '?') for r in results)})"
        sl = []
        for a, b in zip(results, results[1:]):
            ca, cb = a["cmds"].get(key), b["cmds"].get(key)
            if ca and cb and not ca["killed"] and not cb["killed"]:
                st, sm = slope(ca["wall"], cb["wall"], a["people"], b["people"]), slope(ca["rss"], cb["rss"], a["people"], b["people"])
                sl.append(f"{st:.2f} / {sm:.2f}")
            else:
                sl.append("—")
        L.append(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(sl) + " |")
    L.append("\n`>` marks a command killed after BENCH_SCALE_TIMEOUT. The slope is the log-log growth exponent "
             "between two sizes (1 = linear in people, and in rows: rows are 10 per person).\n")
    L.append("## Ratios to the peers (same size, same run; below 1 means refnet is faster or smaller)\n")
    L.append("| ratio | " + " | ".join(f"{n:,} time / mem" for n in sizes) + " |")
    L.append("|---|" + "---:|" * len(sizes))
    for a, b, label in RATIOS:
        cells = []
        for r in results:
            ca, cb = r["cmds"].get(a), r["cmds"].get(b)
            cells.append(f"{ca['wall'] / cb['wall']:.2f} / {ca['rss'] / cb['rss']:.2f}" if ca and cb else "—")
        L.append(f"| {label} | " + " | ".join(cells) + " |")
    if any(k.startswith("base:") for r in results for k in r["cmds"]):
        L.append(f"\n## This commit against BENCH_SCALE_BASE ({BASE_DESC}), same run\n")
        L.append("Ratios this / base of wall time and peak RSS; below 1 means this commit is faster or smaller. "
                 "Base cells are seconds / MiB.\n")
        based = [r for r in results if any(k.startswith("base:") for k in r["cmds"])]
        L.append("| command | " + " | ".join(f"{r['people']:,}: base s / MiB | {r['people']:,}: ratio time / mem" for r in based) + " |")
        L.append("|---|" + "---:|---:|" * len(based))
        for key in ORDER:
            cells, label = [], None
            for r in based:
                c, b = r["cmds"].get(key), r["cmds"].get("base:" + key)
                if c and b:
                    label = c["label"]
                    cells.append(f"{'>' if b['killed'] else ''}{fmt(b['wall'])} / {b['rss']:.0f}")
                    cells.append(f"{c['wall'] / b['wall']:.2f} / {c['rss'] / b['rss']:.2f}")
                else:
                    cells += ["—", "—"]
            if label:
                L.append(f"| {label} | " + " | ".join(cells) + " |")
    text = "\n".join(L) + "\n"
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, name), "w") as f:
        f.write(text)
    with open(os.path.join(WORK, "scale.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(text)


def source_commit():
    """The commit the binaries were built from (bench/scale.sh builds them just before)."""
    def out(cmd):
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = bool(out(["git", "status", "--porcelain", "--", "graph", "ingest", "view", "cmd", "analysis", "model",
                      "identity", "viz", "output", "export", "bench/gen", "go.mod"]))
    return out(["git", "rev-parse", "--short", "HEAD"]) + (" (with uncommitted changes)" if dirty else "")


COMMIT = source_commit()


def main():
    os.makedirs(SCALE, exist_ok=True)
    started = time.time()
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results = [run_size(n) for n in SIZES]
    write(results, started, load_before, (time.time() - started) / 60)


if __name__ == "__main__":
    main()
