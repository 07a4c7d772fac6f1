#!/usr/bin/python3
"""Time one operation of igraph or NetworkX on one dataset (bench/README.md).

The peer of bench/kernels: it parses the graph file (gzip, '#'/'%' comment
lines, whitespace or comma separated, first two fields are source and
target; node labels get dense ids in order of first appearance, source
first, as refnet does), builds the library's directed graph, then runs the
operation --reps times (fewer once --budget seconds have passed) and prints
one JSON object with the wall and CPU seconds of every repetition, their
median and a check of the result. Only the operation is timed.

Operations:
  load                 parse the file and build the graph
  pagerank             igraph Graph.pagerank() (PRPACK) / networkx.pagerank(G)
  betweenness          igraph Graph.betweenness() / betweenness_centrality(G, normalized=False)
  betweenness-sampled  NetworkX betweenness_centrality(G, k, seed, normalized=False);
                       python-igraph 0.10 has no source sampling: reported as unsupported
  betweenness-estimate NetworkX on --samples sources, timed, and the time scaled by
                       N/samples: an estimate of exact betweenness (marked "est.")
  reciprocity          igraph reciprocity(ignore_loops=True) / networkx.reciprocity(G)
  scc                  igraph connected_components("strong") / strongly_connected_components
  foodchain            refnet's food chain of the top-PageRank person, written in Python
                       over the library's adjacency (neither library has it)
  whole-pagerank       not timed here: parse, build, PageRank, print the top 10 (bench.py
                       times the whole process)
Run with Debian's /usr/bin/python3 (python3-igraph, python3-networkx).
"""

import argparse
import gc
import gzip
import json
import os
import statistics
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")


def read_edges(path):
    """Return (labels, sources, targets) with dense ids by first appearance."""
    opener = gzip.open if path.endswith(".gz") else open
    ids = {}
    labels = []
    src, dst = [], []
    with opener(path, "rt", encoding="utf-8", newline=None) as f:
        for line in f:
            if not line or line[0] in "#%":
                continue
            parts = line.replace(",", " ").split()
            if len(parts) < 2:
                continue
            a, b = parts[0], parts[1]
            u = ids.get(a)
            if u is None:
                u = ids[a] = len(labels)
                labels.append(a)
            v = ids.get(b)
            if v is None:
                v = ids[b] = len(labels)
                labels.append(b)
            src.append(u)
            dst.append(v)
    return labels, src, dst


class IGraphPeer:
    name = "igraph"

    def __init__(self):
        import igraph

        self.ig = igraph

    def build(self, labels, src, dst):
        return self.ig.Graph(n=len(labels), edges=list(zip(src, dst)), directed=True)

    def pagerank(self, g):
        return g.pagerank(directed=True, damping=0.85)

    def betweenness(self, g):
        return g.betweenness(directed=True)

    def reciprocity(self, g):
        return g.reciprocity(ignore_loops=True)

    def scc(self, g):
        return [len(c) for c in g.connected_components(mode="strong")]

    def adjacency(self, g):
        """Out- and in-neighbour lists, self-loops left out."""
        out = g.get_adjlist(mode="out")
        inn = g.get_adjlist(mode="in")
        return ([[v for v in nb if v != u] for u, nb in enumerate(out)],
                [[v for v in nb if v != u] for u, nb in enumerate(inn)])

    def bfs_order(self, g, p):
        return g.bfs(p, mode="out")[0]

    def n(self, g):
        return g.vcount()


class NetworkXPeer:
    name = "networkx"

    def __init__(self):
        import networkx

        self.nx = networkx

    def build(self, labels, src, dst):
        g = self.nx.DiGraph()
        g.add_nodes_from(range(len(labels)))
        g.add_edges_from(zip(src, dst))
        return g

    def pagerank(self, g):
        pr = self.nx.pagerank(g, alpha=0.85)
        return [pr[v] for v in range(g.number_of_nodes())]

    def betweenness(self, g, k=None, seed=None):
        b = self.nx.betweenness_centrality(g, k=k, normalized=False, seed=seed)
        return [b[v] for v in range(g.number_of_nodes())]

    def reciprocity(self, g):
        return self.nx.reciprocity(g)

    def scc(self, g):
        return [len(c) for c in self.nx.strongly_connected_components(g)]

    def adjacency(self, g):
        return ([[v for v in g.succ[u] if v != u] for u in range(g.number_of_nodes())],
                [[v for v in g.pred[u] if v != u] for u in range(g.number_of_nodes())])

    def bfs_order(self, g, p):
        return [p] + [v for _, v in self.nx.bfs_edges(g, p)]

    def n(self, g):
        return g.number_of_nodes()


