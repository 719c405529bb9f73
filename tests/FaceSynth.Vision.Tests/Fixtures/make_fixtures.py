#!/usr/bin/python3
"""Writes the small committed fixtures of FaceSynth.Vision.Tests with Python's own pickle and PIL.

Run with Debian's interpreter (python3-numpy, python3-pil): /usr/bin/python3 make_fixtures.py
Every image is a pattern the tests recompute from the same formula (pattern() below), so the
expected pixels never come from FaceSynth.
"""
import io
import os
import pickle

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))


def pattern(w, h):
    """RGB pattern: R = 20*x + 3, G = 30*y + 5, B = (x*y) % 7 * 30 (tests recompute it)."""
    a = np.zeros((h, w, 3), np.uint8)
    for y in range(h):
        for x in range(w):
            a[y, x] = ((20 * x + 3) % 256, (30 * y + 5) % 256, (x * y) % 7 * 30)
    return a


def save(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def encode(img, fmt, **kw):
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def images():
    p = Image.fromarray(pattern(8, 6), "RGB")
    save("pattern.png", encode(p, "PNG"))
    save("pattern.bmp", encode(p, "BMP"))
    save("pattern.webp", encode(p, "WEBP", lossless=True))
    save("pattern.jpg", encode(p, "JPEG", quality=100, subsampling=0))
    grey = Image.fromarray((np.arange(48, dtype=np.uint8).reshape(6, 8) * 5), "L")
    save("grey.png", encode(grey, "PNG"))
    save("grey.jpg", encode(grey, "JPEG", quality=100))
    # CMYK: four 8x8 patches with channel values 0 or 255 only (white, cyan, magenta, black).
    cmyk = np.zeros((8, 32, 4), np.uint8)
    cmyk[:, 8:16, 0] = 255
    cmyk[:, 16:24, 1] = 255
    cmyk[:, 24:32, 3] = 255
    save("cmyk.jpg", encode(Image.fromarray(cmyk, "CMYK"), "JPEG", quality=100))
    # EXIF orientation 6 (rotate 90 degrees clockwise to display) on the stored 8x6 pattern.
    exif = Image.Exif()
    exif[0x0112] = 6
    save("exif6.jpg", encode(p, "JPEG", quality=100, subsampling=0, exif=exif.tobytes()))


def bins():
    # 3 pairs of tiny PNG images (distinct solid colours), issame = True, False, True.
    imgs = []
    for k in range(6):
        a = np.zeros((4, 4, 3), np.uint8)
        a[:, :] = (40 * k, 255 - 40 * k, 17 * k)
        imgs.append(encode(Image.fromarray(a, "RGB"), "PNG"))
    issame = [True, False, True]
    for proto in (2, 3, 4, 5):
        save(f"bytes_p{proto}.bin", pickle.dumps((imgs, issame), protocol=proto))
    arrays = [np.frombuffer(b, dtype=np.uint8) for b in imgs]
    for proto in (2, 5):
        save(f"numpy_p{proto}.bin", pickle.dumps((arrays, issame), protocol=proto))


def embed_linear(rgb):
    """The test models' linear embedder on a solid colour, flip-added and L2-normalised (TestModels.cs)."""
    n = (np.asarray(rgb, np.float64) - 127.5) / 127.5
    y = np.array([n.mean(), n[0], 0.0, n[2] + 0.25]) * 2
    return y / np.linalg.norm(y)


def eval_bin():
    """20 pairs of 112x112 solid-colour PNGs: same pairs repeat a colour, different pairs use far-apart colours,
    so the linear model separates them perfectly (accuracy 1.0 by construction, checked here)."""
    rng = np.random.default_rng(5)
    imgs, issame = [], []
    for p in range(20):
        same = p % 2 == 0
        c1 = rng.integers(0, 256, 3)
        while True:
            c2 = c1 if same else rng.integers(0, 256, 3)
            if same or np.sum((embed_linear(c1) - embed_linear(c2)) ** 2) > 0.2:
                break
        for c in (c1, c2):
            a = np.zeros((112, 112, 3), np.uint8)
            a[:, :] = c
            imgs.append(encode(Image.fromarray(a, "RGB"), "PNG"))
        issame.append(same)
    save("eval_pairs_p4.bin", pickle.dumps((imgs, issame), protocol=4))


class Evil:
    def __reduce__(self):
        return (os.system, ("echo facesynth-should-never-run",))


def hostile():
    save("evil_p2.pkl", pickle.dumps(([Evil()], [True]), protocol=2))
    save("evil_p4.pkl", pickle.dumps(([Evil()], [True]), protocol=4))


if __name__ == "__main__":
    images()
    bins()
    eval_bin()
    hostile()
    print("fixtures written to", HERE)
