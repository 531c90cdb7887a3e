"""The hand-written cases in evals/incoming are well formed and their gold quotes are verbatim."""

from __future__ import annotations

import yaml

from assistant.documents import read_document
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
CASES = PROJECT_ROOT / "evals" / "incoming" / "terms-cases.yaml"


def test_terms_cases_are_well_formed_and_their_gold_quotes_verbatim() -> None:
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    ids = [c["id"] for c in data["retrieval"] + data["qa"]]
    assert len(ids) == len(set(ids))
    for case in data["retrieval"]:
        gold = case["gold"]
        document = read_document(CORPUS / gold["source"], CORPUS, max_bytes=1_000_000)
        assert gold["quote"] in document.text, (case["id"], gold["quote"])
    for case in data["qa"]:
        assert case["kind"] in ("answer", "whatif", "abstain") and case["must_state"]
        for source in case["must_cite"]:
            assert (CORPUS / source).is_file(), (case["id"], source)
