#!/usr/bin/python3
# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""Writes reference factor stores from the format's description alone (FactorStore's Javadoc), with numpy's
float16 rounding, so that Duet's reader and writer are checked against an implementation that is not Duet's.

Run from this folder: /usr/bin/python3 make_reference_stores.py  (writes reference-float32.dfs, reference-float16.dfs,
expected.json; the outputs are committed, the tests never run Python)."""
import json
import struct

import numpy as np

ROWS, DIM = 5, 3  # CLS + a 2 x 2 patch grid, a 3-wide projection

# float16 edge cases among ordinary values: a tie that rounds to even (1 + 2^-11 -> 1), the largest finite
# value, a value rounded up to it, a subnormal, a tie between zero and the smallest subnormal (-> 0),
# thirds and tenths, negative zero
EDGES = [1 + 2 ** -11, 65504.0, -65504.0, 65519.0, 1e-7, 2 ** -25, 1 / 3, 0.1, -0.0, 3.14159, -2.5e-3, 12345.678]


def items():
    rng = np.random.default_rng(18)
    first = rng.standard_normal((ROWS, DIM)).astype(np.float32)
    second = np.array(EDGES + [0.5, -0.75, 2.0], dtype=np.float32).reshape(ROWS, DIM)
    return [
        ("cat.png", rng.standard_normal(DIM).astype(np.float32), rng.standard_normal(DIM).astype(np.float32), first, 4, 0.00025),
        ("sub/dog.jpg", rng.standard_normal(DIM).astype(np.float32), rng.standard_normal(DIM).astype(np.float32), second, 8, 0.5),
    ]


def settings(precision):
    return {"model_sha256": "0123456789abcdef" * 4, "image_layer": 1, "image_reference": {"kind": "mean"},
            "normalization": "exact", "quadrature": "gauss-legendre", "steps": 4, "tolerance": 0.001,
            "precision": precision, "rows": ROWS, "dim": DIM, "grid": [2, 2]}


def write(path, precision):
    dtype = np.dtype("<f4") if precision == "float32" else np.dtype("<f2")
    header = {"duet_version": "reference", "settings": settings(precision),
              "items": [{"key": key, "rule": "gauss-legendre", "nodes": nodes, "residual": residual}
                        for key, _, _, _, nodes, residual in items()]}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    out = bytearray(b"DUETFCTR" + struct.pack("<ii", 1, len(text)) + text)
    out += b"\0" * (-len(out) % 8)
    for _, embedding, reference, rows, _, _ in items():
        out += embedding.astype("<f4").tobytes() + reference.astype("<f4").tobytes() + rows.astype(dtype).tobytes()
    with open(path, "wb") as f:
        f.write(out)


write("reference-float32.dfs", "float32")
write("reference-float16.dfs", "float16")
expected = {"items": [{"key": key, "embedding": embedding.tolist(), "reference": reference.tolist(),
                       "rows_float32": rows.ravel().tolist(),
                       "rows_float16": rows.astype(np.float16).astype(np.float32).ravel().tolist(),
                       "rows_float16_bits": rows.astype(np.float16).view(np.uint16).ravel().tolist(),
                       "nodes": nodes, "residual": residual}
                      for key, embedding, reference, rows, nodes, residual in items()]}
with open("expected.json", "w") as f:
    json.dump(expected, f, indent=1)
