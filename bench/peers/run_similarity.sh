#!/usr/bin/env bash
# Side by side: numpy SGEMM (OpenBLAS, Debian's /usr/bin/python3) vs FaceSynth's SimilarityKernel.DotAll at the
# same shapes and thread count. Prints both GFLOP/s and the ratio FaceSynth / numpy.
#   bench/peers/run_similarity.sh [--threads 2] [--reps 5] [--coretype SkylakeX] [SHAPE ...]   (SHAPE = NxMxD)
# --coretype adds a second numpy run with OPENBLAS_CORETYPE forced (OpenBLAS may not recognise a new CPU and fall
# back to a generic kernel; the forced run shows what its best kernel for this CPU reaches).
set -euo pipefail
cd "$(dirname "$0")/../.."

threads=2
reps=5
coretype=""
shapes=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --coretype) coretype="$2"; shift 2 ;;
    *) shapes+=("$1"); shift ;;
  esac
done
[[ ${#shapes[@]} -gt 0 ]] || shapes=(4096x4096x512 8192x8192x512)

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "# machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cpus; load: $(cut -d' ' -f1-3 /proc/loadavg)"

dotnet build -c Release bench/FaceSynth.Bench -o "$out/bin" -v q -nologo > "$out/build.txt" 2>&1 || { cat "$out/build.txt"; exit 1; }
dll="$out/bin/FaceSynth.Bench.dll"

# Shape by shape, so that the peers see the same background load.
for s in "${shapes[@]}"; do
  # (a) numpy peak: OpenBLAS picks its own kernel (OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE unset for this command only).
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$threads" OPENBLAS_VERBOSE=2 \
    /usr/bin/python3 bench/peers/gemm_peak.py --reps "$reps" "$s" 2>&1 | tee -a "$out/numpy.txt"
  if [[ -n "$coretype" ]]; then
    env -u OPENBLAS_L2_SIZE OPENBLAS_CORETYPE="$coretype" OPENBLAS_NUM_THREADS="$threads" OPENBLAS_VERBOSE=2 \
      /usr/bin/python3 bench/peers/gemm_peak.py --reps "$reps" "$s" 2>&1 | sed 's/^numpy sgemm/numpy-forced sgemm/' | tee -a "$out/forced.txt"
  fi
  # (b) FaceSynth at the same shape and thread count.
  IFS=x read -r n m d <<< "$s"
  dotnet "$dll" gemm "$n" "$m" "$d" --threads "$threads" --reps "$reps" | tee -a "$out/facesynth.txt"
  echo "# load: $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# (c) table.
/usr/bin/python3 - "$out" <<'PY'
import re, sys, pathlib
out = pathlib.Path(sys.argv[1])
def read(name):
    rows = {}
    p = out / name
    if p.exists():
        for line in p.read_text().splitlines():
            if not re.match(r"(numpy|facesynth)", line):
                continue
            kv = dict(re.findall(r"(\w+)=(\S+)", line))
            rows[(kv["n"], kv["m"], kv["d"])] = kv
    return rows
np_, fs, forced = read("numpy.txt"), read("facesynth.txt"), read("forced.txt")
print(f"{'shape':>16} {'numpy GF/s':>11} {'core':>10} {'FaceSynth GF/s':>15} {'ratio':>6}" + ("  forced-core GF/s  ratio" if forced else ""))
for key, f in fs.items():
    n = np_.get(key, {})
    g_np, g_fs = float(n.get("gflops", "nan")), float(f["gflops"])
    line = f"{'x'.join(key):>16} {g_np:>11.1f} {n.get('core', '?'):>10} {g_fs:>15.1f} {g_fs / g_np:>6.2f}"
    if forced:
        g_fo = float(forced.get(key, {}).get("gflops", "nan"))
        line += f"  {g_fo:>16.1f}  {g_fs / g_fo:>5.2f}"
    print(line)
PY
