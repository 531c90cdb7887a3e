"""Checking a model's answer against the passages it cites.

The model cites passages by number: ``[2]``, ``[1][3]`` or ``[1, 3]``. Every sentence of its
answer is checked, deterministically:

1. Markers for passage numbers that were not given are removed (and counted).
2. A sentence is *supported* when the passages it cites (the valid markers) hold at least
   :data:`MIN_COVERAGE` of its content words — the same tokens retrieval uses: lower-cased,
   stop words dropped, stemmed, glossary terms expanded — and every number it states
   (``2030``, ``49``, ``100,000``) occurs in those passages.
3. A supported sentence keeps one marker per cited passage that shares words with it. Each marker
   points at a :class:`~assistant.models.Citation` of the passage's sentence sharing the most
   content words with the claim, verified verbatim in the corpus; markers are renumbered in
   order of first use, so ``[n]`` is ``citations[n - 1]``.
4. A sentence with content words but no valid marker, or not supported, loses its markers and is
   marked with the label (``(unsupported)``). Sentences without content words ("Yes.", "Correct.")
   pass as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.citation import Citation
from assistant.corpus.glossary import expand
from assistant.corpus.sentences import split_sentences
from assistant.corpus.sources import SourceTexts
from assistant.index.lexical import tokenize
from assistant.llm.framing import Passage

MIN_COVERAGE = 0.5
MAX_ANSWER_CHARS = 4000
# Markers with the white space before them. Each white space run is entered at its start only
# (``(?<!\s)``) and taken whole (``\s*+``), so no search is quadratic on a long run of spaces.
_MARKER = re.compile(r"(?<!\s)\s*+\[(\d{1,3}(?:\s*+[,;]\s*+\d{1,3})*+)\]")
_MARKER_SEPARATOR = re.compile(r"(?<!\s)\s*+[,;]\s*+")
_LEADING_MARKERS = re.compile(r"^(?:\s*\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\])+")
_LINE_PREFIX = re.compile(r"^\s*(?:[-*+]\s+|\d{1,3}[.)]\s+)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<!\s)\s++([.,;:!?])")  # from the start of a run only: linear
#: Words that make no claim on their own ("Yes.", "Correct.").
_NOT_CLAIMS = frozenset(tokenize("yes correct indeed true false exactly sure"))


@dataclass
class CheckedAnswer:
    """A model's answer after the check.

    Attributes:
        text: The answer with renumbered markers and unsupported sentences labelled.
        citations: Verified quotes in marker order.
        claims: Sentences with content words.
        supported: Claims that are supported by the passages they cite.
        removed_markers: Markers to passage numbers that were not given.
    """

    text: str
    citations: list[Citation] = field(default_factory=list)
    claims: int = 0
    supported: int = 0
    removed_markers: int = 0

    @property
    def unsupported(self) -> int:
        """Claims that are not supported."""
        return self.claims - self.supported


def numbers_in(text: str) -> set[str]:
    """The numbers ``text`` states, without thousands separators (``100,000`` → ``100000``)."""
    found = set()
    for match in _NUMBER.finditer(text):
        value = match.group(0)
        found.add(value.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", value) else value.rstrip(".,"))
    return found


def content_tokens(text: str) -> set[str]:
    """The content words of ``text`` as retrieval sees them (expanded, stemmed, no stop words)."""
    return set(tokenize(expand(text)))


def claim_tokens(text: str) -> set[str]:
    """The content words of a sentence of the answer, less words that claim nothing ("yes")."""
    return content_tokens(text) - _NOT_CLAIMS


class GroundingChecker:
    """Checks one answer against its passages.

    Args:
        passages: The passages the model was given, numbered from 1.
        sources: Reader of corpus documents, to verify quotes.
        label: What an unsupported sentence is marked with.
    """

    def __init__(self, passages: list[Passage], sources: SourceTexts, label: str) -> None:
        self.passages = {p.number: p for p in passages}
        self.sources = sources
        self.label = label
        self._tokens: dict[int, set[str]] = {}
        self._numbers: dict[int, set[str]] = {}
        self._sentences: dict[int, list[tuple[int, str, set[str]]]] = {}

    def _passage_tokens(self, number: int) -> set[str]:
        if number not in self._tokens:
            self._tokens[number] = content_tokens(self.passages[number].text)
        return self._tokens[number]

    def _passage_numbers(self, number: int) -> set[str]:
        if number not in self._numbers:
            self._numbers[number] = numbers_in(self.passages[number].text)
        return self._numbers[number]

    def _passage_sentences(self, number: int) -> list[tuple[int, str, set[str]]]:
        if number not in self._sentences:
            text = self.passages[number].text
            self._sentences[number] = [(s, text[s:e], content_tokens(text[s:e])) for s, e in split_sentences(text)]
        return self._sentences[number]

    def _quote(self, number: int, claim: set[str]) -> Citation | None:
        """The citation of the passage sentence sharing the most content words with ``claim``."""
        best: tuple[int, str] | None = None
        best_overlap = 0
        for start, text, tokens in self._passage_sentences(number):
            overlap = len(tokens & claim)
            if overlap > best_overlap:
                best, best_overlap = (start, text), overlap
        if best is None:
            return None
        passage = self.passages[number]
        return self.sources.cite(passage.source, best[1], passage.start + best[0])

    def check(self, text: str) -> CheckedAnswer:
        """Check ``text`` (the model's answer); see the module docstring for the rules."""
        result = CheckedAnswer(text="")
        keys: list[tuple[str, int, int]] = []
        lines = []
        for line in text.strip()[:MAX_ANSWER_CHARS].splitlines():
            prefix_match = _LINE_PREFIX.match(line)
            prefix = prefix_match.group(0).strip() + " " if prefix_match else ""
            body = line[prefix_match.end() :] if prefix_match else line
            sentences = self._sentences_of(body)
            rendered = [self._check_sentence(sentence, result, keys) for sentence in sentences]
            rendered = [r for r in rendered if r]
            if rendered:
                lines.append(prefix + " ".join(rendered))
            elif not body.strip():
                lines.append("")
        result.text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
        return result

    @staticmethod
    def _sentences_of(line: str) -> list[str]:
        """Sentences of one line, each with the markers that follow it."""
        sentences: list[str] = []
        for start, end in split_sentences(line):
            piece = line[start:end]
            lead = _LEADING_MARKERS.match(piece)
            if lead and sentences:
                # "… agreement. [2] Next sentence" – the marker belongs to the sentence before.
                sentences[-1] += lead.group(0)
                piece = piece[lead.end() :].strip()
            if piece:
                sentences.append(piece)
        if not sentences and line.strip():
            sentences.append(line.strip())
        return sentences

    def _check_sentence(self, sentence: str, result: CheckedAnswer, keys: list[tuple[str, int, int]]) -> str:
        cited = [int(n) for group in _MARKER.findall(sentence) for n in _MARKER_SEPARATOR.split(group)]
        body = _SPACE_BEFORE_PUNCT.sub(r"\1", _MARKER.sub("", sentence)).strip()
        valid = list(dict.fromkeys(n for n in cited if n in self.passages))
        result.removed_markers += sum(1 for n in cited if n not in self.passages)
        if not body:
            return ""
        claim = claim_tokens(body)
        if not claim:
            return body
        result.claims += 1
        covered = set().union(*(self._passage_tokens(n) for n in valid)) if valid else set()
        numbers = set().union(*(self._passage_numbers(n) for n in valid)) if valid else set()
        supported = bool(valid) and len(claim & covered) / len(claim) >= MIN_COVERAGE and numbers_in(body) <= numbers
        markers: list[int] = []
        if supported:
            for number in valid:
                if not claim & self._passage_tokens(number):
                    continue
                citation = self._quote(number, claim)
                if citation is None:
                    continue
                key = (citation.source, citation.start, citation.end)
                if key not in keys:
                    keys.append(key)
                    result.citations.append(citation)
                marker = keys.index(key) + 1
                if marker not in markers:
                    markers.append(marker)
        if not markers:
            return f"{body} {self.label}"
        result.supported += 1
        return body + " " + "".join(f"[{m}]" for m in markers)
