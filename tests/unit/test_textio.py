from __future__ import annotations

from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.textio import decode, read_text

DANISH = "Brevene bliver nu offentliggjort i en bog af Bob Woodward. Størst, ærlig, på få år.\n"


def test_utf8_and_bom(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf" + DANISH.encode("utf-8"))
    assert read_text(p) == DANISH


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_danish_is_decoded(tmp_path: Path, encoding: str) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(DANISH.encode(encoding))
    assert read_text(p) == DANISH


@pytest.mark.parametrize(
    "line",
    [
        # charset_normalizer's best guesses for these, each scoring no worse by its
        # characters than latin-1: "熲le", "Жbler", "巒et", UTF-16 ideographs, "pÍ".
        "Han spiste et æble og gik hjem.",
        "Æbler er gode",
        "Året der gik",
        "Færøerne får ny regering",
        "Hun bor i Ålborg og arbejder på et hospital.",
        "Kæmpe brand i Århus",
    ],
)
def test_short_legacy_danish_is_decoded(line: str) -> None:
    assert decode(line.encode("latin-1"), name="x") == line
    assert decode(line.encode("cp1252"), name="x") == line


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Привет, как дела? Сегодня хорошая погода в Москве.", "cp1251"),
        ("Zażółć gęślą jaźń. Dzień dobry, jak się masz w Łodzi?", "cp1250"),
        ("今日は良い天気ですね。東京へ行きます。", "shift_jis"),
        ("Καλημέρα, τι κάνεις; Η Αθήνα είναι ωραία.", "cp1253"),
    ],
)
def test_other_legacy_encodings_are_not_read_as_latin1(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding), name="x") == text


@pytest.mark.parametrize("stray", [b"\xe9", b"\xed\xa0\x80"])
def test_a_stray_byte_in_utf8_spoils_only_itself(stray: bytes) -> None:
    # A Latin-1 é pasted in, or the bytes of a lone surrogate: the rest stays UTF-8.
    data = DANISH.encode("utf-8") + b"Katten sover " + stray + b" i huset.\n"
    text = decode(data, name="x")
    assert text.startswith(DANISH) and "\ufffd" in text and text.endswith(" i huset.\n")


def test_crlf_is_kept_so_offsets_index_the_file(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"One.\r\nTwo.\r\n")
    assert read_text(p) == "One.\r\nTwo.\r\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b" \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_bad_bytes_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, name="x")


def test_missing_folder_and_huge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path)
    big = tmp_path / "big.txt"
    big.write_bytes(DANISH.encode() * 1000)
    monkeypatch.setenv("ALIGNER_MAX_BYTES", "10000")
    with pytest.raises(InputError, match="too large"):
        read_text(big)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, encoding: str) -> None:
    # What Windows Notepad writes when told "Unicode": UTF-16 LE with a BOM.
    p = tmp_path / "notepad.txt"
    data = DANISH.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    p.write_bytes(data)
    assert read_text(p) == DANISH


def test_control_characters_become_spaces_even_past_the_binary_sniff() -> None:
    # ESC sequences and a NUL after the first 8 KB: not text, and XML cannot hold them.
    text = DANISH * 120 + "Farve \x1b[31mrød\x1b[0m, et\x00nul.\fNy side.\n"
    out = decode(text.encode("utf-8"), name="x")
    assert len(out) == len(text)  # one for one: offsets still index the file
    assert "\x1b" not in out and "\x00" not in out and "\f" not in out
    assert out.endswith("Farve  [31mrød [0m, et nul.\nNy side.\n")


def test_a_stray_nul_becomes_a_space_and_utf16_without_a_mark_is_named() -> None:
    text = "Brevene.\x00 " + DANISH
    assert decode(text.encode("utf-8"), name="x") == text.replace("\x00", " ")
    for encoding in ("utf-16-le", "utf-16-be"):
        with pytest.raises(InputError, match="UTF-16 text without a byte-order mark"):
            decode(DANISH.encode(encoding), name="x")


@pytest.mark.parametrize("value", ["lots", "-5", "1.5e6", "0"])
def test_a_max_bytes_setting_that_is_no_size_says_what_it_expects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    p = tmp_path / "a.txt"
    p.write_text(DANISH, "utf-8")
    monkeypatch.setenv("ALIGNER_MAX_BYTES", value)
    with pytest.raises(InputError, match="ALIGNER_MAX_BYTES must be a whole number"):
        read_text(p)
