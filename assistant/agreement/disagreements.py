"""Where the source article disagrees with other sources, so answers can say so with both citations.

The catalogue is ``assistant/data/disagreements.yaml`` (the fact sheet's last section). An answer
is about a disagreement when its question matches one of the disagreement's ``keywords``, or when
it cites a passage that overlaps either side's quote and its question matches one of the
disagreement's ``topics`` (no topics: the overlap alone is enough). The topics keep a sentence
that states two things (the article's ROFR sentence also names Stargate's partners) from raising
a disagreement the question is not about.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.agreement.quotes import Locate, SourceQuote
from assistant.citation import Citation
from assistant.yaml_source import check_patterns, read_data_file

DISAGREEMENTS_FILE = Path(__file__).resolve().parent.parent / "data" / "disagreements.yaml"


class Disagreement(BaseModel):
    """A point on which the article and other sources disagree.

    Attributes:
        id: A short name.
        statement: Both positions in words, completing "The article and other sources disagree: …".
        article: The article's side.
        other: The other sources' side.
        keywords: Regular expressions (case-insensitive) that make a question about it.
        topics: Regular expressions a question must match for a cited passage to raise it.
        omission: The article leaves out what the other sources say rather than saying otherwise (it names
            fewer of Stargate's partners): a yes or no asked about it is not "The sources disagree".
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    statement: str = Field(min_length=1)
    article: SourceQuote
    other: SourceQuote
    keywords: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)
    omission: bool = False

    @field_validator("keywords", "topics")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        return check_patterns(value)

    def named_in(self, question: str) -> bool:
        """Whether the question names it: one of its ``keywords`` matches ("AUD or USD?")."""
        return any(re.search(p, question, re.IGNORECASE) for p in self.keywords)

    def sides(self) -> list[SourceQuote]:
        """The article's side, then the other sources'."""
        return [self.article, self.other]

    def line(self) -> str:
        """The sentence an answer ends with (without citation markers)."""
        statement = " ".join(self.statement.split())
        return f"The article and other sources disagree: {statement}"


class _DisagreementsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    disagreements: list[Disagreement] = Field(min_length=1)


def load_disagreements(path: Path = DISAGREEMENTS_FILE) -> list[Disagreement]:
    """Read and validate the catalogue.

    Raises:
        DataFileError: Naming the file, the line and the field of each problem.
    """
    return list(read_data_file(path, _DisagreementsFile)[1].disagreements)


@lru_cache(maxsize=1)
def disagreements() -> tuple[Disagreement, ...]:
    """The bundled catalogue, read once."""
    return tuple(load_disagreements())


def overlaps(citation: Citation, source: str, start: int, end: int) -> bool:
    """Whether a citation shares at least one character with ``source[start:end]``."""
    return citation.source == source and citation.start < end and start < citation.end


def named_disagreements(question: str, *, contradictions: bool = False) -> list[Disagreement]:
    """The disagreements whose keywords the question names ("AUD or USD", "was the AGI clause dropped").

    Args:
        question: The question.
        contradictions: Only those where the sources say different things, not where the article leaves
            something out (see :attr:`Disagreement.omission`).
    """
    return [item for item in disagreements() if item.named_in(question) and not (contradictions and item.omission)]


def relevant_disagreements(question: str, cited: list[Citation], locate: Locate) -> list[Disagreement]:
    """The disagreements an answer touches, in catalogue order.

    Args:
        question: The user's question.
        cited: The passages the answer cites.
        locate: Finds a quote in a corpus document (``SourceTexts.cite``); sides it cannot find
            are ignored.

    Returns:
        Those whose keywords match the question, or whose sides overlap a cited passage while
        the question matches their topics.
    """
    found = []
    for item in disagreements():
        named = item.named_in(question)
        on_topic = not item.topics or any(re.search(p, question, re.IGNORECASE) for p in item.topics)
        spans = [s for s in (locate(side.source, side.quote) for side in item.sides()) if s is not None]
        touched = on_topic and any(overlaps(c, s.source, s.start, s.end) for c in cited for s in spans)
        if named or touched:
            found.append(item)
    return found
