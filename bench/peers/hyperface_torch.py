#!/usr/bin/python3
"""PyTorch peer of FaceSynth's full-batch HyperFace Soft step (SYNTHESIS.md 3.2.2-3.2.3).

Same loss (per-point log-sum-exp, temperature schedule tau0 -> tau1), same gradient (tangent-projected),
same optimiser (Adam, cosine-decayed learning rate, renormalisation after every step), same N, d, steps and
threads. Prints one JSON line: time per step and the final minimum pairwise angle.

    /usr/bin/python3 bench/peers/hyperface_torch.py --count 10000 --dim 512 --steps 20 --threads 2
"""
import argparse, json, math, time

import torch


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--dim", type=int, required=True)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tau0", type=float, default=0.1)
    p.add_argument("--tau1", type=float, default=0.005)
    p.add_argument("--lr", type=float, default=None)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    n, d, T = a.count, a.dim, a.steps
    lr0 = a.lr if a.lr is not None else min(0.01, 0.05 / math.sqrt(d))
    x = torch.randn(n, d)
    x = x / x.norm(dim=1, keepdim=True)
    x.requires_grad_(False)
    param = torch.nn.Parameter(x.clone())
    opt = torch.optim.Adam([param], lr=lr0, betas=(0.9, 0.999), eps=1e-8)
    eye = torch.eye(n, dtype=torch.bool)
    start = time.perf_counter()
    for t in range(1, T + 1):
        tau = a.tau0 * (a.tau1 / a.tau0) ** ((t - 1) / max(1, T - 1))
        lr = lr0 * (0.01 + 0.99 * (1 + math.cos(math.pi * (t - 1) / T)) / 2)
        for g in opt.param_groups:
            g["lr"] = lr
        with torch.no_grad():
            X = param.data
            G = X @ X.T
            G.masked_fill_(eye, float("-inf"))
            W = torch.softmax(G / tau, dim=1)          # w_ij
            grad = (W + W.T) @ X / n                    # (1/N) sum_j (w_ij + w_ji) x_j
            grad -= (grad * X).sum(dim=1, keepdim=True) * X   # tangent projection
            param.grad = grad
        opt.step()
        with torch.no_grad():
            param.data /= param.data.norm(dim=1, keepdim=True)
    elapsed = time.perf_counter() - start
    with torch.no_grad():
        X = param.data.double()
        G = X @ X.T
        G.fill_diagonal_(-2)
        min_angle = math.degrees(math.acos(min(1.0, G.max().item())))
    print(json.dumps({"tool": "torch", "torch": torch.__version__, "count": n, "dim": d, "steps": T, "threads": a.threads,
                      "seconds_per_step": elapsed / T, "final_min_angle_deg": min_angle}))


if __name__ == "__main__":
    main()
