#!/usr/bin/python3
"""Validates ONNX files written by FaceSynth's graph writer with onnx.checker (python3-onnx).

Usage: /usr/bin/python3 check_onnx.py FILE.onnx...   Prints one line per file; exit 1 on any failure.
"""
import sys

import onnx

bad = 0
for path in sys.argv[1:]:
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        print("ok", path, "nodes", len(model.graph.node), "opset", model.opset_import[0].version)
    except Exception as e:  # noqa: BLE001 - report every failure
        bad += 1
        print("FAIL", path, e)
sys.exit(1 if bad else 0)
