#!/usr/bin/python3
"""Memory of refnet export --to neo4j, loaded versus streamed (issue 18).

Run through bench/neo4j_stream.sh, which builds bench/work/refnet and
bench/work/gen. For each size (people; ten referral rows a person, as the
scale ladder) it generates the seeded log with bench/gen (shared with
bench/scale.py, in bench/work/scale/pN/), ingests it once into a store of
its own, then times whole processes started from this small launcher, with
peak resident memory from wait4 (as bench/scale.py does):

  refnet export --to neo4j --stream=false   loads the network (view.Network), then writes
  refnet export --to neo4j                  streams: one segment at a time (graph.Scan)

and checks that the two exports wrote the same bytes. It writes
bench/results/neo4j-stream.md (BENCH_NEO4J_OUT) with time and peak memory of
both (wait4's peak RSS, and the peaks of anonymous memory and of mapped store
files sampled from /proc), streamed / loaded ratios, and the growth of each
between sizes.

Environment: BENCH_NEO4J_SIZES (comma-separated people counts, default
100000), BENCH_NEO4J_REPEAT (runs of each export per size, default 1; the
table gives the median), BENCH_SCALE_ROWS and BENCH_SCALE_TIMEOUT as
bench/scale.py.
"""

import datetime
import filecmp
import os
import platform
import shutil
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale  # noqa: E402  (measure, gen, paths)

SIZES = [int(s) for s in os.environ.get("BENCH_NEO4J_SIZES", "100000").split(",") if s]
REPEAT = int(os.environ.get("BENCH_NEO4J_REPEAT", "1"))
OUT = os.environ.get("BENCH_NEO4J_OUT", "neo4j-stream.md")


def measure(argv, stdout):
    """scale.measure, also sampling /proc/PID/status at every poll for the
    peaks of RssAnon (heap, stacks: what the process allocated) and RssFile
    (pages of mapped files: Badger maps its tables, so every table page a
    command reads counts in its RSS; the kernel can drop them under
    pressure). Returns (wall s, cpu s, peak RSS MiB, peak anon MiB, peak
    file MiB, stdout text, timed out)."""
    peak = {"RssAnon:": 0, "RssFile:": 0}

    def sample(pid):
        try:
            for line in open(f"/proc/{pid}/status"):
                key = line.split(":", 1)[0] + ":"
                if key in peak:
                    peak[key] = max(peak[key], int(line.split()[1]))
        except OSError:
            pass

    wall, cpu, rss, text, killed = scale.measure(argv, stdout=stdout, sample=sample)
    return wall, cpu, rss, peak["RssAnon:"] / 1024.0, peak["RssFile:"] / 1024.0, text, killed


def run_size(n):
    d = scale.gen(n)
    store = os.path.join(d, "store-neo4j")
    stamp = os.path.join(store, "ingested")
    db = [scale.REFNET, "--db", store, "--quiet"]
    res = {"people": n, "rows": n * scale.ROWS}
    if not os.path.exists(stamp):
        shutil.rmtree(store, ignore_errors=True)
        scale.log(f"{n}: ingest")
        wall, _, rss, _, _ = scale.measure(db + ["ingest", "--network", "scale", os.path.join(d, "contacts.csv"),
                                                 os.path.join(d, "referrals.csv")])
        open(stamp, "w").write(f"{wall:.1f} s, {rss:.0f} MiB\n")
    res["ingest"] = open(stamp).read().strip()
    res["store_mb"] = sum(e.stat().st_size for e in os.scandir(store) if e.is_file()) / 1e6
    for key, extra in (("loaded", ["--stream=false"]), ("streamed", [])):
        out = os.path.join(d, "neo4j-" + key)
        runs = []
        for _ in range(REPEAT):
            shutil.rmtree(out, ignore_errors=True)
            wall, cpu, rss, anon, filemap, text, killed = measure(
                db + ["export", "--network", "scale", "--to", "neo4j", "-o", out] + extra,
                stdout=os.path.join(d, "neo4j-" + key + ".txt"))
            runs.append((wall, cpu, rss, anon, filemap, killed))
            scale.log(f"{n}: export {key}: {wall:.2f} s, {rss:.0f} MiB (anon {anon:.0f}, mapped files {filemap:.0f})")
        res[key] = {"wall": statistics.median(r[0] for r in runs), "cpu": statistics.median(r[1] for r in runs),
                    "rss": statistics.median(r[2] for r in runs), "anon": statistics.median(r[3] for r in runs),
                    "file": statistics.median(r[4] for r in runs), "killed": any(r[5] for r in runs),
                    "summary": text.splitlines()[0] if text else ""}
    a, b = os.path.join(d, "neo4j-loaded"), os.path.join(d, "neo4j-streamed")
    res["same"] = all(filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False)
                      for f in ("nodes.csv", "relationships.csv"))
    res["mb"] = sum(os.path.getsize(os.path.join(b, f)) for f in ("nodes.csv", "relationships.csv")) / 1e6
    for k in ("loaded", "streamed"):
        shutil.rmtree(os.path.join(d, "neo4j-" + k), ignore_errors=True)
    return res


