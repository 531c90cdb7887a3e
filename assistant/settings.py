"""The one settings object. Every knob the assistant has is a field here.

Values come from environment variables with the ``ASSISTANT_`` prefix (for example
``ASSISTANT_DATA_DIR=/tmp/idx``) or from a ``.env`` file in the working directory.
Every field is documented in the settings table of ``docs/settings.md``; a test fails when one is not.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Configuration of the assistant, read once from the environment."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(default=PROJECT_ROOT / "corpus", description="Folder of source documents to index.")
    data_dir: Path = Field(
        default=PROJECT_ROOT / "data",
        description="Where the index lives: Chroma, the sentence store, the generations and the ingest lock.",
    )
    collection: str = Field(default="agreement", description="Name of the Chroma collection of chunks.")
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
        default=2000, ge=10, le=100_000, description="Longer questions are declined with a message instead of answered."
    )
    max_history_turns: int = Field(
        default=20, ge=0, le=1000, description="Most earlier turns of a conversation used (the most recent ones)."
    )
    max_history_chars: int = Field(
        default=60_000,
        ge=0,
        le=10_000_000,
        description="Most characters of earlier turns used in all; older turns beyond it are left out.",
    )
    max_history_answer_chars: int = Field(
        default=8000, ge=0, le=1_000_000, description="An earlier turn's answer text is cut to this length."
    )
    app_concurrency: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Questions the browser app answers at once; others wait in the queue.",
    )
    app_queue_size: int = Field(
        default=64,
        ge=1,
        description="Requests the app's queue holds; beyond it new ones are refused with a message.",
    )
    answer_deadline: float = Field(
        default=10.0,
        gt=0.0,
        le=600.0,
        description=(
            "Seconds the browser app gives one answer or scenario; past it the worker process is stopped and "
            "replaced, and the user is told the question took too long."
        ),
    )
    app_max_request_bytes: int = Field(
        default=1_000_000, ge=1024, description="Largest HTTP request body the app accepts (413 beyond)."
    )
    llm: str | None = Field(
        default=None,
        description=(
            "Language model that writes answers, as provider:model for LangChain's init_chat_model "
            "(openai:gpt-4o-mini, ollama:llama3.1, anthropic:...); unset means offline."
        ),
    )
    llm_base_url: str | None = Field(
        default=None,
        description="Base URL of the model's server, e.g. an OpenAI-compatible http://localhost:8000/v1.",
    )
    llm_timeout: float = Field(
        default=8.0,
        gt=0.0,
        le=300.0,
        description="Seconds one answer may wait for the model before falling back to the offline answer.",
    )

    query_encoder: Literal["onnx", "sentence-transformers"] = Field(
        default="onnx",
        description="How questions are embedded: the ONNX export of the model (no torch) or sentence-transformers.",
    )
    encoder_dir: Path | None = Field(
        default=None, description="Where the ONNX export of the embedding model is kept (default <data_dir>/encoder)."
    )
    chroma_url: str | None = Field(
        default=None,
        description="URL of a Chroma server (http://host:port); unset keeps Chroma in data_dir on this machine.",
    )

    @field_validator("llm", "llm_base_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("llm")
    @classmethod
    def _provider_and_model(cls, value: str | None) -> str | None:
        if value is None:
            return None
        provider, _, model = value.partition(":")
        if not provider.strip() or not model.strip():
            raise ValueError(f"{value!r} is not provider:model (for example openai:gpt-4o-mini or ollama:llama3.1)")
        return value

    @property
    def encoder_folder(self) -> Path:
        """The folder of the ONNX query encoder."""
        return Path(self.encoder_dir) if self.encoder_dir else Path(self.data_dir) / "encoder"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings, read from the environment on first call."""
    return Settings()