def food_chain(peer, g, p, labels, depth=2, limit=25):
    """refnet's analysis.FoodChain on an unweighted graph (every arc weighs
    1), depth tiers each way (docs/foodchain.md): breadth-first tiers, the
    credit A(P, v) = 1/2 a(P, v) + 1/2 sum_u A(P, u) a(u, v) with
    a(u, v) = 1/in(v), solved by sweeps to 1e-15 for P's row and, through
    z = e_P + 1/2 a z, for P's column; the ask list scores each downstream
    person A(P, v) in(v) - A(v, P) in(P), keeps the positive ones, best
    first, ties by name, at most `limit`. Returns the same check as
    bench/kernels."""
    out, inn = peer.adjacency(g)
    n = peer.n(g)
    income = [len(nb) for nb in inn]

    def tiers(nbrs):
        tier_of = {p: 0}
        frontier = [p]
        result = []
        for k in range(1, depth + 1):
            nxt = []
            for u in frontier:
                for v in nbrs[u]:
                    if v not in tier_of:
                        tier_of[v] = k
                        nxt.append(v)
            if not nxt:
                break
            result.append(nxt)
            frontier = nxt
        return result

    # Row: x(v) = A(P, v) = 1/2 [P->v]/in(v) + 1/2 sum_{u->v} x(u)/in(v).
    x = [0.0] * n
    while True:
        nx = [0.0] * n
        for v in range(n):
            if income[v] == 0:
                continue
            acc = 0.0
            for u in inn[v]:
                acc += (1.0 if u == p else 0.0) + x[u]
            nx[v] = 0.5 * acc / income[v]
        moved = max(abs(a - b) for a, b in zip(nx, x))
        x = nx
        if moved <= 1e-15:
            break
    # Column: z(u) = [u = P] + 1/2 sum_{u->w} z(w)/in(w); A(v, P) =
    # 1/2 sum_{v->u} z(u)/in(u).
    z = [0.0] * n
    while True:
        nz = [0.0] * n
        for u in range(n):
            acc = 0.0
            for w in out[u]:
                acc += z[w] / income[w]
            nz[u] = (1.0 if u == p else 0.0) + 0.5 * acc
        moved = max(abs(a - b) for a, b in zip(nz, z))
        z = nz
        if moved <= 1e-15:
            break

    def back(v):
        return 0.5 * sum(z[u] / income[u] for u in out[v])

    down, up = tiers(out), tiers(inn)
    asks = []
    for tier in down:
        for v in tier:
            score = x[v] * income[v] - back(v) * income[p]
            if score > 1e-12 * max(1.0, x[v] * income[v]):
                asks.append((-score, labels[v], v))
    asks.sort()
    check = {"down": [len(t) for t in down], "up": [len(t) for t in up], "asks": min(len(asks), limit)}
    if asks:
        check["top_ask_id"] = asks[0][2]
    return check


def argmax(xs):
    best = 0
    for i, x in enumerate(xs):
        if x > xs[best]:
            best = i
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tool", choices=["igraph", "networkx"], required=True)
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--op", required=True)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--budget", type=float, default=60.0)
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    peer = IGraphPeer() if a.tool == "igraph" else NetworkXPeer()
    res = {"tool": a.tool, "dataset": a.dataset, "op": a.op, "times": [], "cpu": []}

    if a.op == "whole-pagerank":
        labels, src, dst = read_edges(a.file)
        g = peer.build(labels, src, dst)
        pr = peer.pagerank(g)
        for v in sorted(range(len(pr)), key=lambda v: -pr[v])[:10]:
            print(labels[v], pr[v])
        return

    if a.op == "betweenness-sampled" and a.tool == "igraph":
        res["unsupported"] = "python-igraph 0.10 has no source-sampled betweenness"
        json.dump(res, sys.stdout)
        print()
        return

    g = labels = None
    if a.op != "load":
        labels, src, dst = read_edges(a.file)
        g = peer.build(labels, src, dst)
        del src, dst
        res["nodes"] = peer.n(g)

    if a.op == "load":
        def run():
            lb, s, d = read_edges(a.file)
            gg = peer.build(lb, s, d)
            return {"nodes": peer.n(gg)}
    elif a.op == "pagerank":
        def run():
            pr = peer.pagerank(g)
            top = argmax(pr)
            return {"top": labels[top], "top_value": pr[top]}
    elif a.op == "betweenness":
        def run():
            b = peer.betweenness(g)
            top = argmax(b)
            return {"top": labels[top], "top_value": b[top]}
    elif a.op in ("betweenness-sampled", "betweenness-estimate"):
        k = min(a.samples, peer.n(g))

        def run():
            b = peer.betweenness(g, k=k, seed=a.seed)
            top = argmax(b)
            return {"top": labels[top], "top_value": b[top] * peer.n(g) / k}
        if a.op == "betweenness-estimate":
            res["estimate_scale"] = peer.n(g) / k
    elif a.op == "reciprocity":
        def run():
            return {"reciprocity": peer.reciprocity(g)}
    elif a.op == "scc":
        def run():
            sizes = peer.scc(g)
            return {"components": len(sizes), "largest": max(sizes)}
    elif a.op == "foodchain":
        person = argmax(peer.pagerank(g))

        def run():
            check = food_chain(peer, g, person, labels)
            check["person"] = labels[person]
            if "top_ask_id" in check:
                check["top_ask"] = labels[check.pop("top_ask_id")]
            return check
    else:
        sys.exit(f"peers.py: unknown op {a.op!r}")

    start = time.perf_counter()
    for i in range(max(a.reps, 1)):
        if i > 0 and time.perf_counter() - start > a.budget:
            break
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        check = run()
        res["times"].append(time.perf_counter() - t0)
        res["cpu"].append(time.process_time() - c0)
        res["check"] = check
    if a.op == "pagerank" and a.tool == "networkx":
        # Untimed: NetworkX's default stopping rule (L1 change < N*1e-6)
        # leaves errors of a few per cent; the answer check uses a run
        # converged as far as refnet's (N*1e-10).
        pr = peer.nx.pagerank(g, alpha=0.85, tol=1e-10)
        res["check"]["top_value_tol1e-10"] = max(pr.values())
    res["reps"] = len(res["times"])
    res["median"] = statistics.median(res["times"])
    if "estimate_scale" in res:
        res["sample_median"] = res["median"]
        res["median"] *= res["estimate_scale"]
    json.dump(res, sys.stdout)
    print()


if __name__ == "__main__":
    main()
