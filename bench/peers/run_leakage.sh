#!/usr/bin/env bash
# Leakage search: FaceSynth (fused exact top-k + counts + global top pairs) vs numpy on OpenBLAS
# (blocked matmul + argpartition), same data, same machine, one run.
#   bench/peers/run_leakage.sh [NS] [NR] [DIM]        (default 200000 200000 512)
# Needs /usr/bin/python3 with python3-numpy. Data go to ${LEAKAGE_DATA:-/tmp/facesynth-leakage-bench}.
set -euo pipefail
cd "$(dirname "$0")/../.."
NS=${1:-200000}; NR=${2:-200000}; DIM=${3:-512}
DATA=${LEAKAGE_DATA:-/tmp/facesynth-leakage-bench}/${NS}x${NR}x${DIM}
mkdir -p "$DATA"
[[ -f $DATA/syn.npy ]] || /usr/bin/python3 bench/peers/make_leakage_data.py "$DATA" "$NS" "$NR" "$DIM"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build -c Release bench/FaceSynth.Bench -v q -nologo >/dev/null
BENCH=$(find "${FACESYNTH_ARTIFACTS:-bench/FaceSynth.Bench}" -path '*/bin/*' -path '*elease*' -name FaceSynth.Bench.dll | head -1)
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== FaceSynth"
/usr/bin/time -v dotnet "$BENCH" leakage "$DATA/syn.npy" "$DATA/real.npy" "$DATA/facesynth.json" 2> "$DATA/facesynth.time" || { cat "$DATA/facesynth.time"; exit 1; }
grep -E "facesynth:|Maximum resident" "$DATA/facesynth.time"
echo "== numpy (OpenBLAS; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset)"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/time -v /usr/bin/python3 bench/peers/leakage_numpy.py "$DATA/syn.npy" "$DATA/real.npy" "$DATA/numpy.json" 2> "$DATA/numpy.time" || { cat "$DATA/numpy.time"; exit 1; }
grep -E "numpy:|Maximum resident" "$DATA/numpy.time"
/usr/bin/python3 - "$DATA" <<'PY'
import json, sys
d = sys.argv[1]
f, n = json.load(open(f"{d}/facesynth.json")), json.load(open(f"{d}/numpy.json"))
same_best = sum(a == b for a, b in zip(f["best_index"], n["best_index"])) / len(n["best_index"])
fp = {(i, j) for i, j, _ in f["top_pairs"]}; npp = {(i, j) for i, j, _ in n["top_pairs"]}
print(f"agreement: best neighbour of first {len(n['best_index'])} rows {same_best:.4f}; top pairs {len(fp & npp)}/{len(npp)}; counts facesynth {f['counts_total']} numpy {n['counts_total']}")
ns, nr = f["rows_synthetic"], f["rows_real"]
print(f"end to end (load + search): facesynth {f['total_s']:.1f} s, numpy {n['total_s']:.1f} s, speed-up {n['total_s'] / f['total_s']:.2f}x")
print(f"search only: facesynth {f['search_s']:.1f} s, numpy {n['search_s']:.1f} s, speed-up {n['search_s'] / f['search_s']:.2f}x")
scale = (1e6 * 1e6) / (ns * nr)
print(f"1M x 1M projection (search x {scale:.0f}): facesynth {f['search_s'] * scale / 3600:.2f} h, numpy {n['search_s'] * scale / 3600:.2f} h")
PY
