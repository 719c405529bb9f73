#!/usr/bin/python3
"""PyTorch peer of FaceSynth's full-batch HyperFace Soft run (SYNTHESIS.md 3.2.2-3.2.3, Schedule = Single).

Same initial points (--init: the N x d float32 .npy FaceSynth wrote with `synth identities uniform`, which is
exactly HyperFace's initial state for the same seed), same loss (per-point log-sum-exp, temperature tau0 -> tau1
geometric), same gradient (tangent-projected), same optimiser (Adam, cosine-decayed learning rate to 1% of lr,
renormalisation after every step), same best-state tracking (exact min / mean nearest-neighbour angle from the
step's Gram matrix every EVAL_EVERY steps and after the last step; best = larger min, ties larger mean), same steps
and threads. Prints one JSON line: time per step (the final evaluation pass included, as on the FaceSynth side)
and the initial and final minimum pairwise angles (the attaining pair recomputed in double).

    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/peers/hyperface_torch.py --init X0.npy --steps 20 --threads 2
"""
import argparse, json, math, time

import numpy as np
import torch


def min_angle_deg(x):
    """Minimum pairwise angle; the attaining pair is recomputed in double."""
    g = x @ x.T
    g.fill_diagonal_(-2)
    flat = int(torch.argmax(g))
    i, j = divmod(flat, g.shape[1])
    a, b = x[i].double(), x[j].double()
    c = float((a @ b) / (a.norm() * b.norm()))
    return math.degrees(math.acos(max(-1.0, min(1.0, c))))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--init", required=True, help="initial points, float32 .npy N x d (unit rows)")
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--tau0", type=float, default=0.1)
    p.add_argument("--tau1", type=float, default=0.005)
    p.add_argument("--lr", type=float, default=None)
    p.add_argument("--eval-every", type=int, default=10)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    x0 = torch.from_numpy(np.load(a.init).astype(np.float32, copy=False))
    x0 = x0 / x0.norm(dim=1, keepdim=True)
    n, d = x0.shape
    T = a.steps
    lr0 = a.lr if a.lr is not None else min(0.01, 0.05 / math.sqrt(d))
    initial_min = min_angle_deg(x0)
    param = torch.nn.Parameter(x0.clone())
    opt = torch.optim.Adam([param], lr=lr0, betas=(0.9, 0.999), eps=1e-8)
    best, best_key, best_iter = param.data.clone(), (-1.0, -1.0), 0

    def consider(G, it):
        nonlocal best, best_key, best_iter
        nn_cos = G.max(dim=1).values.clamp(-1, 1)       # diagonal already masked to -inf
        ang = torch.rad2deg(torch.acos(nn_cos.double()))
        key = (float(ang.min()), float(ang.mean()))
        if key > best_key:
            best, best_key, best_iter = param.data.clone(), key, it

    start = time.perf_counter()
    with torch.no_grad():
        for t in range(1, T + 2):
            X = param.data
            G = X @ X.T
            G.fill_diagonal_(float("-inf"))
            it = t - 1                                  # G is the state after t - 1 updates
            if it % a.eval_every == 0 or t == T + 1:
                consider(G, it)
            if t == T + 1:
                break                                   # the extra pass only evaluates
            tau = a.tau0 * (a.tau1 / a.tau0) ** ((t - 1) / max(1, T - 1))
            lr = lr0 * (0.01 + 0.99 * (1 + math.cos(math.pi * (t - 1) / T)) / 2)
            for g in opt.param_groups:
                g["lr"] = lr
            G.div_(tau)
            W = torch.softmax(G, dim=1)                 # w_ij, diagonal 0
            del G
            W += W.T.contiguous()                       # w_ij + w_ji
            grad = W @ X
            del W
            grad /= n
            grad -= (grad * X).sum(dim=1, keepdim=True) * X   # tangent projection
            param.grad = grad
            opt.step()
            param.data /= param.data.norm(dim=1, keepdim=True)
    elapsed = time.perf_counter() - start
    print(json.dumps({"tool": "torch", "torch": torch.__version__, "count": n, "dim": d, "steps": T, "threads": a.threads,
                      "seconds_per_step": elapsed / T, "elapsed_s": elapsed, "initial_min_angle_deg": initial_min,
                      "final_min_angle_deg": min_angle_deg(best), "best_iteration": best_iter}))


if __name__ == "__main__":
    main()
