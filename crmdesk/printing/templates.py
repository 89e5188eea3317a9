"""Letter templates: the defaults shipped in `resources/templates/*.toml` (the store's edits live in the database).

A template file holds `label` (its Japanese name), `title` (a letter's title, or a card's greeting such as 謹賀新年),
`layout` (the layout it is meant for) and `body`, the text with merge fields `{{お名前}}`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from crmdesk.domain.errors import NotFoundError, ValidationError
from crmdesk.paths import resource_path
from crmdesk.printing.template_merge import validate_template


@dataclass(frozen=True)
class LetterTemplate:
    name: str  # stable key, e.g. "thanks", "new_year"
    label: str  # 年賀状
    title: str
    body: str
    layout: str = "letter"
    edited: bool = False  # the store's own version (from the database)

    def validate(self) -> LetterTemplate:
        validate_template(self.label or self.name, self.title, self.body)
        return self


def templates_dir() -> Path:
    return resource_path("templates")


def load_template_file(path: Path) -> LetterTemplate:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            "テンプレート", path.name, f"ファイルを読めません: {exc}", code="template_file"
        ) from exc
    return LetterTemplate(
        name=path.stem,
        label=str(data.get("label", path.stem)),
        title=str(data.get("title", "")),
        body=str(data.get("body", "")).strip("\n"),
        layout=str(data.get("layout", "letter")),
    ).validate()


def shipped_templates(folder: Path | None = None) -> dict[str, LetterTemplate]:
    """The default templates by name, in file-name order."""
    where = folder or templates_dir()
    return {path.stem: load_template_file(path) for path in sorted(where.glob("*.toml"))}


def shipped_template(name: str, folder: Path | None = None) -> LetterTemplate:
    found = shipped_templates(folder).get(name)
    if found is None:
        raise NotFoundError(f"テンプレート「{name}」が見つかりません", code="template_not_found")
    return found
