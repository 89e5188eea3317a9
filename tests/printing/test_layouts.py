"""Every layout, read back from the PDF: page sizes, embedded fonts, real text, and where things land."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from crmdesk.domain.errors import ValidationError
from crmdesk.printing.document import render_pdf
from crmdesk.printing.drawing import Offset
from crmdesk.printing.fonts import FontLibrary, GlyphMissingError
from crmdesk.printing.labels import SHEETS, LabelSheet
from crmdesk.printing.layouts import LayoutKind, make_layout
from crmdesk.printing.pieces import Addressee, JointName, LetterContent, Piece, StoreInfo
from crmdesk.printing.vertical import Numerals
from tests.printing.pdf_tools import page_sizes_mm, pdf_fonts, pdf_text, pdf_words, squeeze

STORE = StoreInfo(
    name="カーショップ山﨑", postal_code="1500001", address="東京都渋谷区神宮前1-2-3", phone="03-1234-5678"
)
TAKAHASHI = Addressee(
    name="髙橋 太郎",
    postal_code="1000001",
    address1="東京都千代田区千代田1-1-12",
    address2="コーポ千代田 101号室",
    joint=(JointName("髙橋 花子"),),
)
YAMAZAKI = Addressee(name="山﨑 美咲", postal_code="5300001", address1="大阪府大阪市北区梅田3-4-5")
LETTER = LetterContent(
    title="ご来店のお礼",
    body="拝啓　先日はご来店いただき、誠にありがとうございました。\n敬具",
    date_text="令和8年11月22日",
    staff="鈴木",
)
PIECES = [Piece(TAKAHASHI, LETTER), Piece(YAMAZAKI, LETTER)]

PAGE_SIZES = {
    LayoutKind.LETTER: (210.0, 297.0),
    LayoutKind.LETTER_TATE: (210.0, 297.0),
    LayoutKind.POSTCARD: (100.0, 148.0),
    LayoutKind.POSTCARD_MESSAGE: (100.0, 148.0),
    LayoutKind.ENVELOPE: (120.0, 235.0),
    LayoutKind.GIFTCARD: (127.0, 89.0),
}


def _render(tmp_path: Path, kind: LayoutKind, pieces: list[Piece] | None = None, **options: object) -> Path:
    out = tmp_path / f"{kind.value}.pdf"
    render_pdf(pieces if pieces is not None else PIECES, make_layout(kind, **options), STORE, out=out)  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("kind", list(PAGE_SIZES))
def test_every_page_has_the_exact_paper_size_and_fonts_are_embedded_subsets(
    kind: LayoutKind, tmp_path: Path
) -> None:
    out = _render(tmp_path, kind)

    sizes = page_sizes_mm(out)
    assert len(sizes) == 2
    for width, height in sizes:
        assert width == pytest.approx(PAGE_SIZES[kind][0], abs=0.01)
        assert height == pytest.approx(PAGE_SIZES[kind][1], abs=0.01)
    fonts = pdf_fonts(out)
    assert fonts and all(f.embedded and f.subset and f.unicode for f in fonts), fonts
    assert all(f.font_type == "TrueType" for f in fonts)


def test_a_letter_is_real_text_with_the_merged_names_and_addresses(tmp_path: Path) -> None:
    text = pdf_text(_render(tmp_path, LayoutKind.LETTER))

    assert "髙橋太郎様" in squeeze(text) and "山﨑美咲様" in squeeze(text)
    assert "東京都千代田区千代田1-1-12" in text and "大阪府大阪市北区梅田3-4-5" in text
    assert "〒100-0001" in text
    assert "ご来店のお礼" in text and "令和8年11月22日" in text


def test_a_long_letter_continues_on_a_second_page(tmp_path: Path) -> None:
    body = "\n".join(f"{n}行目のご案内です。" + "いつもありがとうございます。" * 3 for n in range(1, 61))
    out = _render(tmp_path, LayoutKind.LETTER, [Piece(YAMAZAKI, LetterContent(body=body))])

    assert len(page_sizes_mm(out)) >= 2
    assert "60行目" in pdf_text(out, page=len(page_sizes_mm(out)))


def test_postal_code_digits_fall_inside_japan_posts_boxes(tmp_path: Path) -> None:
    out = _render(tmp_path, LayoutKind.POSTCARD, [Piece(TAKAHASHI)])
    boxes = [44.3, 51.3, 58.3, 65.9, 72.7, 79.5, 86.3]

    digits = sorted((w for w in pdf_words(out) if w.text.isdigit() and w.y_max < 25), key=lambda w: w.x_min)
    glyphs = [(d, ch) for d in digits for ch in d.text]
    assert "".join(ch for _d, ch in glyphs) == "1000001"
    per_digit = []
    for word in digits:  # pdftotext may join neighbouring digits into one word: split its box evenly
        step = (word.x_max - word.x_min) / len(word.text)
        per_digit += [
            (word.x_min + i * step, word.x_min + (i + 1) * step, word) for i in range(len(word.text))
        ]
    for (x0, x1, word), left in zip(per_digit, boxes, strict=True):
        centre = (x0 + x1) / 2
        assert left + 0.8 < centre < left + 5.7 - 0.8, (centre, left)
        assert word.y_min >= 12.0 and word.y_max <= 20.0, (word.y_min, word.y_max)


def test_the_address_side_is_vertical_with_kanji_numerals_and_joint_names(tmp_path: Path) -> None:
    out = _render(tmp_path, LayoutKind.POSTCARD, [Piece(TAKAHASHI)])
    text = squeeze(pdf_text(out, raw=True))

    assert "東京都千代田区千代田一ー一ー一二" in text
    assert "コーポ千代田一〇一号室" in text
    assert "髙橋太郎様" in text and "花子様" in text
    words = pdf_words(out)
    taka = next(w for w in words if "髙" in w.text)
    assert (
        taka.y_max - taka.y_min > taka.x_max - taka.x_min or len(taka.text) == 1
    )  # one glyph per line: vertical


def test_a_store_signature_of_several_lines_prints_as_sender_columns(tmp_path: Path) -> None:
    store = StoreInfo(
        name="カーショップ山﨑",
        postal_code="1500001",
        address="東京都渋谷区神宮前1-2-3",
        phone="03-1234-5678",
        signature="カーショップ山﨑\n店長 山﨑 誠",
    )
    out = tmp_path / "signature.pdf"
    render_pdf([Piece(TAKAHASHI)], make_layout(LayoutKind.POSTCARD), store, out=out)
    text = squeeze(pdf_text(out, raw=True))
    assert "店長山﨑誠" in text
    assert text.count("カーショップ山﨑") == 1  # the name is not printed twice


def test_upright_numerals_keep_arabic_digits(tmp_path: Path) -> None:
    out = _render(tmp_path, LayoutKind.POSTCARD, [Piece(TAKAHASHI)], numerals=Numerals.UPRIGHT)
    text = squeeze(pdf_text(out, raw=True))
    assert "１ー１ー12" in text or "1ー1ー12" in text
    assert "１０１号室" in text


def test_brackets_turn_into_vertical_forms_in_vertical_text(tmp_path: Path) -> None:
    content = LetterContent(title="謹賀新年", body="「新春セール」（一月五日まで）を開催します。")
    out = _render(tmp_path, LayoutKind.POSTCARD_MESSAGE, [Piece(YAMAZAKI, content)])
    text = squeeze(pdf_text(out, raw=True))
    assert "﹁新春セール﹂︵一月五日まで︶を開催します︒" in text


def test_a_message_side_can_be_horizontal(tmp_path: Path) -> None:
    out = _render(tmp_path, LayoutKind.POSTCARD_MESSAGE, [Piece(YAMAZAKI, LETTER)], vertical=False)
    assert "拝啓先日はご来店いただき、誠にありがとうございました。" in squeeze(pdf_text(out))


def test_a_company_is_addressed_with_onchu_and_its_department(tmp_path: Path) -> None:
    company = Addressee(
        name="",
        honorific="御中",
        organization="株式会社山﨑商事",
        postal_code="5300001",
        address1="大阪府大阪市北区梅田1-1",
    )
    person = Addressee(
        name="山田 一郎",
        organization="株式会社山﨑商事",
        department="営業部",
        postal_code="5300001",
        address1="大阪府大阪市北区梅田1-1",
    )
    text = squeeze(
        pdf_text(_render(tmp_path, LayoutKind.ENVELOPE, [Piece(company), Piece(person)]), raw=True)
    )
    assert "株式会社山﨑商事御中" in text
    assert "営業部" in text and "山田一郎様" in text


def test_the_printer_offset_moves_everything(tmp_path: Path) -> None:
    plain = _render(tmp_path, LayoutKind.POSTCARD, [Piece(TAKAHASHI)])
    moved_path = tmp_path / "moved.pdf"
    render_pdf(
        [Piece(TAKAHASHI)], make_layout(LayoutKind.POSTCARD, offset=Offset(2.0, 1.0)), STORE, out=moved_path
    )

    before = min((w for w in pdf_words(plain) if w.text.startswith("1")), key=lambda w: w.x_min)
    after = min((w for w in pdf_words(moved_path) if w.text.startswith("1")), key=lambda w: w.x_min)
    assert after.x_min - before.x_min == pytest.approx(2.0, abs=0.05)
    assert after.y_min - before.y_min == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize("count", [12, 18, 24])
def test_labels_sit_on_the_sheets_pitch(count: int, tmp_path: Path) -> None:
    sheet = SHEETS[count]
    pieces = [
        Piece(Addressee(name=f"山﨑 {n:02d}号", postal_code="1000001", address1="東京都千代田区千代田1-1"))
        for n in range(count + 1)
    ]
    out = _render(tmp_path, LayoutKind.LABELS, pieces, labels_per_sheet=count)

    assert len(page_sizes_mm(out)) == 2  # one more than a sheet holds starts a second sheet
    postal = [w for w in pdf_words(out) if w.text.startswith("〒")]
    assert len(postal) == count
    lefts = sorted({round(w.x_min, 1) for w in postal})
    tops = sorted({round(w.y_min, 1) for w in postal})
    assert len(lefts) == sheet.columns and len(tops) == sheet.rows
    for a, b in itertools.pairwise(lefts):
        assert b - a == pytest.approx(sheet.pitch_x, abs=0.05)
    for a, b in itertools.pairwise(tops):
        assert b - a == pytest.approx(sheet.pitch_y, abs=0.05)
    assert lefts[0] == pytest.approx(sheet.margin_left + sheet.padding, abs=0.05)


def test_a_custom_label_sheet_that_does_not_fit_a4_is_refused(tmp_path: Path) -> None:
    too_wide = LabelSheet(3, 8, 70.0, 33.9, 5.0, 13.0, 72.0, 33.9)
    with pytest.raises(ValidationError) as caught:
        render_pdf([Piece(YAMAZAKI)], make_layout(LayoutKind.LABELS, spec=too_wide), STORE)
    assert "はみ出します" in caught.value.message


def test_a_character_missing_from_the_main_font_is_drawn_from_the_fallback(tmp_path: Path) -> None:
    fonts = FontLibrary()
    assert not fonts.face("BIZUDMincho").has("彐") and fonts.face("IPAexMincho").has("彐")
    name = Addressee(name="彐田 花子", postal_code="1000001", address1="東京都千代田区千代田1-1")
    out = tmp_path / "fallback.pdf"
    render_pdf([Piece(name, LETTER)], make_layout(LayoutKind.LETTER), STORE, fonts=fonts, out=out)

    assert "彐田花子様" in squeeze(pdf_text(out))
    names = {f.name.split("+", 1)[1] for f in pdf_fonts(out)}
    assert {"BIZUDMincho-Regular", "IPAexMincho"} <= names


def test_a_character_no_font_has_stops_the_print_naming_the_customer_and_the_character(
    tmp_path: Path,
) -> None:
    yoshida = Addressee(
        name="𠮷田 五郎", postal_code="1000001", address1="東京都千代田区千代田1-1", label="No.7 𠮷田 五郎様"
    )
    out = tmp_path / "never.pdf"
    with pytest.raises(GlyphMissingError) as caught:
        render_pdf([Piece(TAKAHASHI), Piece(yoshida)], make_layout(LayoutKind.POSTCARD), STORE, out=out)

    error = caught.value
    assert error.char == "𠮷" and error.code_point == "U+20BB7"
    assert "No.7 𠮷田 五郎様" in error.message and "𠮷" in error.message
    assert not out.exists()
