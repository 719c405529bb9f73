"""The peer of `facesynth eval scores`: scikit-learn's roc_curve plus an EER on the same files.

Usage: /usr/bin/python3 roc_eer_sklearn.py genuine.npy impostor.npy
EER: the ROC point minimising |FPR - FNR|, reported as their mean (the usual scikit-learn recipe).
"""
import sys
import time

t0 = time.perf_counter()
import numpy as np
from sklearn.metrics import roc_curve, auc

gen = np.load(sys.argv[1])
imp = np.load(sys.argv[2])
y = np.concatenate([np.ones(len(gen), dtype=bool), np.zeros(len(imp), dtype=bool)])
s = np.concatenate([gen, imp])
del gen, imp
fpr, tpr, thr = roc_curve(y, s)
fnr = 1 - tpr
k = int(np.nanargmin(np.abs(fnr - fpr)))
eer = (fpr[k] + fnr[k]) / 2
area = auc(fpr, tpr)
print(f"sklearn eer={eer:.9f} threshold={thr[k]:.9f} auc={area:.9f} points={len(fpr)} seconds={time.perf_counter() - t0:.3f}")
