#!/usr/bin/python3
"""Side-by-side benchmark of refnet, igraph and NetworkX (bench/README.md).

Run through bench/run.sh, which builds bench/work/refnet and
bench/work/kernels first. Every (tool, dataset, operation) runs in its own
process (bench/work/kernels for refnet, bench/peers.py for the peers); the
process repeats the operation and reports the median; this driver reads the
process's peak resident memory from wait4. It then times whole refnet
commands and whole Python processes, checks the targets of the performance
issue and writes bench/results/<date>.md and bench/results/latest.md.

Environment: REPS (default 5), BENCH_BUDGET (seconds of repetitions per
process, default 60), BENCH_EPINIONS_EXACT=1 (also exact betweenness on
soc-Epinions1, one repetition each: minutes), BENCH_NX_LIMIT (seconds;
NetworkX exact betweenness whose estimate is longer is reported as the
estimate, default 600), BENCH_NX_EST_SAMPLES (sources of that estimate,
default 100), BENCH_DATASETS (comma-separated subset), BENCH_SKIP_WHOLE=1
(skip the whole-process section).
"""

import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, "bench", "work")
RESULTS = os.path.join(ROOT, "bench", "results")
REFNET = os.path.join(WORK, "refnet")
KERNELS = os.path.join(WORK, "kernels")
PEERS = os.path.join(ROOT, "bench", "peers.py")
PYTHON = "/usr/bin/python3"
STORE = os.path.join(WORK, "store")

DATASETS = [
    ("soc-Epinions1", "testdata/data/snap-soc-Epinions1/soc-Epinions1.txt.gz"),
    ("konect-advogato", "testdata/data/konect-advogato/out.advogato"),
    ("bitcoin-otc", "testdata/data/bitcoin-otc/soc-sign-bitcoinotc.csv.gz"),
    ("email-Eu-core", "testdata/data/snap-email-Eu-core/email-Eu-core.txt"),
]
EPINIONS = "soc-Epinions1"
# Datasets whose every analysis kernel has a ratio target.
TARGET_DATASETS = ["soc-Epinions1", "konect-advogato", "bitcoin-otc"]
ANALYSES = ["pagerank", "betweenness", "betweenness-sampled", "reciprocity", "scc", "foodchain"]
OP_NAMES = {
    "load": "load from text",
    "open-load": "reopen store + load",
    "pagerank": "PageRank",
    "betweenness": "betweenness, exact",
    "betweenness-sampled": "betweenness, 1,000 sources",
    "reciprocity": "reciprocity",
    "scc": "strong components",
    "foodchain": "food chain (top PageRank)",
}

REPS = int(os.environ.get("REPS", "5"))
BUDGET = float(os.environ.get("BENCH_BUDGET", "60"))
EPINIONS_EXACT = os.environ.get("BENCH_EPINIONS_EXACT") == "1"
NX_LIMIT = float(os.environ.get("BENCH_NX_LIMIT", "600"))
NX_EST_SAMPLES = int(os.environ.get("BENCH_NX_EST_SAMPLES", "100"))
ONLY = [d for d in os.environ.get("BENCH_DATASETS", "").split(",") if d]
SKIP_WHOLE = os.environ.get("BENCH_SKIP_WHOLE") == "1"

