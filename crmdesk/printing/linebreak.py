"""Japanese line breaking (禁則処理) for horizontal lines and vertical columns alike.

Greedy, one paragraph at a time: closing brackets and small kana never start a line (the previous character
moves down with them, 追い出し), 、。 may hang past the end (ぶら下げ), opening brackets never end a line, and a
run of Latin letters or digits is not split unless it is longer than a whole line.
"""

from __future__ import annotations

from collections.abc import Callable

NO_LINE_START = frozenset(
    "、。，．,.・：；？！!?:;゛゜ヽヾゝゞ々〻ー’”）〕］｝〉》」』】〙〗)]}°′″℃％‰"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ…‥〜～"
)
NO_LINE_END = frozenset("‘“（〔［｛〈《「『【〘〖([{￥＄$")
HANGING = frozenset("、。，．,.")


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "-_@/.'")


def _tokens(paragraph: str) -> list[str]:
    """Characters, except that runs of ASCII letters and digits stay together as one token."""
    tokens: list[str] = []
    word = ""
    for char in paragraph:
        if _is_word_char(char):
            word += char
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(char)
    if word:
        tokens.append(word)
    return tokens


def break_lines(text: str, measure: Callable[[str], float], limit: float) -> list[str]:
    """Split `text` into lines no longer than `limit` (as measured), keeping its own line breaks."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_break_paragraph(paragraph, measure, limit))
    return lines


def _break_paragraph(paragraph: str, measure: Callable[[str], float], limit: float) -> list[str]:
    if not paragraph:
        return [""]
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for token in _tokens(paragraph):
        size = measure(token)
        if used + size <= limit or not current:
            if size > limit and len(token) > 1:  # a word longer than a whole line: split it anywhere
                for char in token:
                    char_size = measure(char)
                    if used + char_size > limit and current:
                        lines.append("".join(current))
                        current, used = [], 0.0
                    current.append(char)
                    used += char_size
                continue
            current.append(token)
            used += size
            continue
        if token in HANGING:  # ぶら下げ: the comma or full stop stays at the end of this line
            current.append(token)
            lines.append("".join(current))
            current, used = [], 0.0
            continue
        carried: list[str] = []
        if token[0] in NO_LINE_START:
            # 追い出し: take the last character down with it, unless that would empty the line
            while len(current) > 1 and current[-1][0] in NO_LINE_START:
                carried.insert(0, current.pop())
            if len(current) > 1:
                carried.insert(0, current.pop())
        while len(current) > 1 and current[-1][-1] in NO_LINE_END:
            carried.insert(0, current.pop())
        lines.append("".join(current))
        current = [*carried, token]
        used = sum(measure(t) for t in current)
    if current:
        lines.append("".join(current))
    return lines
