"""The fake encoder: deterministic, normalised, similar texts alike, and never a model loaded."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from assistant.corpus.glossary import expand
from assistant.index.embedding import Embedder
from assistant.index.encoder import EMBEDDING_DIM, MODEL_NAME, Encoder
from assistant.index.fake_encoder import FAKE_MODEL_NAME, FakeEncoder
from assistant.settings import PROJECT_ROOT

TEXTS = [
    "Microsoft holds a right of first refusal on new OpenAI capacity.",
    "Who holds the right of first refusal on OpenAI's new capacity?",
    "Stargate is a joint venture that invests in AI infrastructure.",
    "",
    "?",
    "the of and",
]


def test_both_encoders_satisfy_the_protocol_without_loading_a_model() -> None:
    real = Embedder()
    assert isinstance(FakeEncoder(), Encoder) and isinstance(real, Encoder)
    assert real.name == MODEL_NAME and real._model is None  # nothing loaded to tell
    assert FakeEncoder().name == FAKE_MODEL_NAME != MODEL_NAME


def test_rows_are_normalised_float32_of_the_index_dimension() -> None:
    vectors = FakeEncoder().encode(TEXTS)
    assert vectors.shape == (len(TEXTS), EMBEDDING_DIM) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert FakeEncoder().encode([]).shape == (0, EMBEDDING_DIM)


def test_the_same_text_gets_the_same_vector_in_any_instance_and_process_and_no_model_is_loaded() -> None:
    here = FakeEncoder().encode_query(TEXTS[0])
    assert np.array_equal(here, FakeEncoder().encode([TEXTS[0]])[0])
    code = (
        "import sys\n"
        "from assistant.index.fake_encoder import FakeEncoder\n"
        f"print(FakeEncoder().encode_query({TEXTS[0]!r}).tobytes().hex())\n"
        "print([m for m in ('torch', 'sentence_transformers', 'onnxruntime') if m in sys.modules])\n"
    )
    env = {"PYTHONPATH": str(PROJECT_ROOT), "PYTHONHASHSEED": "random"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    vector, loaded = done.stdout.split()
    assert vector == here.tobytes().hex()  # no per-process hash salt
    assert loaded == "[]"  # neither imported nor loaded: no model library at all


def test_texts_sharing_words_are_closer_than_unrelated_ones() -> None:
    rofr, question, stargate = FakeEncoder().encode(TEXTS[:3])
    assert float(rofr @ question) > 0.5
    assert float(rofr @ question) > float(rofr @ stargate) + 0.3


def test_texts_are_glossary_expanded_unless_they_already_are() -> None:
    encoder = FakeEncoder()
    text = "Is the ROFR still there after the 2025 AGI clause?"
    assert expand(text) != text
    assert np.array_equal(encoder.encode([text])[0], encoder.encode([expand(text)], expanded=True)[0])
    assert not np.array_equal(encoder.encode([text])[0], encoder.encode([text], expanded=True)[0])


def test_another_seed_is_another_model() -> None:
    other = FakeEncoder(seed=1)
    assert other.name != FakeEncoder().name
    assert float(other.encode_query(TEXTS[0]) @ FakeEncoder().encode_query(TEXTS[0])) < 0.5


def test_it_counts_what_it_encoded() -> None:
    encoder = FakeEncoder()
    encoder.encode(TEXTS[:2])
    encoder.encode_query(TEXTS[2])
    assert (encoder.calls, encoder.encoded) == (2, 3)
