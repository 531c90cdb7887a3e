from __future__ import annotations

import pytest

from assistant.evaluation.variants import VariantError, parse_variant, variant_settings
from assistant.settings import Settings


def test_variant_names() -> None:
    assert parse_variant("default").overrides == {} and parse_variant("default").mode == "hybrid"
    assert parse_variant("dense-only").mode == "dense"
    assert parse_variant("lexical-only").mode == "lexical"
    assert parse_variant("k=3").overrides == {"top_k": 3}
    assert parse_variant("threshold=0.7").overrides == {"abstain_threshold": 0.7}
    assert parse_variant("chunk=300").overrides == {"chunk_max_chars": 300}
    combined = parse_variant("dense-only+k=10+sentences=2")
    assert combined.mode == "dense" and combined.overrides == {"top_k": 10, "answer_max_sentences": 2}


@pytest.mark.parametrize(
    ("name", "message"), [("fast", "unknown variant 'fast'"), ("k=three", "not a valid int"), ("", "empty")]
)
def test_bad_variant_names(name: str, message: str) -> None:
    with pytest.raises(VariantError, match=message):
        parse_variant(name)


def test_variant_settings_are_validated_and_leave_the_base_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    base = Settings(data_dir=tmp_path)
    changed = variant_settings(parse_variant("k=3+threshold=0.7"), base)
    assert (changed.top_k, changed.abstain_threshold, changed.data_dir) == (3, 0.7, tmp_path)
    assert base.top_k == 6
    with pytest.raises(VariantError, match="top_k"):
        variant_settings(parse_variant("k=0"), base)
