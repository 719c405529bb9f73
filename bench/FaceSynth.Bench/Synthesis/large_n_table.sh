#!/usr/bin/env bash
# N = 10,000, d = 512: minimum pairwise angle of uniform, HyperFace (stochastic variant, defaults) and Langevin,
# with wall time. Usage: bench/FaceSynth.Bench/Synthesis/large_n_table.sh [THREADS] [LANGEVIN_STEPS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
THREADS=${1:-2}; LSTEPS=${2:-100}
export FACESYNTH_ARTIFACTS=${FACESYNTH_ARTIFACTS:-/tmp/fs-art-synth} FACESYNTH_PROGRESS=off
dotnet build -c Release src/FaceSynth.Cli >/dev/null
FS="dotnet $FACESYNTH_ARTIFACTS/bin/FaceSynth.Cli/release_linux-x64/FaceSynth.Cli.dll"
echo "== load: $(uptime)"
printf 'sampler\tmin_angle_deg\tmean_nn_angle_deg\tseconds\n'
for s in uniform hyperface langevin; do
  out=$(mktemp -d)
  extra=""; [[ $s == langevin ]] && extra="--steps $LSTEPS"
  $FS synth identities $s --count 10000 --dim 512 --threads "$THREADS" $extra --out "$out" >/dev/null 2>&1
  /usr/bin/python3 -c "import json,sys; m=json.load(open('$out/metrics.json'))['inter']; r=json.load(open('$out/manifest.json'))['run']; print('$s\t%.3f\t%.3f\t%.1f' % (m['nn_angle_deg']['min'], m['nn_angle_deg']['mean'], r['elapsed_s']))"
  rm -rf "$out"
done
echo "== load: $(uptime)"
