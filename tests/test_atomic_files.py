from __future__ import annotations

from pathlib import Path

import pytest

from assistant.atomic_files import write_text_atomically


def test_write_text_atomically_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out" / "c.md"
    write_text_atomically(target, "first")
    write_text_atomically(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["c.md"]


def test_failed_write_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "c.md"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(TypeError):
        write_text_atomically(target, None)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["c.md"]
