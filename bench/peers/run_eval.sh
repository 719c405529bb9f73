#!/usr/bin/env bash
# Side-by-side: `facesynth eval scores` vs scikit-learn roc_curve + EER on the same .npy score files.
# Usage: bench/peers/run_eval.sh [TOTAL ...]   (default: 1e7 1e8)
# Needs: apt-get install -y python3-numpy python3-sklearn time
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${BENCH_WORK:-$(mktemp -d)}
sizes=("$@"); [[ ${#sizes[@]} -gt 0 ]] || sizes=(1e7 1e8)

# ReadyToRun: precompiled code, so start-up JIT does not weigh on the 10-million-score run.
if ! dotnet publish "$root/src/FaceSynth.Cli" -c Release -p:PublishReadyToRun=true -o "$work/facesynth" > "$work/publish.log" 2>&1; then
  cat "$work/publish.log"; exit 1
fi
fs="$work/facesynth/FaceSynth.Cli"   # the facesynth command

peak() { sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$1"; }
wall() { sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): \(.*\)/\1/p' "$1" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }'; }

/usr/bin/time -v "$fs" --version > /dev/null 2> "$work/base.time"
base=$(peak "$work/base.time")
echo "uptime: $(uptime)"
echo "runtime baseline (facesynth --version) peak RSS: $base kB"
printf '%-8s %-10s %-10s %-7s %-12s %-12s %-10s\n' total facesynth_s sklearn_s ratio fs_peak_kB data_kB extra/data
for total in "${sizes[@]}"; do
  d="$work/$total"; mkdir -p "$d"
  [[ -f $d/impostor.npy ]] || /usr/bin/python3 "$root/bench/peers/make_scores.py" "$total" "$d" > /dev/null
  data=$(( ($(stat -c %s "$d/genuine.npy") + $(stat -c %s "$d/impostor.npy")) / 1024 ))
  cat "$d"/*.npy > /dev/null   # both tools start from a warm page cache
  /usr/bin/time -v "$fs" eval scores --genuine "$d/genuine.npy" --impostor "$d/impostor.npy" --json "$d/fs.json" > "$d/fs.out" 2> "$d/fs.time"
  /usr/bin/time -v /usr/bin/python3 "$root/bench/peers/roc_eer_sklearn.py" "$d/genuine.npy" "$d/impostor.npy" > "$d/sk.out" 2> "$d/sk.time"
  tf=$(wall "$d/fs.time"); ts=$(wall "$d/sk.time"); pf=$(peak "$d/fs.time")
  printf '%-8s %-10s %-10s %-7s %-12s %-12s %-10s\n' "$total" "$tf" "$ts" "$(echo "$ts / $tf" | bc -l | cut -c1-5)" "$pf" "$data" "$(echo "($pf - $base) / $data" | bc -l | cut -c1-5)"
  echo "  facesynth $(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e=d["eer"]; print("eer=%.9f threshold=%.9f auc=%.9f" % (e["eer"], e["threshold"], d["auc"]))' "$d/fs.json")"
  echo "  $(cat "$d/sk.out")"
done
