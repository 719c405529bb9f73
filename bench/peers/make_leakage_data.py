#!/usr/bin/python3
"""Writes deterministic Gaussian embedding sets for the leakage benchmark: make_leakage_data.py DIR NS NR DIM.
Every 1000th synthetic row is a noisy copy of a real row (planted leaks), so both tools have real matches to find."""
import sys
import numpy as np

d, ns, nr, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(7)
R = rng.standard_normal((nr, dim), dtype=np.float32)
R /= np.linalg.norm(R, axis=1, keepdims=True)
np.save(f"{d}/real.npy", R)
S = rng.standard_normal((ns, dim), dtype=np.float32)
S /= np.linalg.norm(S, axis=1, keepdims=True)
rows = np.arange(0, ns, 1000)
S[rows] = R[(rows * 7) % nr] + 0.02 * rng.standard_normal((rows.size, dim), dtype=np.float32)
np.save(f"{d}/syn.npy", S)
