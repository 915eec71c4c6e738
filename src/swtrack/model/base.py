"""What every file format shares: strict, frozen models, labels in zh and en, ids."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(Strict):
    """A label in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


ID_PATTERN = r"^[a-z][a-z0-9_]*$"  # lower-case letters, digits and _, a letter first
Id = Annotated[str, Field(pattern=ID_PATTERN)]
