#!/usr/bin/python3
"""Writes N random 112x112 JPEG 'faces' (smooth random colour fields, quality 95) into DIR for the vision benchmark.
Usage: /usr/bin/python3 make_bench_images.py DIR N"""
import os
import sys

import numpy as np
from PIL import Image

out, n = sys.argv[1], int(sys.argv[2])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(1)
for i in range(n):
    small = rng.integers(0, 256, (8, 8, 3), dtype=np.uint8)
    Image.fromarray(small, "RGB").resize((112, 112), Image.BILINEAR).save(os.path.join(out, f"{i:05d}.jpg"), quality=95)
print("wrote", n, "images to", out)
