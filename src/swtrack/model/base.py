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


# The mark a zh output puts before a data row's text that has no Chinese column to show.
UNTRANSLATED = "〔原文〕"


def in_language(original: str, zh: str, lang: str) -> str:
    """A data row's free text (`evidence`, `note`) in an output's language.

    en shows the original column, in whatever language it was written. zh shows the `_zh` column;
    where that is empty it falls back to the original, marked 〔原文〕 when the original holds Latin
    letters, so an English sentence is never passed off as the Chinese one (an original written in
    Chinese is shown as it is).
    """
    if lang != "zh":
        return original
    if zh:
        return zh
    if any("a" <= ch <= "z" or "A" <= ch <= "Z" for ch in original):
        return UNTRANSLATED + original
    return original


ID_PATTERN = r"^[a-z][a-z0-9_]*$"  # lower-case letters, digits and _, a letter first
Id = Annotated[str, Field(pattern=ID_PATTERN)]