def write(results, started, minutes):
    L = ["# refnet export --to neo4j: loaded versus streamed (issue 18)", "",
         f"Run {datetime.date.today().isoformat()} by bench/neo4j_stream.sh on {platform.machine()}, "
         f"{os.cpu_count()} cores, commit {scale.COMMIT}; load average before "
         f"{' '.join(f'{x:.2f}' for x in started)}; {minutes:.1f} minutes. "
         "Whole processes started from a small Python launcher; wall time and peak RSS from wait4 "
         f"(median of {REPEAT} run{'s' if REPEAT > 1 else ''}). Data: `bench/gen -people N -referrals 10N -seed 1`, "
         "ingested once into a fresh store.", "",
         "Peak RSS is wait4's ru_maxrss. It counts the pages of the store's tables that Badger maps and the "
         "export reads (file-backed: the kernel can drop them under memory pressure), so it also gives the peaks, "
         "sampled every 20 ms from /proc/PID/status, of RssAnon (what the process allocated: Go heap, stacks) "
         "and RssFile (mapped files).", "",
         "| people | referral rows | arcs written | store MB | files MB | loaded: time s | loaded: peak RSS MiB | loaded: anon MiB | "
         "streamed: time s | streamed: peak RSS MiB | streamed: anon MiB | streamed: mapped files MiB | "
         "time streamed/loaded | RSS streamed/loaded | anon streamed/loaded | same bytes |",
         "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|"]
    for r in results:
        lo, st = r["loaded"], r["streamed"]
        arcs = st["summary"].split(" contacts, ")[1].split(" arcs")[0] if " contacts, " in st["summary"] else "?"
        L.append(f"| {r['people']:,} | {r['rows']:,} | {int(arcs):,} | {r['store_mb']:.0f} | {r['mb']:.0f} | {lo['wall']:.2f} | "
                 f"{lo['rss']:.0f} | {lo['anon']:.0f} | {st['wall']:.2f} | {st['rss']:.0f} | {st['anon']:.0f} | {st['file']:.0f} | "
                 f"{st['wall'] / lo['wall']:.2f} | {st['rss'] / lo['rss']:.3f} | {st['anon'] / lo['anon']:.3f} | "
                 f"{'yes' if r['same'] else 'NO'} |")
    if len(results) > 1:
        L += ["", "Growth between sizes (ratio of the larger size's figure to the smaller's):", "",
              "| from | to | loaded RSS | loaded anon | streamed RSS | streamed anon | streamed mapped files | store size | loaded time | streamed time |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for a, b in zip(results, results[1:]):
            g = lambda k, f: b[k][f] / a[k][f]
            L.append(f"| {a['people']:,} | {b['people']:,} | {g('loaded', 'rss'):.2f} | {g('loaded', 'anon'):.2f} | "
                     f"{g('streamed', 'rss'):.2f} | {g('streamed', 'anon'):.2f} | {g('streamed', 'file'):.2f} | "
                     f"{b['store_mb'] / a['store_mb']:.2f} | {g('loaded', 'wall'):.2f} | {g('streamed', 'wall'):.2f} |")
    L += ["", "Ingest (once per size, for scale): " + "; ".join(f"{r['people']:,} people: {r['ingest']}" for r in results), ""]
    text = "\n".join(L)
    os.makedirs(scale.RESULTS, exist_ok=True)
    with open(os.path.join(scale.RESULTS, OUT), "w") as f:
        f.write(text)
    print(text)


def main():
    os.makedirs(scale.SCALE, exist_ok=True)
    t0 = time.time()
    load = os.getloadavg()
    results = [run_size(n) for n in SIZES]
    write(results, load, (time.time() - t0) / 60)


if __name__ == "__main__":
    main()
