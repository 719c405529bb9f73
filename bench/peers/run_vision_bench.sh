#!/usr/bin/env bash
# Vision benchmark: `facesynth embed` (ONNX Runtime) vs the same ResNet-style network in PyTorch, same images,
# same thread count, batch 32; then the bare ONNX Runtime session vs the pipeline (BenchmarkDotNet).
# Usage: bench/peers/run_vision_bench.sh [N_IMAGES=512] [THREADS=2] [LAYERS=2,2,2,2]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-512}; threads=${2:-2}; layers=${3:-2,2,2,2}
work=${VISION_BENCH_DIR:-/tmp/facesynth-vision-bench}
mkdir -p "$work"
export FACESYNTH_ARTIFACTS=${FACESYNTH_ARTIFACTS:-/tmp/fs-art-vision-bench}
echo "== load: $(uptime)"
[[ -f $work/resnet.onnx ]] || /usr/bin/python3 bench/peers/export_resnet.py "$work/resnet.onnx" --layers "$layers"
[[ -d $work/images ]] || /usr/bin/python3 bench/peers/make_bench_images.py "$work/images" "$n"
dotnet build -c Release src/FaceSynth.Cli -v q -nologo >/dev/null
cli=$(find "$FACESYNTH_ARTIFACTS/bin/FaceSynth.Cli" -name FaceSynth.Cli.dll -path '*release*' | head -1)
rm -rf "$work/fs.npy" "$work/fs.npy.partial"
echo "== facesynth embed"
FACESYNTH_PROGRESS=off dotnet "$cli" embed "$work/images" --model "$work/resnet.onnx" --out "$work/fs.npy" --threads "$threads" --batch 32
echo "== pytorch"
/usr/bin/python3 bench/peers/torch_embed.py "$work/resnet.onnx.pt" "$work/images" "$work/torch.npy" --threads "$threads" --batch 32 --layers "$layers"
echo "== parity"
/usr/bin/python3 bench/peers/compare_embeddings.py "$work/fs.npy" "$work/torch.npy"
echo "== bare ONNX Runtime session vs pipeline (BenchmarkDotNet)"
FACESYNTH_BENCH_MODEL="$work/resnet.onnx" FACESYNTH_BENCH_IMAGES="$work/images" FACESYNTH_BENCH_THREADS="$threads" \
  dotnet run -c Release --project bench/FaceSynth.Bench -- --filter '*EmbedPipeline*'
echo "== load: $(uptime)"
