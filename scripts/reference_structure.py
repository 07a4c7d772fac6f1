#!/usr/bin/python3
"""Reference figures for refnet's structure analyses (brokers, strongest
sources), computed with NetworkX from the datasets in testdata/data.

Run from the repository root with Debian's Python (python3-networkx):

    /usr/bin/python3 scripts/reference_structure.py [dataset ...]

It writes testdata/reference/<dataset>.structure.json and prints what it
wrote. Each file holds, keyed by the dataset's own node ids:

  constraint, effective_size  networkx.constraint / networkx.effective_size
                              (all nodes, or a seeded sample: see DATASETS)
                              on the directed graph without self-loops
                              (refnet leaves self-referrals out of
                              brokerage), weighted as "weight" says; null
                              where NetworkX returns NaN (no partner at all).
  formula_nodes               nodes for which NetworkX returns NaN although
                              they have in-neighbours (it tests G[v], the
                              successors: networkx issue #2661); their
                              values above are NetworkX's own formula
                              (sum of nx.local_constraint, and the
                              redundancy sum of effective_size) evaluated
                              for them, which is what refnet reports.
  pagerank_reversed           networkx.pagerank (alpha 0.85, tol 1e-14) of
                              the reversed graph without self-loops, the
                              FeedRank of refnet's strongest sources.

The graph is built as refnet's graph.FromReferrals does: one arc per
ordered pair; "count" weighs every arc 1 (NetworkX weight=None), "rating"
weighs it by the sum of its positive ratings.
"""

import json
import math
import os
import random
import sys

import networkx as nx
from networkx.algorithms.structuralholes import local_constraint, normalized_mutual_weight

# dataset: (file, weight, sample). NetworkX's structural-hole functions cost
# about deg(v)^3 per node in Python, hours for all of email-Eu-core, so there
# only a seeded random sample of nodes is computed, plus every node without
# out-arcs (the NetworkX corner cases); the Go test checks the nodes present.
DATASETS = {
    "krackhardt-advice": ("testdata/data/krackhardt-hightech/Krack-High-Tec-edgelist-Advice.txt", "count", None),
    "moreno_oz": ("testdata/data/konect-moreno_oz/out.moreno_oz_oz", "rating", None),
    "email-Eu-core": ("testdata/data/snap-email-Eu-core/email-Eu-core.txt", "count", 300),
}


def read(path):
    """Yields (src, dst, rating) from an edge list: '%' and '#' lines are
    comments; Krackhardt's files list all 441 pairs with a 0/1 tie."""
    krack = "Krack-High-Tec" in path
    with open(path) as f:
        for line in f:
            if line.startswith(("%", "#")) or not line.strip():
                continue
            parts = line.split()
            rating = float(parts[2]) if len(parts) > 2 else 1.0
            if krack and rating == 0:
                continue
            yield parts[0], parts[1], rating


def build(path, weight):
    G = nx.DiGraph()
    for u, v, r in read(path):
        G.add_node(u)
        G.add_node(v)
        if u == v:
            continue
        if G.has_edge(u, v):
            G[u][v]["count"] += 1
            G[u][v]["rating"] += max(r, 0)
        else:
            G.add_edge(u, v, count=1, rating=max(r, 0))
    if weight == "rating":
        G.remove_edges_from([(u, v) for u, v, d in G.edges(data=True) if d["rating"] <= 0])
    return G


def formula_constraint(G, v, weight):
    return sum(local_constraint(G, v, n, weight) for n in set(nx.all_neighbors(G, v)))


def formula_effective_size(G, v, weight):
    nmw = normalized_mutual_weight
    nb = set(nx.all_neighbors(G, v))
    return sum(
        1 - sum(nmw(G, v, w, weight=weight) * nmw(G, u, w, norm=max, weight=weight) for w in nb)
        for u in nb
    )


def finite(x):
    return None if x is None or math.isnan(x) else x


def main(names):
    for name in names or DATASETS:
        path, weight, sample = DATASETS[name]
        G = build(path, weight)
        attr = None if weight == "count" else "rating"
        nodes = list(G)
        if sample is not None:
            rng = random.Random(1)
            nodes = sorted(set(rng.sample(sorted(G), sample)) | {v for v in G if G.out_degree(v) == 0},
                           key=lambda s: (len(s), s))
        con = nx.constraint(G, nodes=nodes, weight=attr)
        es = nx.effective_size(G, nodes=nodes, weight=attr)
        formula = []
        for v in nodes:
            if math.isnan(con[v]) and G.in_degree(v) > 0:
                formula.append(v)
                con[v] = formula_constraint(G, v, attr)
                es[v] = formula_effective_size(G, v, attr)
        pr = nx.pagerank(G.reverse(copy=True), alpha=0.85, tol=1e-14, max_iter=10000, weight=attr or "count")
        out = {
            "dataset": name,
            "file": path,
            "weight": weight,
            "networkx": nx.__version__,
            "nodes": G.number_of_nodes(),
            "arcs": G.number_of_edges(),
            "sampled": sample is not None,
            "formula_nodes": sorted(formula, key=lambda s: (len(s), s)),
            "constraint": {v: finite(x) for v, x in con.items()},
            "effective_size": {v: finite(x) for v, x in es.items()},
            "pagerank_reversed": pr,
        }
        dst = os.path.join("testdata", "reference", name + ".structure.json")
        with open(dst, "w") as f:
            json.dump(out, f, indent=0, sort_keys=True)
            f.write("\n")
        print(f"{dst}: {G.number_of_nodes()} nodes, {G.number_of_edges()} arcs, "
              f"{len(formula)} receive-only nodes by formula")


if __name__ == "__main__":
    main(sys.argv[1:])
