#!/usr/bin/env bash
# FaceSynth full-batch HyperFace Soft vs the PyTorch peer from the SAME initial points.
# FaceSynth writes the initial X (`synth identities uniform --seed S`, which is exactly HyperFace's initial state for
# seed S); the PyTorch peer loads that .npy. Same loss, gradient, Adam, lr / tau schedules, best-state tracking
# (every 10 steps and after the last), steps, threads (OpenBLAS and torch) and niceness; the runs are consecutive.
# Usage: bench/peers/hyperface_compare.sh N D STEPS THREADS [NICE]   (e.g. 2000 128 200 2 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000}; D=${2:-512}; STEPS=${3:-20}; THREADS=${4:-2}; NICE=${5:-5}
export FACESYNTH_ARTIFACTS=${FACESYNTH_ARTIFACTS:-/tmp/fs-art-synth} FACESYNTH_PROGRESS=off
export OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS
dotnet build -c Release src/FaceSynth.Cli >/dev/null
FS="nice -n $NICE dotnet $FACESYNTH_ARTIFACTS/bin/FaceSynth.Cli/release_linux-x64/FaceSynth.Cli.dll"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
$FS synth identities uniform --count "$N" --dim "$D" --seed 0 --out "$out/init" >/dev/null
echo "== load before FaceSynth: $(uptime)"
$FS synth identities hyperface --count "$N" --dim "$D" --seed 0 --steps "$STEPS" --threads "$THREADS" \
  --schedule single --loss soft --out "$out/facesynth" >/dev/null 2>"$out/facesynth.err"
/usr/bin/python3 - "$out/facesynth" "$out/init" <<'PY'
import csv, json, sys
m = json.load(open(sys.argv[1] + "/manifest.json")); k = json.load(open(sys.argv[1] + "/metrics.json"))
first = next(csv.DictReader(open(sys.argv[1] + "/trace.csv")))
u = json.load(open(sys.argv[2] + "/metrics.json"))
steps = m["options"]["steps"]
# elapsed_s covers the steps and the final evaluation pass (as on the PyTorch side)
print(json.dumps({"tool": "facesynth", "count": m["count"], "dim": m["dim"], "steps": steps, "threads": m["run"]["threads"],
                  "simd": m["run"]["simd"], "seconds_per_step": m["run"]["elapsed_s"] / steps, "elapsed_s": m["run"]["elapsed_s"],
                  "initial_min_angle_deg": float(first["min_angle_deg"]), "written_init_min_angle_deg": u["inter"]["nn_angle_deg"]["min"],
                  "final_min_angle_deg": k["inter"]["nn_angle_deg"]["min"], "best_iteration": m["run"]["best_iteration"]}))
PY
echo "== load before PyTorch: $(uptime)"
nice -n "$NICE" /usr/bin/python3 bench/peers/hyperface_torch.py --init "$out/init/identities.npy" --steps "$STEPS" --threads "$THREADS"
echo "== load after: $(uptime)"
