#!/usr/bin/env bash
# Side-by-side: FaceSynth full-batch HyperFace Soft vs the PyTorch peer, same N, d, steps, threads.
# Usage: bench/peers/hyperface_compare.sh N D STEPS THREADS   (e.g. 10000 512 20 2)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000}; D=${2:-512}; STEPS=${3:-20}; THREADS=${4:-2}
export FACESYNTH_ARTIFACTS=${FACESYNTH_ARTIFACTS:-/tmp/fs-art-synth}
echo "== load: $(uptime)"
dotnet build -c Release src/FaceSynth.Cli >/dev/null
out=$(mktemp -d)
FACESYNTH_PROGRESS=off dotnet "$FACESYNTH_ARTIFACTS/bin/FaceSynth.Cli/release_linux-x64/FaceSynth.Cli.dll" synth identities hyperface \
  --count "$N" --dim "$D" --steps "$STEPS" --threads "$THREADS" --schedule single --loss soft --out "$out/facesynth" >/dev/null
/usr/bin/python3 - "$out/facesynth/manifest.json" "$out/facesynth/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); k = json.load(open(sys.argv[2]))
# steps + 1 evaluation pass; the evaluation pass is one of the two Gram passes of a step, so count it as half a step
print(json.dumps({"tool": "facesynth", "count": m["count"], "dim": m["dim"], "steps": m["options"]["steps"], "threads": m["run"]["threads"],
                  "simd": m["run"]["simd"], "seconds_per_step": m["run"]["elapsed_s"] / (m["options"]["steps"] + 0.5),
                  "final_min_angle_deg": k["inter"]["nn_angle_deg"]["min"]}))
PY
/usr/bin/python3 bench/peers/hyperface_torch.py --count "$N" --dim "$D" --steps "$STEPS" --threads "$THREADS"
echo "== load: $(uptime)"
rm -rf "$out"
