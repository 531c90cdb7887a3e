from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError, field_validator

from assistant.validation_text import field_path, problem_text, validation_message


class _Thing(BaseModel):
    size: int
    name: str

    @field_validator("name")
    @classmethod
    def _short(cls, value: str) -> str:
        if len(value) > 3:
            raise ValueError(f"{value!r} is too long")
        return value


def _error() -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        _Thing.model_validate({"size": "big", "name": "long"})
    return caught.value


def test_a_message_for_people_names_each_field_without_value_error() -> None:
    assert validation_message(_error()) == (
        "size: Input should be a valid integer, unable to parse string as an integer; name: 'long' is too long"
    )
    assert validation_message(_error(), first_only=True).startswith("size: ")
    assert validation_message(_error(), locations=False).endswith("; 'long' is too long")


def test_the_field_and_the_problem_of_one_error() -> None:
    first, second = _error().errors()
    assert field_path(first) == "size" and field_path({**second, "loc": ()}, "(whole entry)") == "(whole entry)"
    assert problem_text(second) == "'long' is too long"