PEER_ENV = dict(os.environ, OMP_NUM_THREADS="1")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def measure(argv, env=None, capture=True):
    """Run argv; return (stdout, wall s, cpu s, peak RSS MiB) from wait4."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env, cwd=ROOT)
    chunks = []
    if capture:
        chunks.append(p.stdout.read())
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {p.returncode}: {err.decode(errors='replace')[-2000:]}")
    out = b"".join(chunks).decode()
    return out, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def refnet_op(dataset, file, op, reps=REPS, extra=()):
    argv = [KERNELS, "-dataset", dataset, "-file", file, "-store", STORE, "-op", op,
            "-reps", str(reps), "-budget", f"{BUDGET}s", *extra]
    if op == "load":
        argv[argv.index("-op") + 1] = "load-text"
    out, _, _, rss = measure(argv)
    res = json.loads(out)
    res["rss"] = rss
    return res


def peer_op(tool, dataset, file, op, reps=REPS, extra=()):
    argv = [PYTHON, PEERS, "--tool", tool, "--dataset", dataset, "--file", file, "--op", op,
            "--reps", str(reps), "--budget", str(BUDGET), *extra]
    out, _, _, rss = measure(argv, env=PEER_ENV)
    res = json.loads(out)
    res["rss"] = rss
    return res


def cpu_median(r):
    return statistics.median(r["cpu"]) if r and r.get("cpu") else None


def ingest_stores(datasets):
    """Ingest every dataset into a fresh bench store (network = dataset)."""
    shutil.rmtree(STORE, ignore_errors=True)
    for name, file in datasets:
        measure([REFNET, "--db", STORE, "--quiet", "ingest", "--network", name, file])


def compute_section(datasets):
    rows = []  # (dataset, op, {tool: result})
    for name, file in datasets:
        ops = ["load", "open-load", "pagerank"]
        if name != EPINIONS or EPINIONS_EXACT:
            ops.append("betweenness")
        if name == EPINIONS:
            ops.append("betweenness-sampled")
        ops += ["reciprocity", "scc", "foodchain"]
        results_by_op = {}
        for op in ops:
            res = {}
            slow = op == "betweenness" and name == EPINIONS
            reps = 1 if slow else REPS
            log(f"{name} {op}: refnet")
            res["refnet"] = refnet_op(name, file, op, reps)
            if op != "open-load":
                for tool in ("igraph", "networkx"):
                    log(f"{name} {op}: {tool}")
                    if tool == "networkx" and op == "betweenness":
                        res[tool] = nx_exact_betweenness(name, file, results_by_op)
                    elif tool == "igraph" and op == "betweenness-sampled":
                        res[tool] = None  # filled from the exact run below, if any
                    else:
                        res[tool] = peer_op(tool, name, file, op, reps)
            results_by_op[op] = res
            rows.append((name, op, res))
        # igraph has no sampled betweenness: estimate it from its exact run.
        samp = results_by_op.get("betweenness-sampled")
        exact = results_by_op.get("betweenness")
        if samp is not None:
            if exact and exact.get("igraph"):
                ig = exact["igraph"]
                n = ig.get("nodes") or exact["refnet"]["nodes"]
                samp["igraph"] = {"median": ig["median"] * 1000 / n, "estimate": True,
                                  "note": "igraph exact time x 1000/N", "rss": ig["rss"], "cpu": [c * 1000 / n for c in ig["cpu"]]}
            # NetworkX exact on Epinions: estimated from its sampled run.
            if exact is not None and samp.get("networkx"):
                nx = samp["networkx"]
                n = nx.get("nodes") or samp["refnet"]["nodes"]
                exact["networkx"] = {"median": nx["median"] * n / 1000, "estimate": True,
                                     "note": "NetworkX 1,000-source time x N/1000", "rss": nx["rss"],
                                     "cpu": [c * n / 1000 for c in nx["cpu"]]}
    return rows


def nx_exact_betweenness(name, file, results_by_op):
    """NetworkX exact betweenness, or its estimate when that exceeds NX_LIMIT."""
    if name == EPINIONS:
        return None  # filled from the sampled run
    est = peer_op("networkx", name, file, "betweenness-estimate", reps=1, extra=("--samples", str(NX_EST_SAMPLES)))
    if est["median"] > NX_LIMIT:
        est["estimate"] = True
        est["note"] = f"NetworkX {NX_EST_SAMPLES}-source time x N/{NX_EST_SAMPLES}"
        return est
    return peer_op("networkx", name, file, "betweenness", reps=REPS)


def whole_section(top_person):
    """Whole processes on soc-Epinions1, as a user runs them."""
    file = dict(DATASETS)[EPINIONS]
    rows = []

    def rep(label, argv, env=None, before=None, note=""):
        walls, cpus, rsss = [], [], []
        for _ in range(REPS):
            if before:
                before()
            _, wall, cpu, rss = measure(argv, env=env, capture=False)
            walls.append(wall)
            cpus.append(cpu)
            rsss.append(rss)
        rows.append({"label": label, "wall": statistics.median(walls), "cpu": statistics.median(cpus),
                     "rss": max(rsss), "reps": REPS, "note": note})
        log(f"whole: {label}: {statistics.median(walls):.3f} s")

    fresh = os.path.join(WORK, "store-ingest")
    rep("refnet ingest (fresh store)", [REFNET, "--db", fresh, "--quiet", "ingest", "--network", EPINIONS, file],
        before=lambda: shutil.rmtree(fresh, ignore_errors=True))
    shutil.rmtree(fresh, ignore_errors=True)
    db = [REFNET, "--db", STORE, "--quiet"]
    rep("refnet stats", db + ["stats", "--network", EPINIONS])
    rep("refnet centrality --measure pagerank", db + ["centrality", "--measure", "pagerank", "--network", EPINIONS])
    rep("refnet centrality --measure betweenness --samples 1000", db + ["centrality", "--measure", "betweenness",
                                                                       "--samples", "1000", "--network", EPINIONS])
    rep("refnet reciprocity --list network", db + ["reciprocity", "--list", "network", "--network", EPINIONS])
    if top_person:
        rep(f"refnet foodchain {top_person}", db + ["foodchain", top_person, "--network", EPINIONS])
    rep("python3: parse + igraph PageRank", [PYTHON, PEERS, "--tool", "igraph", "--dataset", EPINIONS, "--file", file,
                                             "--op", "whole-pagerank"], env=PEER_ENV)
    rep("python3: parse + NetworkX PageRank", [PYTHON, PEERS, "--tool", "networkx", "--dataset", EPINIONS, "--file", file,
                                               "--op", "whole-pagerank"], env=PEER_ENV)
    return rows


def rel_close(a, b, tol):
    return abs(a - b) <= tol * max(abs(a), abs(b), 1e-300)


def agreement(op, res):
    """Whether the tools' answers agree: 'yes', '—' or 'NO: ...'."""
    r = res.get("refnet") or {}
    rc = r.get("check") or {}
    bad = []
    for tool in ("igraph", "networkx"):
        p = res.get(tool)
        if not p or p.get("estimate") or p.get("unsupported") or "check" not in p:
            continue
        pc = p["check"]
        if op in ("load",):
            ok = pc.get("nodes") == rc.get("nodes")
        elif op == "pagerank":
            # igraph's PRPACK solve agrees to 1e-5; NetworkX's default
            # stopping rule does not, so its check carries a run converged
            # as far as refnet's (untimed).
            if tool == "igraph":
                ok = pc.get("top") == rc.get("top") and rel_close(pc["top_value"], rc["top_value"], 1e-4)
            else:
                ok = pc.get("top") == rc.get("top") and rel_close(pc["top_value_tol1e-10"], rc["top_value"], 1e-6)
        elif op == "betweenness":
            ok = pc.get("top") == rc.get("top") and rel_close(pc["top_value"], rc["top_value"], 1e-6)
        elif op == "betweenness-sampled":
            continue  # different random sources
        elif op == "reciprocity":
            want = rc["reciprocity"] if tool == "igraph" else rc["reciprocity_with_loops"]
            ok = rel_close(pc["reciprocity"], want, 1e-9)
        elif op == "scc":
            ok = pc.get("components") == rc.get("components") and pc.get("largest") == rc.get("largest")
        elif op == "foodchain":
            ok = all(pc.get(k) == rc.get(k) for k in ("person", "down", "up", "asks", "top_ask"))
        else:
            continue
        if not ok:
            bad.append(f"{tool} {pc}")
    if op == "betweenness-sampled" or op == "open-load":
        return "—"
    return "yes" if not bad else "NO: " + "; ".join(bad)


