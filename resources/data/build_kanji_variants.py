"""Build `kanji_variants.tsv` (異体字 → 代表字) from published variant tables.

Not run by the app: the generated TSV is committed. Re-run it when a source is updated:

    python resources/data/build_kanji_variants.py \\
        --unihan /usr/share/unicode          # Debian `unicode-data` (Unihan_*.txt or .txt.bz2)
        --kanjidic /usr/share/edict/kanjidic2.xml.gz   # Debian `kanjidic-xml` (EDRDG KANJIDIC2)
        --kyujipy "$(python -c 'import kyujipy, os; print(os.path.dirname(kyujipy.__file__))')/data"

Sources and how they are used (see README.md for licences):
- Unihan (Unicode): kJoyoKanji / kJinmeiyoKanji "U+XXXX" values are the official 常用漢字表 / 人名用漢字
  (別表第二) variant → standard mappings; kZVariant, kSpoofingVariant, kSemanticVariant and
  kSpecializedSemanticVariant give further variant pairs.
- KANJIDIC2 (EDRDG): the <variant> cross-references between JIS X 0208/0212/0213 kanji (邉/邊/辺, 濵/濱/浜 …).
- kyujipy (MIT): the 旧字体 ↔ 新字体 pairs of the 常用漢字表 and 人名用漢字 lists.

Rules, so that folding never merges two different everyday characters by accident:
- a pair from an official list (kJoyoKanji/kJinmeiyoKanji U+ values, kyujipy) is always taken;
- any other pair is taken only when at most one of the two characters is a 常用 or 人名用 kanji
  (so 埼/崎 or 己/已 are never folded just because a dictionary calls them variants), and a non-standard
  character that other sources tie to two or more different standard characters keeps only its
  official or kZVariant/Morohashi-Z link (﨑 → 崎, not 埼);
- two old forms that Unihan calls specialised semantic variants of each other and that are both in
  JIS X 0208 are folded together even though their modern forms differ (齋/齊, so 斎藤 = 斉藤);
- every class of variants folds to one representative: its 常用 kanji (the lowest code point if it has
  more than one), else its 人名用 kanji, else its lowest code point.
"""

from __future__ import annotations

import argparse
import bz2
import gzip
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

_CP = re.compile(r"U\+([0-9A-F]{4,6})(<[^ ]*)?")


def _open_text(path: Path) -> Iterator[str]:
    if path.suffix == ".bz2":
        with bz2.open(path, "rt", encoding="utf-8") as handle:
            yield from handle
    elif path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            yield from handle
    else:
        with path.open(encoding="utf-8") as handle:
            yield from handle


