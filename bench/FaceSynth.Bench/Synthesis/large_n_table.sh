#!/usr/bin/env bash
# N = 10,000, d = 512: minimum pairwise angle of uniform, HyperFace (stochastic variant) and Langevin, with wall time.
# Usage: bench/FaceSynth.Bench/Synthesis/large_n_table.sh [THREADS] [LANGEVIN_STEPS] [HYPERFACE_EPOCHS] [NICE] [N] [D]
#   HYPERFACE_EPOCHS empty or "auto" = the default 300 epochs.
set -euo pipefail
cd "$(dirname "$0")/../../.."
THREADS=${1:-2}; LSTEPS=${2:-100}; HEPOCHS=${3:-auto}; NICE=${4:-5}; N=${5:-10000}; D=${6:-512}
export FACESYNTH_ARTIFACTS=${FACESYNTH_ARTIFACTS:-/tmp/fs-art-synth} FACESYNTH_PROGRESS=off
dotnet build -c Release src/FaceSynth.Cli >/dev/null
FS="nice -n $NICE dotnet $FACESYNTH_ARTIFACTS/bin/FaceSynth.Cli/release_linux-x64/FaceSynth.Cli.dll"
echo "== load: $(uptime)"
echo "== options: N $N, d $D, threads $THREADS, langevin steps $LSTEPS, hyperface epochs $HEPOCHS, nice $NICE"
printf 'sampler\tsteps\tmin_angle_deg\tmean_nn_angle_deg\tseconds\tload_1min_after\n'
for s in uniform hyperface langevin; do
  out=$(mktemp -d)
  extra=()
  [[ $s == langevin ]] && extra=(--steps "$LSTEPS")
  [[ $s == hyperface && $HEPOCHS != auto ]] && extra=(--steps "$HEPOCHS")
  $FS synth identities $s --count "$N" --dim "$D" --threads "$THREADS" "${extra[@]}" --out "$out" >/dev/null 2>&1
  /usr/bin/python3 - "$out" "$s" <<'PY'
import json, os, sys
d, s = sys.argv[1], sys.argv[2]
m = json.load(open(d + "/metrics.json"))["inter"]; man = json.load(open(d + "/manifest.json"))
steps = man["options"].get("steps", man["options"].get("iterations", ""))
print(f'{s}\t{steps}\t{m["nn_angle_deg"]["min"]:.3f}\t{m["nn_angle_deg"]["mean"]:.3f}\t{man["run"]["elapsed_s"]:.1f}\t{os.getloadavg()[0]:.1f}')
PY
  rm -rf "$out"
done
echo "== load: $(uptime)"
