from __future__ import annotations

from pathlib import Path

import pytest

from aligner.documents import document_from_text, read_document
from aligner.errors import InputError
from aligner.seeds import load_seeds, manifest


def test_every_seed_sentence_indexes_its_file(seeds_dir: Path) -> None:
    docs = load_seeds()
    assert [d.lang for d in docs] == ["da", "en", "en", "en", "en"]
    for doc in docs:
        raw = (seeds_dir / Path(doc.path or "").name).read_text("utf-8")
        assert doc.text == raw
        assert [s.id for s in doc.sentences] == list(range(len(doc.sentences)))
        for s in doc.sentences:
            assert raw[s.start : s.end] == s.text
            assert s.text == s.text.strip() and s.text


def test_seed_manifest_matches_files(seeds_dir: Path) -> None:
    m = manifest()
    files = sorted(p.name for p in seeds_dir.glob("*.txt"))
    assert sorted(e["file"] for e in m["documents"]) == files
    assert m["documents"][0]["role"] == "source"


def test_seeds_are_the_shared_corpus(seeds_dir: Path, shared_dir: Path) -> None:
    for p in (shared_dir / "seeds").glob("*.txt"):
        assert (seeds_dir / p.name).read_bytes() == p.read_bytes()


def test_danish_splitting_keeps_abbreviations() -> None:
    doc = document_from_text(
        "Forlaget udgiver bogen 15. september, ifølge AFP. Kim (Jong-un, red.) skrev breve.\n",
        lang="da",
    )
    assert [s.text for s in doc.sentences] == [
        "Forlaget udgiver bogen 15. september, ifølge AFP.",
        "Kim (Jong-un, red.) skrev breve.",
    ]


def test_language_is_detected() -> None:
    da = document_from_text("Det overraskede hele verden, da Donald Trump annoncerede et møde.")
    en = document_from_text("It surprised the whole world when Donald Trump announced a meeting.")
    assert (da.lang, en.lang) == ("da", "en")


def test_a_language_once_detected_is_kept_in_the_cache(
    tmp_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aligner import langid

    text = (
        "Det overraskede hele verden, da Donald Trump som den første amerikanske præsident "
        "nogensinde annoncerede, at han ville mødes med Nordkoreas diktator, Kim Jong-un."
    )
    langid._confidences.cache_clear()
    assert document_from_text(text).lang == "da"

    def no_lingua() -> object:
        raise AssertionError("lingua was asked again")

    # A second run: nothing in memory, lingua not asked, the same answer.
    langid._confidences.cache_clear()
    monkeypatch.setattr(langid, "_detector", no_lingua)
    assert document_from_text(text).lang == "da"
    with pytest.raises(AssertionError):
        document_from_text(text + " Mødet fandt sted i Singapore.")
    langid._confidences.cache_clear()


def test_a_cache_that_cannot_open_does_not_stop_detection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aligner import langid

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(blocked))
    langid._confidences.cache_clear()
    assert document_from_text("It surprised the whole world when Trump met Kim.").lang == "en"
    langid._confidences.cache_clear()


def test_furniture_is_dropped_but_offsets_hold() -> None:
    text = (
        "Accessibility links\n\nBreaking News\n\nKim wrote 25 letters to Trump.\n"
        "Kim reads a letter. Foto: Ritzau Scanpix\n\nSource: Reuters\n"
    )
    doc = document_from_text(text, lang="en")
    assert [s.text for s in doc.sentences] == ["Kim wrote 25 letters to Trump."]
    s = doc.sentences[0]
    assert text[s.start : s.end] == s.text


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = (
        "Trump and Kim met in Hanoi in February\n2019, and parted without\na deal.\nA new line.\n"
    )
    doc = document_from_text(text, lang="en")
    assert (
        doc.sentences[0].text
        == "Trump and Kim met in Hanoi in February\n2019, and parted without\na deal."
    )
    assert len(doc.sentences) == 2


def test_one_per_line_keeps_line_numbers_as_ids(tmp_path: Path) -> None:
    p = tmp_path / "x.de"
    p.write_text("Erster Satz .\n\nDritter Satz , nach einer Leerzeile .\n", "utf-8")
    doc = read_document(p, lang="de", one_per_line=True)
    assert [s.text for s in doc.sentences] == [
        "Erster Satz .",
        "",
        "Dritter Satz , nach einer Leerzeile .",
    ]


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "Accessibility links\n\nBreaking News\n", "12 34 56 !!!"]
)
def test_texts_without_article_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        document_from_text(text)


def test_atomic_writes_get_ordinary_permissions(tmp_path: Path) -> None:
    import os

    from aligner.fsutil import atomic_write_text

    p = tmp_path / "out.tsv"
    atomic_write_text(p, "a\tb\n")
    mask = os.umask(0)
    os.umask(mask)
    assert p.stat().st_mode & 0o777 == 0o666 & ~mask
    assert p.read_text("utf-8") == "a\tb\n"
    assert [x.name for x in tmp_path.iterdir()] == ["out.tsv"]
    # Written again, a file keeps the permissions it was given: a private one stays so.
    p.chmod(0o600)
    atomic_write_text(p, "c\td\n")
    assert p.stat().st_mode & 0o777 == 0o600