def _unihan_file(folder: Path, name: str) -> Path:
    for candidate in (folder / name, folder / f"{name}.bz2"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(folder / name)


def _is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK ") or 0x20000 <= ord(ch) <= 0x3FFFF


class Builder:
    def __init__(self) -> None:
        self.joyo: set[str] = set()
        self.jinmei: set[str] = set()
        self.official: set[tuple[str, str]] = set()
        self.strong: set[tuple[str, str]] = set()  # kZVariant, Morohashi Z: the same character
        self.weak: set[tuple[str, str]] = set()
        self.merged_standard: list[list[str]] = []
        self.specialized: set[tuple[str, str]] = set()
        self.jis208: set[str] = set()

    def read_unihan(self, folder: Path) -> None:
        for line in _open_text(_unihan_file(folder, "Unihan_OtherMappings.txt")):
            if line.startswith("#") or not line.strip():
                continue
            code, field, value = line.rstrip("\n").split("\t")
            ch = chr(int(code[2:], 16))
            if field == "kJoyoKanji":
                if value.startswith("U+"):
                    self.official.add((ch, chr(int(value[2:], 16))))
                else:
                    self.joyo.add(ch)
            elif field == "kJinmeiyoKanji":
                if ":U+" in value:
                    self.official.add((ch, chr(int(value.split(":U+")[1], 16))))
                else:
                    self.jinmei.add(ch)
        for line in _open_text(_unihan_file(folder, "Unihan_Variants.txt")):
            if line.startswith("#") or not line.strip():
                continue
            code, field, value = line.rstrip("\n").split("\t")
            if field not in (
                "kZVariant",
                "kSpoofingVariant",
                "kSemanticVariant",
                "kSpecializedSemanticVariant",
            ):
                continue
            ch = chr(int(code[2:], 16))
            for match in _CP.finditer(value):
                other = chr(int(match.group(1), 16))
                tags = match.group(2) or ""
                pair = (ch, other)
                if field == "kZVariant" or ":Z" in tags:
                    self.strong.add(pair)
                else:
                    self.weak.add(pair)
                if field == "kSpecializedSemanticVariant":
                    self.specialized.add(pair)

    def read_kanjidic(self, path: Path) -> None:
        text = "".join(_open_text(path))
        by_code: dict[tuple[str, str], str] = {}
        entries: list[tuple[str, list[tuple[str, str]]]] = []
        for block in re.findall(r"<character>(.*?)</character>", text, re.S):
            literal = re.search(r"<literal>(.*?)</literal>", block)
            if literal is None:
                continue
            ch = literal.group(1)
            for kind, value in re.findall(
                r'<cp_value cp_type="(jis208|jis212|jis213|ucs)">(.*?)</cp_value>', block
            ):
                by_code[(kind, value.lower() if kind == "ucs" else value)] = ch
                if kind == "jis208":
                    self.jis208.add(ch)
            variants = re.findall(r'<variant var_type="(jis208|jis212|jis213|ucs)">(.*?)</variant>', block)
            entries.append((ch, variants))
        for ch, variants in entries:
            for kind, value in variants:
                key = (kind, value.lower() if kind == "ucs" else value)
                other = by_code.get(key)
                if other is None and kind == "ucs":
                    other = chr(int(value, 16))
                if other is not None:
                    self.weak.add((ch, other))

    def read_kyujipy(self, folder: Path) -> None:
        for name in ("kyujitai_simplified.cson", "kyujitai_variants.cson"):
            text = (folder / name).read_text(encoding="utf-8")
            for new, old in re.findall(r'\["(.)",\s*"(.)"\]', text):
                self.official.add((old, new))

    def standard(self, ch: str) -> bool:
        return ch in self.joyo or ch in self.jinmei

    def build(self) -> dict[str, str]:
        def norm(ch: str) -> str:
            return unicodedata.normalize("NFKC", ch)

        def usable(a: str, b: str) -> bool:
            return a != b and len(a) == 1 and len(b) == 1 and _is_han(a) and _is_han(b)

        parent: dict[str, str] = {}
        standards: dict[str, set[str]] = {}

        def find(x: str) -> str:
            if x not in parent:
                parent[x] = x
                standards[x] = {x} if self.standard(x) else set()
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def union(a: str, b: str, *, guard: bool) -> None:
            ra, rb = find(a), find(b)
            if ra == rb:
                return
            if guard and standards[ra] and standards[rb]:
                return  # would fold two different everyday kanji together (穏/文, 暦/歴): refuse
            parent[ra] = rb
            standards[rb] |= standards.pop(ra)

        def ordered(pairs: set[tuple[str, str]]) -> list[tuple[str, str]]:
            return sorted({(norm(a), norm(b)) for a, b in pairs}, key=lambda p: (ord(p[0][0]), ord(p[1][0])))

        # 1. official lists and kZVariant / Morohashi-Z links: always
        for a, b in ordered(self.official | self.strong):
            if usable(a, b):
                union(a, b, guard=False)
        # 2. dictionary links: never directly between two standard kanji, never from a character tied to
        #    two different standard kanji (a variant of both 埼 and 崎), never merging two standard classes
        weak = [
            (a, b)
            for a, b in ordered(self.weak)
            if usable(a, b) and not (self.standard(a) and self.standard(b))
        ]
        targets: dict[str, set[str]] = defaultdict(set)
        for a, b in weak:
            if self.standard(b):
                targets[a].add(b)
            if self.standard(a):
                targets[b].add(a)
        for a, b in weak:
            loose, other = (a, b) if not self.standard(a) else (b, a)
            if len(targets[loose]) > 1 and self.standard(other):
                continue
            union(a, b, guard=True)
        # 3. the old forms of surnames that Unihan marks as specialised semantic variants of each other
        #    (齋/齊 → 斎藤/斉藤): both old forms, both in JIS X 0208, so both met in real name lists
        for a, b in ordered(self.specialized):
            if (
                usable(a, b)
                and not self.standard(a)
                and not self.standard(b)
                and a in self.jis208
                and b in self.jis208
            ):
                union(a, b, guard=False)
        classes: dict[str, list[str]] = defaultdict(list)
        for ch in list(parent):
            classes[find(ch)].append(ch)
        mapping: dict[str, str] = {}
        self.merged_standard = [sorted(m for m in ms if self.standard(m)) for ms in classes.values()]
        self.merged_standard = [ms for ms in self.merged_standard if len(ms) > 1]
        for members in classes.values():
            joyo = sorted((m for m in members if m in self.joyo), key=ord)
            jinmei = sorted((m for m in members if m in self.jinmei), key=ord)
            head = (joyo or jinmei or sorted(members, key=ord))[0]
            for member in members:
                if member != head:
                    mapping[member] = head
        return mapping


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--unihan", type=Path, required=True)
    parser.add_argument("--kanjidic", type=Path, required=True)
    parser.add_argument("--kyujipy", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("kanji_variants.tsv"))
    args = parser.parse_args()
    builder = Builder()
    builder.read_unihan(args.unihan)
    builder.read_kanjidic(args.kanjidic)
    builder.read_kyujipy(args.kyujipy)
    mapping = builder.build()
    for merged in builder.merged_standard:
        print("class with more than one standard kanji:", "".join(merged))
    lines = [
        "# 異体字 → 代表字 (variant kanji → the representative used for search). Generated by",
        "# build_kanji_variants.py from Unihan (Unicode), KANJIDIC2 (EDRDG, CC BY-SA 3.0) and kyujipy (MIT);",
        "# see README.md in this folder. Columns: variant, representative, both as characters.",
    ]
    lines += [f"{variant}\t{head}" for variant, head in sorted(mapping.items(), key=lambda kv: ord(kv[0][0]))]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(mapping)} variants written to {args.out}")


if __name__ == "__main__":
    main()
