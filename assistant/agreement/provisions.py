"""The catalogue of provisions: titles and the keywords that make a question about one.

Loaded from ``assistant/data/provisions.yaml`` and validated when first used: a missing field or
a pattern that does not compile is reported with the file, the line and the field.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.yaml_source import DataFileError, check_patterns, read_data_file

PROVISIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "provisions.yaml"


class Provision(BaseModel):
    """One provision of the agreement.

    Attributes:
        id: The label its clause versions share (``first-refusal``).
        title: For people ("Microsoft's right of first refusal on new capacity").
        keywords: Regular expressions (case-insensitive) that make a question about it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)

    @field_validator("keywords")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        return check_patterns(value)

    def mentioned_in(self, text: str) -> bool:
        """Whether one of the keywords occurs in ``text``."""
        return any(re.search(pattern, text, re.IGNORECASE) for pattern in self.keywords)


class _ProvisionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provisions: list[Provision] = Field(min_length=1)


def load_provisions(path: Path = PROVISIONS_FILE) -> list[Provision]:
    """Read and validate the catalogue.

    Raises:
        DataFileError: Naming the file, the line and the field of each problem.
    """
    source, parsed = read_data_file(path, _ProvisionsFile)
    ids = [p.id for p in parsed.provisions]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise DataFileError(f"{source.name}: provision ids repeat: {repeated}")
    return list(parsed.provisions)


@lru_cache(maxsize=1)
def provision_catalogue() -> tuple[Provision, ...]:
    """The bundled catalogue, read once, in timeline order."""
    return tuple(load_provisions())


def provision_order() -> dict[str, int]:
    """Each provision's position in the catalogue (its place in timelines)."""
    return {p.id: index for index, p in enumerate(provision_catalogue())}


def provision_title(provision_id: str) -> str:
    """The title of a provision, or its id when the catalogue does not list it."""
    return next((p.title for p in provision_catalogue() if p.id == provision_id), provision_id)


def provisions_in(text: str) -> list[str]:
    """The provisions whose keywords occur in ``text``, in catalogue order."""
    return list(_provisions_in(text))


@lru_cache(maxsize=4096)  # the bundled catalogue is read once per process: a text's provisions never change
def _provisions_in(text: str) -> tuple[str, ...]:
    return tuple(p.id for p in provision_catalogue() if p.mentioned_in(text))


def without_keywords(text: str) -> str:
    """``text`` with every provision keyword blanked out: what it says besides naming provisions."""
    for provision in provision_catalogue():
        for pattern in provision.keywords:
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return text


def find_provision(name: str) -> str | None:
    """A provision from its id, its title, or words that name exactly one provision.

    Args:
        name: ``first-refusal``, "Microsoft's right of first refusal on new capacity", "ROFR" ...

    Returns:
        The provision id, or ``None`` when nothing or more than one provision matches.
    """
    wanted = name.strip().lower()
    for provision in provision_catalogue():
        if wanted in (provision.id, provision.title.lower()):
            return provision.id
    found = provisions_in(name)
    return found[0] if len(found) == 1 else None
