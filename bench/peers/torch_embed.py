#!/usr/bin/python3
"""The PyTorch side of the vision benchmark: embeds the same images with the same network as `facesynth embed`.

Decodes with PIL, normalises (x - 127.5) / 127.5 (RGB, NCHW), batches, runs the model in inference mode with
a fixed thread count, and reports images/s end to end and for the model alone.
Usage: /usr/bin/python3 torch_embed.py MODEL.onnx.pt IMAGE_DIR OUT.npy --threads T --batch B [--layers 2,2,2,2]
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_resnet import build  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("weights")
ap.add_argument("images")
ap.add_argument("out")
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--batch", type=int, default=32)
ap.add_argument("--layers", default="2,2,2,2")
args = ap.parse_args()

torch.set_num_threads(args.threads)
model = build([int(v) for v in args.layers.split(",")])
model.load_state_dict(torch.load(args.weights))
model.eval()
files = sorted(os.path.relpath(os.path.join(d, f), args.images) for d, _, fs in os.walk(args.images) for f in fs
               if f.lower().endswith((".jpg", ".jpeg", ".png")))
out = np.zeros((len(files), 512), np.float32)
model_time = 0.0
with torch.inference_mode():
    model(torch.zeros(2, 3, 112, 112))  # warm-up
    start = time.perf_counter()
    for b in range(0, len(files), args.batch):
        names = files[b:b + args.batch]
        x = np.stack([np.asarray(Image.open(os.path.join(args.images, n)).convert("RGB"), np.float32) for n in names])
        x = torch.from_numpy(((x - 127.5) / 127.5).transpose(0, 3, 1, 2).copy())
        t0 = time.perf_counter()
        out[b:b + len(names)] = model(x).numpy()
        model_time += time.perf_counter() - t0
    total = time.perf_counter() - start
np.save(args.out, out)
print(f"torch: {len(files)} images, threads {args.threads}, batch {args.batch}: "
      f"{len(files) / total:.1f} images/s end to end, {len(files) / model_time:.1f} images/s model only")
