#!/usr/bin/python3
"""Leakage search peer: exact top-k per synthetic row, global top-P pairs and counts at thresholds,
with numpy on OpenBLAS (blocked matmul + argpartition). Run by bench/peers/run_leakage.sh.

usage: leakage_numpy.py SYN.npy REAL.npy OUT.json [--k 5] [--top-pairs 100] [--thresholds 0.3,0.4,0.5] [--block 512]
Memory: one block of `block x N_r` float32 scores (not N_s x N_r)."""
import argparse, json, os, sys, time
import numpy as np


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("syn"); ap.add_argument("real"); ap.add_argument("out")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--top-pairs", type=int, default=100)
    ap.add_argument("--thresholds", default="0.3,0.4,0.5")
    ap.add_argument("--block", type=int, default=512)
    a = ap.parse_args()
    th = np.array([float(x) for x in a.thresholds.split(",")], dtype=np.float32)

    t0 = time.perf_counter()
    S = np.load(a.syn).astype(np.float32, copy=False)
    R = np.load(a.real).astype(np.float32, copy=False)
    S /= np.linalg.norm(S, axis=1, keepdims=True)
    R /= np.linalg.norm(R, axis=1, keepdims=True)
    t_load = time.perf_counter() - t0

    t1 = time.perf_counter()
    ns, k, P = S.shape[0], a.k, a.top_pairs
    nn_idx = np.empty((ns, k), dtype=np.int64)
    nn_sc = np.empty((ns, k), dtype=np.float32)
    counts = np.zeros((ns, len(th)), dtype=np.int64)
    top_s = np.empty(0, dtype=np.float32); top_i = np.empty(0, dtype=np.int64); top_j = np.empty(0, dtype=np.int64)
    RT = np.ascontiguousarray(R.T)
    last = time.perf_counter()
    for b0 in range(0, ns, a.block):
        C = S[b0:b0 + a.block] @ RT                      # block x N_r
        part = np.argpartition(-C, k - 1, axis=1)[:, :k]
        ps = np.take_along_axis(C, part, axis=1)
        order = np.argsort(-ps, axis=1, kind="stable")
        nn_idx[b0:b0 + C.shape[0]] = np.take_along_axis(part, order, axis=1)
        nn_sc[b0:b0 + C.shape[0]] = np.take_along_axis(ps, order, axis=1)
        for t, v in enumerate(th):
            counts[b0:b0 + C.shape[0], t] = (C >= v).sum(axis=1)
        flat = C.ravel()
        cand = np.argpartition(-flat, P - 1)[:P] if flat.size > P else np.arange(flat.size)
        top_s = np.concatenate([top_s, flat[cand]])
        top_i = np.concatenate([top_i, cand // C.shape[1] + b0])
        top_j = np.concatenate([top_j, cand % C.shape[1]])
        keep = np.lexsort((top_j, top_i, -top_s))[:P]
        top_s, top_i, top_j = top_s[keep], top_i[keep], top_j[keep]
        now = time.perf_counter()
        if now - last > 10:
            done = b0 + C.shape[0]
            print(f"numpy: {done}/{ns} rows, ETA {(now - t1) / done * (ns - done):.0f} s", file=sys.stderr, flush=True)
            last = now
    t_search = time.perf_counter() - t1
    json.dump({
        "tool": f"numpy {np.__version__}", "blas": blas_name(),
        "rows_synthetic": int(ns), "rows_real": int(R.shape[0]), "dim": int(S.shape[1]),
        "load_s": t_load, "search_s": t_search, "total_s": t_load + t_search,
        "best_index": nn_idx[:, 0].tolist()[:1000], "best_score": nn_sc[:, 0].astype(float).tolist()[:1000],
        "counts_total": counts.sum(axis=0).tolist(),
        "top_pairs": [[int(i), int(j), float(s)] for s, i, j in zip(top_s, top_i, top_j)],
    }, open(a.out, "w"))
    print(f"numpy: load {t_load:.2f} s, search {t_search:.2f} s", file=sys.stderr)


def blas_name():
    # Debian's numpy links libblas.so.3, an alternative that points at OpenBLAS when libopenblas is installed.
    return os.path.realpath("/etc/alternatives/libblas.so.3-x86_64-linux-gnu")


if __name__ == "__main__":
    main()