def fmt_s(x, est=False):
    if x is None:
        return "n/a"
    s = f"{x:.3g}" if x < 100 else f"{x:.0f}"
    return ("est. " + s) if est else s


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(x, est=False):
    if x is None:
        return "—"
    s = f"{x:.3f}" if x < 10 else f"{x:.1f}"
    return ("est. " + s) if est else s


def tool_median(res, tool):
    p = res.get(tool)
    if not p or p.get("unsupported"):
        return None, False
    return p.get("median"), bool(p.get("estimate"))


def versions():
    def out(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, env=PEER_ENV).stdout.strip()
        except OSError:
            return "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.platform(),
        "go": out(["go", "version"]),
        "python": out([PYTHON, "-c", "import sys; print(sys.version.split()[0])"]),
        "igraph": out([PYTHON, "-c", "import igraph; print(igraph.__version__)"]),
        "networkx": out([PYTHON, "-c", "import networkx; print(networkx.__version__)"]),
        "commit": out(["git", "rev-parse", "--short", "HEAD"]),
        "dirty": bool(out(["git", "status", "--porcelain", "--", "graph", "analysis", "ingest", "bench", "cmd"])),
    }


def targets(rows, whole):
    """Evaluate the issue's targets: list of (target, measured, met)."""
    out = []
    by = {(d, op): res for d, op, res in rows}
    for d in TARGET_DATASETS:
        for op in ANALYSES:
            res = by.get((d, op))
            if not res:
                continue
            r = res["refnet"]["median"]
            ig, ig_est = tool_median(res, "igraph")
            nx, nx_est = tool_median(res, "networkx")
            ri, rn = ratio(r, ig), ratio(r, nx)
            parts, met = [], True
            if ri is not None:
                parts.append(f"refnet/igraph {fmt_ratio(ri, ig_est)}")
                met &= ri <= 1.0
            if rn is not None:
                parts.append(f"refnet/NetworkX {fmt_ratio(rn, nx_est)}")
                met &= rn <= 0.05
            out.append((f"{d} {OP_NAMES[op]}: ≤ 1.0× igraph, ≥ 20× faster than NetworkX", ", ".join(parts), met))
    res = by.get((EPINIONS, "load"))
    if res:
        r = res["refnet"]["median"]
        ig, _ = tool_median(res, "igraph")
        out.append(("soc-Epinions1 load from text ≤ igraph's (anchor 0.5 s)", f"refnet {fmt_s(r)} s, igraph {fmt_s(ig)} s",
                    ig is not None and r <= ig))
    res = by.get((EPINIONS, "betweenness"))
    if res:
        r = res["refnet"]["median"]
        out.append(("soc-Epinions1 exact betweenness < 120 s (both cores)", f"{fmt_s(r)} s", r < 120))
    else:
        out.append(("soc-Epinions1 exact betweenness < 120 s (both cores)", "not run (BENCH_EPINIONS_EXACT=1)", None))
    w = {x["label"]: x for x in whole}
    pr, py = w.get("refnet centrality --measure pagerank"), w.get("python3: parse + igraph PageRank")
    if pr and py:
        out.append(("`refnet centrality --measure pagerank` process faster than python3 + igraph process",
                    f"{fmt_s(pr['wall'])} s vs {fmt_s(py['wall'])} s", pr["wall"] < py["wall"]))
    ing = w.get("refnet ingest (fresh store)")
    if ing:
        out.append(("ingest soc-Epinions1 into a fresh store < 3 s", f"{fmt_s(ing['wall'])} s", ing["wall"] < 3))
    res = by.get((EPINIONS, "open-load"))
    if res:
        r = res["refnet"]["median"]
        out.append(("reopen ingested soc-Epinions1 into an analysable graph < 0.5 s", f"{fmt_s(r)} s", r < 0.5))
    rss = [(res["refnet"]["rss"], f"kernels {op}") for d, op, res in rows if d == EPINIONS and op in ANALYSES]
    rss += [(x["rss"], x["label"]) for x in whole if x["label"].startswith("refnet") and "ingest" not in x["label"]]
    if rss:
        worst = max(rss)
        out.append(("peak RSS of refnet for any analysis on soc-Epinions1 < 500 MiB",
                    f"{worst[0]:.0f} MiB ({worst[1]})", worst[0] < 500))
    return out


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def markdown(rows, whole, tgts, v, started, load_before, load_after, elapsed):
    L = []
    L.append(f"# refnet vs igraph vs NetworkX: {started:%Y-%m-%d %H:%M} UTC")
    L.append("")
    L.append("Generated by `bench/run.sh` (see bench/README.md for what is timed and how).")
    L.append("")
    L.append(f"- Machine: {v['cpu']}, {v['cores']} cores, {v['memory']}; {v['os']}")
    L.append(f"- refnet {v['commit']}{' (with uncommitted changes)' if v['dirty'] else ''}, {v['go']}; "
             f"Python {v['python']}, igraph {v['igraph']}, NetworkX {v['networkx']} (Debian), OMP_NUM_THREADS=1 for the peers")
    L.append(f"- REPS={REPS}, budget {BUDGET:.0f} s of repetitions per process, BENCH_EPINIONS_EXACT={'1' if EPINIONS_EXACT else '0'}; "
             f"run took {elapsed / 60:.1f} min")
    L.append(f"- Load average (1, 5, 15 min) before: {load_before}; after: {load_after}. "
             "Other processes on the machine inflate wall times; CPU seconds are less affected.")
    L.append("")
    L.append("## Compute, graph already in memory (median wall seconds)")
    L.append("")
    L.append("Each cell is one process repeating the operation; `est.` marks an estimate (see notes). "
             "Ratios below 1 mean refnet is faster. CPU is the median CPU seconds of one repetition "
             "(refnet's PageRank and betweenness use both cores). Peak RSS is the whole process's.")
    L.append("")
    L.append("| dataset | operation | refnet | igraph | NetworkX | refnet/igraph | refnet/NetworkX | CPU s refnet / igraph / NetworkX | peak RSS MiB refnet / igraph / NetworkX | reps | answers agree |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for d, op, res in rows:
        r = res["refnet"]
        ig, ig_est = tool_median(res, "igraph")
        nx, nx_est = tool_median(res, "networkx")
        cpus = " / ".join(fmt_s(cpu_median(res.get(t))) if res.get(t) and not (res[t] or {}).get("unsupported") else "—"
                          for t in ("refnet", "igraph", "networkx"))
        rss = " / ".join(f"{res[t]['rss']:.0f}" if res.get(t) and "rss" in res[t] else "—" for t in ("refnet", "igraph", "networkx"))
        reps = "/".join(str(res[t].get("reps", "—")) if res.get(t) and not res[t].get("estimate") else "est"
                        for t in ("refnet", "igraph", "networkx") if t in res)
        L.append(f"| {d} | {OP_NAMES[op]} | {fmt_s(r['median'])} | {fmt_s(ig, ig_est) if op != 'open-load' else '—'} | "
                 f"{fmt_s(nx, nx_est) if op != 'open-load' else '—'} | {fmt_ratio(ratio(r['median'], ig), ig_est)} | "
                 f"{fmt_ratio(ratio(r['median'], nx), nx_est)} | {cpus} | {rss} | {reps} | {agreement(op, res)} |")
    L.append("")
    if whole:
        L.append("## Whole processes on soc-Epinions1 (median wall seconds)")
        L.append("")
        L.append("Start to exit, as a user runs them: refnet commands on the bench store (open, load, compute, print), "
                 "`refnet ingest` into a fresh store, and Python processes that parse the file and run PageRank.")
        L.append("")
        L.append("| command | wall s | CPU s | peak RSS MiB | reps |")
        L.append("|---|---:|---:|---:|---:|")
        for x in whole:
            L.append(f"| {x['label']} | {fmt_s(x['wall'])} | {fmt_s(x['cpu'])} | {x['rss']:.0f} | {x['reps']} |")
        L.append("")
    L.append("## Targets")
    L.append("")
    L.append("| target | measured | met |")
    L.append("|---|---|---|")
    for t, m, ok in tgts:
        L.append(f"| {t} | {m} | {'yes' if ok else ('—' if ok is None else '**no**')} |")
    L.append("")
    L.append("## Answers")
    L.append("")
    L.append("What each tool computed (the check printed by each process), for the agreement column.")
    L.append("")
    L.append("| dataset | operation | refnet | igraph | NetworkX |")
    L.append("|---|---|---|---|---|")
    for d, op, res in rows:
        cells = []
        for t in ("refnet", "igraph", "networkx"):
            p = res.get(t)
            if not p:
                cells.append("—")
            elif p.get("unsupported"):
                cells.append(p["unsupported"])
            elif p.get("estimate"):
                cells.append(p.get("note", "estimate"))
            else:
                cells.append("`" + json.dumps(p.get("check"), sort_keys=True) + "`")
        L.append(f"| {d} | {OP_NAMES[op]} | " + " | ".join(cells) + " |")
    L.append("")
    L.append("## Notes")
    L.append("")
    L.append("- refnet analyses load from the bench store (`graph.Store.Load`, as the CLI); "
             "`load from text` is `ingest.ReadFile` + `graph.FromReferrals` + `analysis.Compile`; the peers' load is "
             "Python parsing plus building the igraph/NetworkX graph.")
    L.append("- python-igraph 0.10 has no source-sampled betweenness: its 1,000-source figure is its exact time × 1000/N "
             "when exact Epinions was run, else n/a. NetworkX exact betweenness is estimated from a sampled run "
             f"(time × N/k) on soc-Epinions1 and wherever the estimate exceeds {NX_LIMIT:.0f} s.")
    L.append("- The food chain exists in neither library: peers.py implements refnet's definition in Python over "
             "the library's adjacency lists and BFS, so its time is mostly Python.")
    L.append("- PageRank: refnet iterates to an L1 change below N·1e-10, NetworkX (scipy) to its default N·1e-6, igraph solves with PRPACK. NetworkX's default leaves errors of a few per cent on the largest score, so its answer check uses an untimed second run at N·1e-10 (agreement within 1e-6); igraph's must agree within 1e-4.")
    L.append("")
    return "\n".join(L)


def main():
    started = datetime.datetime.now(datetime.timezone.utc)
    t0 = time.perf_counter()
    load_before = loadavg()
    datasets = [(n, f) for n, f in DATASETS if not ONLY or n in ONLY]
    v = versions()
    log("ingesting the bench store")
    ingest_stores(datasets)
    rows = compute_section(datasets)
    top = None
    for d, op, res in rows:
        if d == EPINIONS and op == "pagerank":
            top = res["refnet"]["check"]["top"]
    whole = [] if SKIP_WHOLE or not any(n == EPINIONS for n, _ in datasets) else whole_section(top)
    tgts = targets(rows, whole)
    md = markdown(rows, whole, tgts, v, started, load_before, loadavg(), time.perf_counter() - t0)
    os.makedirs(RESULTS, exist_ok=True)
    path = os.path.join(RESULTS, f"{started:%Y-%m-%d}.md")
    for p in (path, os.path.join(RESULTS, "latest.md")):
        with open(p, "w") as f:
            f.write(md)
    with open(os.path.join(WORK, "last-run.json"), "w") as f:
        json.dump({"rows": rows, "whole": whole}, f, indent=1, default=str)
    print(md)
    log(f"wrote {path} and bench/results/latest.md")


if __name__ == "__main__":
    main()
