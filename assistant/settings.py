"""The one settings object. Every knob the assistant has is a field here.

Values come from environment variables with the ``ASSISTANT_`` prefix (for example
``ASSISTANT_DATA_DIR=/tmp/idx``) or from a ``.env`` file in the working directory.
Every field is documented in the README's settings table; a test fails when one is not.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Configuration of the assistant, read once from the environment."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(default=PROJECT_ROOT / "corpus", description="Folder of source documents to index.")
    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Where the Chroma index and lexical index live.")
    collection: str = Field(default="agreement", description="Name of the Chroma collection.")
    chunk_max_chars: int = Field(
        default=500, ge=100, le=4000, description="Upper bound on a chunk's length in characters."
    )
    chunk_overlap_sentences: int = Field(
        default=1, ge=0, le=5, description="Sentences repeated between consecutive chunks."
    )
    top_k: int = Field(default=6, ge=1, le=50, description="Chunks handed from retrieval to the answerer.")
    rrf_k: int = Field(default=60, ge=1, description="Constant of reciprocal rank fusion.")
    answer_max_sentences: int = Field(default=3, ge=1, le=8, description="Most quoted sentences in an offline answer.")
    abstain_threshold: float = Field(
        default=0.765,
        ge=0.0,
        le=1.0,
        description="Support below which a question is declined (tuned on evals/abstain.yaml).",
    )
    max_document_bytes: int = Field(
        default=20_000_000, ge=1, description="Corpus files larger than this are skipped with a warning."
    )
    max_question_chars: int = Field(
        default=2000, ge=10, description="Longer questions are declined with a message instead of answered."
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read from the environment on first call."""
    return Settings()
