"""Data files are read once, validated, and their problems named by file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from assistant.yaml_source import DataFileError, read_data_file


class _Entry(BaseModel):
    id: str
    weight: float


class _File(BaseModel):
    entries: list[_Entry]


def test_a_valid_file_gives_its_model_and_where_it_came_from(tmp_path: Path) -> None:
    path = tmp_path / "things.yaml"
    path.write_text("entries:\n  - {id: a, weight: 1.5}\n", encoding="utf-8")
    source, parsed = read_data_file(path, _File)
    assert parsed.entries[0].weight == 1.5 and source.name == "data/things.yaml"


def test_a_bad_field_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "things.yaml"
    path.write_text("entries:\n  - {id: a, weight: 1.5}\n  - {id: b, weight: heavy}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"data/things\.yaml:3: field 'entries\.1\.weight'"):
        read_data_file(path, _File)