def test_an_html_page_saved_as_text_is_read_as_its_text(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Breve</title><style>p{color:red}</style>"
        "<script>var x = '<p>no</p>';</script></head><body><nav>Forside | Nyheder</nav>"
        "<h1>Trump og Kim</h1><p>I alt 25 breve, som de to statsledere har skrevet til "
        "hinanden.</p><p>Brevene bliver nu offentliggjort i en bog af Bob Woodward &amp; "
        "forlaget.</p></body></html>",
        "utf-8",
    )
    doc = read_document(page)
    assert doc.lang == "da"
    assert [s.text for s in doc.sentences] == [
        "Trump og Kim",
        "I alt 25 breve, som de to statsledere har skrevet til hinanden.",
        "Brevene bliver nu offentliggjort i en bog af Bob Woodward & forlaget.",
    ]
    assert "<" not in doc.text and any("HTML page" in n for n in doc.notes)
    for s in doc.sentences:
        assert doc.text[s.start : s.end] == s.text


def test_text_that_mentions_a_tag_is_not_html() -> None:
    from aligner.htmltext import looks_like_html

    assert not looks_like_html("Use the <p> element for paragraphs.\nThat is all.\n")


def test_a_line_without_punctuation_is_cut_into_sentences_of_bounded_length() -> None:
    from aligner.sentences import MAX_SENTENCE_CHARS

    words = ["brevene", "bliver", "nu", "offentliggjort", "i", "en", "bog", "af", "journalist"]
    line = " ".join(words[i % len(words)] for i in range(20_000))[:126_000]
    doc = document_from_text(line, lang="da")
    assert len(doc.sentences) >= len(line) // MAX_SENTENCE_CHARS
    assert max(len(s.text) for s in doc.sentences) <= MAX_SENTENCE_CHARS
    assert all(line[s.start : s.end] == s.text for s in doc.sentences)
    # Cut at spaces, never inside a word: the words come back in order.
    assert " ".join(s.text for s in doc.sentences).split() == line.split()
    # Each piece its own paragraph, so no window of sentences joins them up again.
    assert len({s.paragraph for s in doc.sentences}) == len(doc.sentences)


@pytest.mark.parametrize(
    "text",
    [
        "Det overraskede hele verden.",
        "Forholdet mellem Trump og Kim Jong-un.",
        "Kim Jong-uns løfter om, at Nordkorea.",
        "med Nordkoreas diktator, Kim Jong-un.",
    ],
)
def test_a_one_sentence_danish_text_is_danish(text: str) -> None:
    # lingua says Bokmål, Nynorsk or Swedish for these (sentences of the Danish seed).
    assert document_from_text(text).lang == "da"
    assert document_from_text(text, prefer=["da"]).lang == "da"


def test_a_short_text_leans_on_the_other_documents_language() -> None:
    # Bokmål and Danish look alike on five words: the documents it goes with decide.
    text = "Det overraskede hele verden."
    assert document_from_text(text, prefer=["nb"]).lang == "nb"
    assert document_from_text(text, prefer=["en"]).lang == "da"
    assert document_from_text("The letters were released.", prefer=["da"]).lang == "en"
    # A long text (300 characters or more) is not swayed.
    long = "Det overraskede hele verden, da Donald Trump annoncerede et møde med Kim. " * 5
    assert document_from_text(long, prefer=["nb"]).lang == "da"


def test_load_gives_a_copy_of_a_document() -> None:
    from aligner.api import load

    doc = document_from_text("Kim wrote 25 letters to Trump. Trump wrote back.", lang="en")
    got = load(doc)
    assert got == doc
    assert got is not doc and got.sentences[0] is not doc.sentences[0]
    got.sentences[0].translation = "filled in later"
    assert doc.sentences[0].translation is None


def test_duplicate_ids_are_suffixed_on_new_documents() -> None:
    from aligner.api import load_documents

    da = document_from_text("Det overraskede hele verden.", lang="da", doc_id="x")
    en = document_from_text("It surprised the whole world.", lang="en", doc_id="x")
    docs = load_documents(da, [en, en])
    assert [d.id for d in docs] == ["x", "x-2", "x-3"]
    assert (da.id, en.id) == ("x", "x")


def test_a_folders_manifest_names_its_articles(seeds_dir: Path, tmp_path: Path) -> None:
    import json

    from aligner.api import load

    danish = (seeds_dir / "000_dbc28797aa42c4f9.txt").read_text("utf-8")
    named, foreign = tmp_path / "named", tmp_path / "foreign"
    for folder in (named, foreign):
        folder.mkdir()
        (folder / "a.txt").write_text(danish, "utf-8")
    entry = {"file": "a.txt", "id": "story", "title": "Breve", "outlet": "Avisen"}
    (named / "manifest.json").write_text(json.dumps({"documents": [entry]}), "utf-8")
    # A manifest.json of something else (a web app's, say) names nothing.
    (foreign / "manifest.json").write_text(json.dumps({"name": "app"}), "utf-8")
    doc = load(named / "a.txt", lang="da")
    assert (doc.id, doc.title, doc.outlet) == ("story", "Breve", "Avisen")
    assert load(foreign / "a.txt", lang="da").id == "a"
    # The seeds are one such folder: a seed read by path is named as load_seeds names it.
    seeds = {d.id: d for d in load_seeds()}
    voa = load(seeds_dir / "001_75880c97e1228f1f.txt")
    assert (voa.id, voa.title, voa.outlet) == ("voa", seeds["voa"].title, seeds["voa"].outlet)


def test_an_atomic_write_goes_through_a_link_and_keeps_it(tmp_path: Path) -> None:
    from aligner.fsutil import atomic_write_text

    (tmp_path / "shared").mkdir()
    target = tmp_path / "shared" / "links.json"
    target.write_text("old", "utf-8")
    link = tmp_path / "links.json"
    link.symlink_to(Path("shared") / "links.json")
    atomic_write_text(link, "new")
    assert link.is_symlink() and target.read_text("utf-8") == "new"
