"""Writes a synthetic verification score set as two float64 .npy files (genuine, impostor).

Usage: /usr/bin/python3 make_scores.py TOTAL OUTDIR [GENUINE_FRACTION]
Genuine ~ N(0.55, 0.12), impostor ~ N(0.0, 0.09): cosine-like scores with a realistic overlap.
"""
import sys
import numpy as np

total = int(float(sys.argv[1]))
out = sys.argv[2]
frac = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
n_gen = max(2, int(total * frac))
rng = np.random.default_rng(20261127)
np.save(f"{out}/genuine.npy", rng.normal(0.55, 0.12, n_gen))
imp = np.empty(total - n_gen)
step = 10_000_000
for start in range(0, len(imp), step):
    stop = min(len(imp), start + step)
    imp[start:stop] = rng.normal(0.0, 0.09, stop - start)
np.save(f"{out}/impostor.npy", imp)
print(f"wrote {n_gen} genuine and {len(imp)} impostor scores to {out}")
