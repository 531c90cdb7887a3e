"""LangChain's standard retriever suite (``langchain-tests``) run against :class:`HybridRetriever`.

The suite builds the retriever from the class and its constructor parameters, asks for ``k``
documents through the constructor and through ``invoke(query, k=...)``, and calls ``ainvoke``.
It runs over a small corpus indexed once for the class (the real model: slow).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_tests.integration_tests import RetrieversIntegrationTests

from assistant.index.store import IndexStore
from assistant.retrieval.langchain_retriever import HybridRetriever
from assistant.settings import Settings

pytestmark = pytest.mark.slow

# Five one-chunk documents: enough for the suite's k=3 from any question.
DOCUMENTS = {
    "alpha.md": "Microsoft holds a right of first refusal on new OpenAI capacity.\n",
    "beta.txt": "The OpenAI API is exclusive to Azure.\n",
    "gamma.txt": "Stargate is a joint venture that invests in AI infrastructure.\n",
    "delta.txt": "SoftBank and Oracle fund Stargate alongside OpenAI.\n",
    "epsilon.txt": "An expert panel verifies a declaration that AGI has been reached.\n",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> IndexStore:
    root = tmp_path_factory.mktemp("standard-retriever")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index = IndexStore(Settings(corpus_dir=corpus, data_dir=Path(root / "data")))
    index.ensure_ready()
    return index


class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _index(self, store: IndexStore) -> None:
        self._store = store

    @property
    def retriever_constructor(self) -> type[HybridRetriever]:
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict[str, Any]:
        return {"store": self._store}

    @property
    def retriever_query_example(self) -> str:
        return "Who funds Stargate?"


def test_invoke_k_does_not_change_the_retrievers_own_k(store: IndexStore) -> None:
    retriever = HybridRetriever(store=store, k=2)
    assert len(retriever.invoke("Stargate", k=4)) == 4
    assert len(retriever.invoke("Stargate")) == 2
    assert retriever.k == 2


def test_an_unknown_search_keyword_is_refused(store: IndexStore) -> None:
    with pytest.raises(TypeError, match="fetch_k"):
        HybridRetriever(store=store).invoke("Stargate", fetch_k=10)
