#!/usr/bin/python3
"""Reference figures for refnet's analysis kernels, computed with NetworkX
(and igraph as a second opinion) from the datasets in testdata/data.

Run from the repository root with Debian's Python (python3-networkx,
python3-igraph, python3-scipy):

    /usr/bin/python3 scripts/reference.py [dataset ...]
    /usr/bin/python3 scripts/reference.py timings   # igraph compute times only

It writes testdata/reference/<dataset>.json (soc-Epinions1: .json.gz) and
prints what it wrote. See testdata/reference/README.md for the conventions.

Graphs are built the way refnet's graph.FromReferrals does:
  * every input line is one referral; several lines for the same ordered
    pair become ONE arc with count = number of lines and
    rating = sum of the positive ratings (negative ratings never count);
  * self-loops are KEPT (they matter for PageRank, HITS and degrees; they
    play no part in shortest paths);
  * the "unweighted" graph has every arc with weight 1; the "rating" graph
    keeps only arcs whose positive rating sum is > 0, weighted by that sum,
    but keeps every node (as refnet's CSR does);
  * weighted path lengths are distance = 1/weight.
"""

import gzip
import json
import os
import random
import sys
import time

import igraph
import networkx as nx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "testdata", "data")
OUT = os.path.join(ROOT, "testdata", "reference")

ALPHA = 0.85
PR_TOL = 1e-15  # NetworkX stops on L1 change < N*tol
PR_MAX_ITER = 100000
TOP = 20


# ---------------------------------------------------------------- readers

