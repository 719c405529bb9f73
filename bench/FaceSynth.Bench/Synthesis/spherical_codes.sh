#!/usr/bin/env bash
# Hard spherical codes: HyperFace (no gallery) against best-known literature values.
# Usage: bench/FaceSynth.Bench/Synthesis/spherical_codes.sh [THREADS]   (minutes per case on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/../../.."
THREADS=${1:-2}
export FACESYNTH_ARTIFACTS=${FACESYNTH_ARTIFACTS:-/tmp/fs-art-synth} FACESYNTH_PROGRESS=off
dotnet build -c Release src/FaceSynth.Cli >/dev/null
FS="dotnet $FACESYNTH_ARTIFACTS/bin/FaceSynth.Cli/release_linux-x64/FaceSynth.Cli.dll"
TABLE=bench/FaceSynth.Bench/Synthesis/reference_codes.tsv
echo "== load: $(uptime)"
printf 'd\tN\tmin_angle_deg\treference_deg\tgap_deg\tseconds\n'
for case in "3 24" "3 30" "3 40" "3 50" "3 60" "3 72" "3 90" "3 110" "3 130" "4 24" "4 120" "8 240"; do
  set -- $case
  out=$(mktemp -d)
  $FS synth identities hyperface --dim "$1" --count "$2" --threads "$THREADS" --out "$out" >/dev/null
  $FS synth metrics --identities "$out" --reference-table "$TABLE" --out "$out/m" >/dev/null
  /usr/bin/python3 - "$out" <<'PY'
import json, sys
d = sys.argv[1]
m = json.load(open(d + "/m/metrics.json"))["inter"]; r = json.load(open(d + "/manifest.json"))["run"]
ref = m["reference"] or {}
print(f'{m["dim"]}\t{m["count"]}\t{m["nn_angle_deg"]["min"]:.4f}\t{ref.get("reference_deg", "")}\t{ref.get("gap_deg", "")}\t{r["elapsed_s"]:.1f}')
PY
  rm -rf "$out"
done
echo "== load: $(uptime)"
