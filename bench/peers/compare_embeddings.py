#!/usr/bin/python3
"""Row-wise cosine similarity between two embedding matrices (.npy). Usage: compare_embeddings.py A.npy B.npy"""
import sys

import numpy as np

a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
assert a.shape == b.shape, (a.shape, b.shape)
cos = np.sum(a * b, 1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
print(f"rows {a.shape[0]}: cosine min {cos.min():.6f}, mean {cos.mean():.6f}")