def read_lines(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", encoding="utf-8", newline="") as f:
        for line in f:
            yield line.rstrip("\r\n")


def konect(path):
    """KONECT out.* file: '%' comments, 'from to [weight [time]]'."""
    for line in read_lines(path):
        if not line.strip() or line.lstrip().startswith("%"):
            continue
        f = line.split()
        w = float(f[2]) if len(f) > 2 else None
        yield f[0], f[1], w


def snap(path):
    """SNAP edge list: '#' comments, 'from to'."""
    for line in read_lines(path):
        if not line.strip() or line.startswith("#"):
            continue
        f = line.split()
        yield f[0], f[1], None


def krackhardt(path):
    """' i j tie' for all 441 pairs: keep tie = 1."""
    for line in read_lines(path):
        f = line.split()
        if f and f[2] == "1":
            yield f[0], f[1], 1.0


def signed_csv(path):
    """SNAP signed CSV 'source,target,rating,time', no header."""
    for line in read_lines(path):
        if not line.strip():
            continue
        f = line.split(",")
        yield f[0], f[1], float(f[2])


DATASETS = {
    "krackhardt-advice": (krackhardt, "krackhardt-hightech/Krack-High-Tec-edgelist-Advice.txt", False),
    "moreno_seventh": (konect, "konect-moreno_seventh/out.moreno_seventh_seventh", True),
    "moreno_highschool": (konect, "konect-moreno_highschool/out.moreno_highschool_highschool", True),
    "moreno_oz": (konect, "konect-moreno_oz/out.moreno_oz_oz", True),
    "moreno_innovation": (konect, "konect-moreno_innovation/out.moreno_innovation_innovation", False),
    "email-Eu-core": (snap, "snap-email-Eu-core/email-Eu-core.txt", False),
    "konect-advogato": (konect, "konect-advogato/out.advogato", True),
    "bitcoin-otc": (signed_csv, "bitcoin-otc/soc-sign-bitcoinotc.csv.gz", True),
    "soc-Epinions1": (snap, "snap-soc-Epinions1/soc-Epinions1.txt.gz", False),
}

# Datasets too large for NetworkX's pure-Python shortest-path measures.
PAGERANK_ONLY = {"soc-Epinions1"}
# Datasets on which weighted closeness/harmonic are stored as well.
WEIGHTED_CLOSENESS = {"moreno_oz", "moreno_seventh", "moreno_highschool"}


# ---------------------------------------------------------------- graphs

def aggregate(records):
    """Nodes in order of first appearance and per-pair count/positive sums."""
    nodes, seen = [], set()
    arcs = {}
    lines = 0
    for u, v, r in records:
        lines += 1
        for x in (u, v):
            if x not in seen:
                seen.add(x)
                nodes.append(x)
        a = arcs.setdefault((u, v), [0, 0.0])
        a[0] += 1
        if r is not None and r > 0:
            a[1] += r
    return nodes, arcs, lines


def build(nodes, arcs, weighted):
    """The unweighted DiGraph (all arcs, weight 1) and the rating DiGraph
    (arcs of positive rating sum, weight = that sum, dist = 1/weight)."""
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    for (u, v), (count, pos) in arcs.items():
        g.add_edge(u, v, weight=1.0, count=count)
    gr = None
    if weighted:
        gr = nx.DiGraph()
        gr.add_nodes_from(nodes)
        for (u, v), (count, pos) in arcs.items():
            if pos > 0:
                gr.add_edge(u, v, weight=pos, dist=1.0 / pos)
    return g, gr


# ---------------------------------------------------------------- helpers

def top(d, k=TOP):
    """Top k (id, value) pairs, highest first, ties by id."""
    return [[n, v] for n, v in sorted(d.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def full(d, ndigits=None):
    if ndigits is None:
        return {n: float(v) for n, v in d.items()}
    return {n: round(float(v), ndigits) for n, v in d.items()}


def timed(label, f, *a, **kw):
    t = time.time()
    r = f(*a, **kw)
    print(f"  {label}: {time.time() - t:.2f} s", flush=True)
    return r


def igraph_of(g, weight=None):
    idx = {n: i for i, n in enumerate(g.nodes)}
    h = igraph.Graph(n=len(idx), edges=[(idx[u], idx[v]) for u, v in g.edges], directed=True)
    if weight is not None:
        h.es["w"] = [d[weight] for _, _, d in g.edges(data=True)]
    return h, list(g.nodes)


def max_rel_diff(a, b):
    m = 0.0
    for k, x in a.items():
        y = b[k]
        m = max(m, abs(x - y) / max(abs(y), 1.0))
    return m


def max_abs_diff(a, b):
    return max(abs(x - b[k]) for k, x in a.items())


# ---------------------------------------------------------------- measures

def reference(name, g, gr, lines):
    loops = nx.number_of_selfloops(g)
    noloops = g.copy()
    noloops.remove_edges_from(list(nx.selfloop_edges(noloops)))
    ref = {
        "dataset": name,
        "lines": lines,
        "nodes": g.number_of_nodes(),
        "arcs": g.number_of_edges() - loops,  # self-loops excluded
        "self_loops": loops,
        "duplicate_lines": lines - g.number_of_edges(),
        "reciprocity_no_loops": nx.reciprocity(noloops),
        "scc": comp_stats(nx.strongly_connected_components(g)),
        "wcc": comp_stats(nx.weakly_connected_components(g)),
    }
    if gr is not None:
        rl = nx.number_of_selfloops(gr)
        ref["rating_arcs"] = gr.number_of_edges() - rl
        ref["rating_self_loops"] = rl
    big = name in PAGERANK_ONLY
    ndig = 13 if big else None
    pr = {"unweighted": full(timed("pagerank", nx.pagerank, g, alpha=ALPHA, tol=PR_TOL, max_iter=PR_MAX_ITER, weight=None), ndig)}
    if gr is not None:
        pr["rating"] = full(timed("pagerank rating", nx.pagerank, gr, alpha=ALPHA, tol=PR_TOL, max_iter=PR_MAX_ITER, weight="weight"), ndig)
    ref["pagerank"] = pr
    checks = {}
    h, order = igraph_of(g)
    ipr = h.pagerank(damping=ALPHA, directed=True)
    checks["igraph_pagerank_unweighted_max_abs_diff"] = max_abs_diff(dict(zip(order, ipr)), pr["unweighted"])
    ref["checks"] = checks
    if big:
        ref["degree"] = degrees(g, None)
        return ref
    hits = {}
    hu, au = nx.hits(g, max_iter=100000, tol=1e-14)
    hits["unweighted"] = {"hubs": top(hu), "authorities": top(au)}
    if gr is not None:
        hr, ar = nx.hits(gr, max_iter=100000, tol=1e-14)
        hits["rating"] = {"hubs": top(hr), "authorities": top(ar)}
    ref["hits"] = hits
    ref["degree"] = degrees(g, gr)
    bt = {"hops": full(timed("betweenness hops", nx.betweenness_centrality, g, normalized=False))}
    if gr is not None:
        bt["rating"] = full(timed("betweenness rating", nx.betweenness_centrality, gr, normalized=False, weight="dist"))
    ref["betweenness"] = bt
    ref["closeness"] = {"hops": full(timed("closeness", nx.closeness_centrality, g))}
    ref["harmonic"] = {"hops": full(timed("harmonic", nx.harmonic_centrality, g))}
    if gr is not None and name in WEIGHTED_CLOSENESS:
        ref["closeness"]["rating"] = full(nx.closeness_centrality(gr, distance="dist"))
        ref["harmonic"]["rating"] = full(nx.harmonic_centrality(gr, distance="dist"))
    # igraph second opinion.
    ib = dict(zip(order, timed("igraph betweenness hops", h.betweenness, directed=True)))
    checks["igraph_betweenness_hops_max_rel_diff"] = max_rel_diff(ib, bt["hops"])
    if gr is not None:
        hr_, order_r = igraph_of(gr, "dist")
        ibr = dict(zip(order_r, timed("igraph betweenness rating", hr_.betweenness, directed=True, weights="w")))
        checks["igraph_betweenness_rating_max_rel_diff"] = max_rel_diff(ibr, bt["rating"])
        iprr = hr_.pagerank(damping=ALPHA, directed=True, weights=[d["weight"] for _, _, d in gr.edges(data=True)])
        checks["igraph_pagerank_rating_max_abs_diff"] = max_abs_diff(dict(zip(order_r, iprr)), pr["rating"])
    ih = dict(zip(order, h.harmonic_centrality(mode="in", normalized=False)))
    checks["igraph_harmonic_in_max_rel_diff"] = max_rel_diff(ih, ref["harmonic"]["hops"])
    checks["igraph_scc_count"] = len(h.connected_components(mode="strong"))
    checks["igraph_wcc_count"] = len(h.connected_components(mode="weak"))
    return ref


def comp_stats(comps):
    sizes = sorted((len(c) for c in comps), reverse=True)
    return {"count": len(sizes), "largest": sizes[0] if sizes else 0}


def degrees(g, gr):
    d = {
        "in": top(dict(g.in_degree())),
        "out": top(dict(g.out_degree())),
        "max_in": max(dict(g.in_degree()).values()),
        "max_out": max(dict(g.out_degree()).values()),
    }
    if gr is not None:
        d["in_strength_rating"] = top(dict(gr.in_degree(weight="weight")))
        d["out_strength_rating"] = top(dict(gr.out_degree(weight="weight")))
    cnt = {"in": dict(g.in_degree(weight="count")), "out": dict(g.out_degree(weight="count"))}
    d["in_strength_count"] = top(cnt["in"])
    d["out_strength_count"] = top(cnt["out"])
    return d


# ---------------------------------------------------------------- synthetic

def synthetic(seed, n, p):
    """A random referral log with repeated referrals, self-referrals,
    isolated contacts and ratings (some negative, some fractional such as
    0.6 whose reciprocals are inexact), stored with its expected figures so
    the Go test can rebuild it exactly."""
    rnd = random.Random(seed)
    ids = [f"c{i}" for i in range(n)]
    isolated = set(rnd.sample(ids, max(1, n // 12)))
    ratings = [0.6, 0.8, 1.0, 1.0, 2.0, 3.0, -1.0]
    refs = []
    for u in ids:
        for v in ids:
            if u in isolated or v in isolated:
                continue
            q = 0.25 if u == v else p
            if rnd.random() < q:
                for _ in range(2 if rnd.random() < 0.2 else 1):
                    refs.append([u, v, rnd.choice(ratings)])
    nodes, arcs, lines = aggregate((u, v, r) for u, v, r in refs)
    # Contacts come first, in id order, isolated ones included.
    g, gr = build(ids, arcs, True)
    ref = reference(f"synthetic-{seed}", g, gr, lines)
    ref["contacts"] = ids
    ref["referrals"] = refs
    pers = {x: (1.0 if i % 5 == 0 else 0.0) for i, x in enumerate(ids)}
    ref["personalization"] = pers
    ref["pagerank"]["personalized_rating"] = full(nx.pagerank(gr, alpha=ALPHA, personalization=pers, tol=PR_TOL, max_iter=PR_MAX_ITER, weight="weight"))
    ref["closeness"]["rating"] = full(nx.closeness_centrality(gr, distance="dist"))
    ref["harmonic"]["rating"] = full(nx.harmonic_centrality(gr, distance="dist"))
    return ref


# ---------------------------------------------------------------- main

def write(name, ref, gz=False):
    os.makedirs(OUT, exist_ok=True)
    ref["generated_by"] = "scripts/reference.py"
    ref["networkx"] = nx.__version__
    ref["igraph"] = igraph.__version__
    path = os.path.join(OUT, name + (".json.gz" if gz else ".json"))
    data = json.dumps(ref, indent=None, sort_keys=True, separators=(",", ":")).encode()
    if gz:
        with open(path, "wb") as f:
            f.write(gzip.compress(data, compresslevel=9, mtime=0))
    else:
        with open(path, "wb") as f:
            f.write(data + b"\n")
    keys = sorted(k for k in ref if isinstance(ref[k], dict))
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path):,} bytes): "
          f"{ref['nodes']} nodes, {ref['arcs']} arcs, {ref['self_loops']} self-loops; "
          f"SCC {ref['scc']['count']} (largest {ref['scc']['largest']}), "
          f"WCC {ref['wcc']['count']} (largest {ref['wcc']['largest']}), "
          f"reciprocity {ref['reciprocity_no_loops']:.4f}; sections {', '.join(keys)}", flush=True)
    if "checks" in ref:
        print("  igraph checks: " + json.dumps(ref["checks"]), flush=True)


def igraph_timings():
    """Print igraph's compute times (graph already built) for the kernels
    refnet benchmarks, to compare on the same machine at the same time."""
    def load(name):
        reader, rel, weighted = DATASETS[name]
        nodes, arcs, _ = aggregate(reader(os.path.join(DATA, rel)))
        g, gr = build(nodes, arcs, weighted)
        return igraph_of(g)[0], (igraph_of(gr, "dist")[0] if gr is not None else None)

    def best(label, f, reps):
        ts = []
        for _ in range(reps):
            t = time.perf_counter()
            f()
            ts.append(time.perf_counter() - t)
        print(f"  igraph {label}: best of {reps} {min(ts) * 1000:.1f} ms", flush=True)

    ep, _ = load("soc-Epinions1")
    best("pagerank soc-Epinions1", lambda: ep.pagerank(damping=ALPHA), 5)
    best("SCC soc-Epinions1", lambda: ep.connected_components(mode="strong"), 5)
    em, _ = load("email-Eu-core")
    best("betweenness email-Eu-core", lambda: em.betweenness(directed=True), 5)
    adv, advr = load("konect-advogato")
    best("betweenness konect-advogato", lambda: adv.betweenness(directed=True), 3)
    best("betweenness konect-advogato 1/weight", lambda: advr.betweenness(directed=True, weights="w"), 3)
    best("closeness konect-advogato", lambda: adv.closeness(mode="in"), 3)


def main(argv):
    if argv[1:] == ["timings"]:
        igraph_timings()
        return
    want = argv[1:] or list(DATASETS) + ["synthetic"]
    for name in want:
        print(f"{name}:", flush=True)
        if name == "synthetic":
            for seed, n, p in [(11, 30, 0.12), (12, 60, 0.05), (13, 18, 0.3)]:
                write(f"synthetic-{seed}", synthetic(seed, n, p))
            continue
        reader, rel, weighted = DATASETS[name]
        nodes, arcs, lines = aggregate(reader(os.path.join(DATA, rel)))
        g, gr = build(nodes, arcs, weighted)
        ref = reference(name, g, gr, lines)
        ref["file"] = "testdata/data/" + rel
        write(name, ref, gz=name in PAGERANK_ONLY)


if __name__ == "__main__":
    main(sys.argv)
