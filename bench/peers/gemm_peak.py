#!/usr/bin/python3
"""numpy SGEMM peak at the shapes of FaceSynth's all-pairs kernel.

For each shape NxMxD prints one line
    numpy sgemm n=N m=M d=D threads=T core=CORE best_ms=.. median_ms=.. gflops=..
where C = A @ B.T with A (N x D), B (M x D) float32, i.e. exactly SimilarityKernel.DotAll's work (2 N M D flops),
written into a preallocated output. CORE is the OpenBLAS kernel family reported by threadpoolctl (or by
OPENBLAS_VERBOSE=2 / numpy.show_config when threadpoolctl is missing).

Run under Debian's interpreter: /usr/bin/python3 bench/peers/gemm_peak.py 4096x4096x512 8192x8192x512 [--reps 5]
"""
import argparse
import time

import numpy as np


def blas_info():
    try:
        import threadpoolctl

        for lib in threadpoolctl.threadpool_info():
            if lib.get("user_api") == "blas":
                return lib.get("architecture") or "?", lib.get("num_threads"), lib.get("filepath"), lib.get("version")
    except ImportError:
        pass
    return "unknown (see OPENBLAS_VERBOSE=2 output above)", None, None, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("shapes", nargs="+", help="NxMxD")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()

    core, threads, path, version = blas_info()
    print(f"# numpy {np.__version__}, BLAS {path} {version}, core={core}, threads={threads}", flush=True)
    rng = np.random.default_rng(1)
    for shape in args.shapes:
        n, m, d = (int(x) for x in shape.lower().split("x"))
        a = rng.uniform(-1, 1, (n, d)).astype(np.float32)
        b = rng.uniform(-1, 1, (m, d)).astype(np.float32)
        c = np.empty((n, m), dtype=np.float32)
        np.matmul(a, b.T, out=c)  # warm-up: thread pool start, page faults of the output
        times = []
        for _ in range(args.reps):
            t = time.perf_counter()
            np.matmul(a, b.T, out=c)
            times.append(time.perf_counter() - t)
        times.sort()
        flops = 2.0 * n * m * d
        print(
            f"numpy sgemm n={n} m={m} d={d} threads={threads} core={core} "
            f"best_ms={times[0] * 1e3:.1f} median_ms={times[len(times) // 2] * 1e3:.1f} gflops={flops / times[0] / 1e9:.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
