#!/usr/bin/env bash
# Hard spherical codes: HyperFace (no gallery, schedule Auto) against best-known literature values.
# Usage: bench/FaceSynth.Bench/Synthesis/spherical_codes.sh [THREADS] [RESTARTS] [STEPS] [NICE]
#   RESTARTS / STEPS empty or "auto" = the documented defaults (Auto restarts, 3000 + 3000 steps: minutes per case
#   on 2 cores); e.g. `spherical_codes.sh 2 8` for a quick pass with 8 restarts.
set -euo pipefail
cd "$(dirname "$0")/../../.."
THREADS=${1:-2}; RESTARTS=${2:-auto}; STEPS=${3:-auto}; NICE=${4:-5}
export FACESYNTH_ARTIFACTS=${FACESYNTH_ARTIFACTS:-/tmp/fs-art-synth} FACESYNTH_PROGRESS=off
dotnet build -c Release src/FaceSynth.Cli >/dev/null
FS="nice -n $NICE dotnet $FACESYNTH_ARTIFACTS/bin/FaceSynth.Cli/release_linux-x64/FaceSynth.Cli.dll"
TABLE=bench/FaceSynth.Bench/Synthesis/reference_codes.tsv
extra=()
[[ $RESTARTS != auto ]] && extra+=(--restarts "$RESTARTS")
[[ $STEPS != auto ]] && extra+=(--steps "$STEPS")
echo "== load: $(uptime)"
echo "== options: threads $THREADS, restarts $RESTARTS, steps $STEPS, nice $NICE"
printf 'd\tN\tmin_angle_deg\treference_deg\tgap_deg\trestarts\tstopped\tseconds\n'
for case in "3 30" "3 40" "3 50" "3 60" "3 70" "3 72" "3 80" "3 90" "3 100" "3 110" "3 120" "3 130" "4 24" "4 120" "8 240"; do
  set -- $case
  out=$(mktemp -d)
  $FS synth identities hyperface --dim "$1" --count "$2" --threads "$THREADS" "${extra[@]}" --out "$out" >/dev/null 2>&1
  $FS synth metrics --identities "$out" --reference-table "$TABLE" --out "$out/m" >/dev/null
  /usr/bin/python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
m = json.load(open(d + "/m/metrics.json"))["inter"]; man = json.load(open(d + "/manifest.json")); r = man["run"]
ref = m.get("reference") or {}
f = lambda v: "" if v is None or v == "" else f"{v:.4f}"
print(f'{m["dim"]}\t{m["count"]}\t{m["nn_angle_deg"]["min"]:.4f}\t{f(ref.get("reference_deg"))}\t{f(ref.get("gap_deg"))}\t{man["options"]["restarts"]}\t{r["stopped"]}\t{r["elapsed_s"]:.1f}')
PY
  rm -rf "$out"
done
echo "== load: $(uptime)"
