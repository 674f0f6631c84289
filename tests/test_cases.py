"""Every golden case and the sample: build all formats for every audience, `check` is clean,
LibreOffice opens every docx and pptx, qpdf and pdftotext accept every PDF, builds are
byte-identical across folders, times and time zones."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from reportgen.build import plan, render_all
from reportgen.check import check_files, norm
from reportgen.load import load
from reportgen.tailor import tailor, tailor_everything
from reportgen.theme import load_theme

from .conftest import ROOT

CASES = sorted([ROOT / "outline.yaml", *(ROOT / "tests" / "cases").glob("*/outline.yaml")])
IDS = [p.parent.name if p.parent.name != ROOT.name else "sample" for p in CASES]


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every case built into its own folder: {case id: [Output, ...]}."""
    out = {}
    for case, cid in zip(CASES, IDS, strict=True):
        loaded = load(case)
        folder = tmp_path_factory.mktemp(cid)
        # -- and the HTML page of every audience, which outlines do not list (README "HTML page") --
        outputs = render_all(loaded, plan(loaded, None, None) + plan(loaded, None, ["html"]), folder)
        for o in outputs:
            o.path.write_bytes(o.data)
        out[cid] = (loaded, outputs)
    return out


@pytest.mark.parametrize("cid", IDS)
def test_check_is_clean_for_every_audience_and_format(built, cid):
    loaded, outputs = built[cid]
    everything = tailor_everything(loaded)
    for aud in loaded.audience_names():
        doc = tailor(loaded, aud)
        files = {o.fmt: o.data for o in outputs if o.audience == aud}
        for rep in check_files(doc, files, everything):
            assert rep.findings == [], f"{cid} {aud} {rep.fmt}: " + "; ".join(map(str, rep.findings[:5]))
            assert rep.found == rep.expected


# -- real clients ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def converted(built, tmp_path_factory):
    """Every docx and pptx converted to PDF by LibreOffice, in one soffice run."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    files = [o.path for _, outs in built.values() for o in outs if o.fmt in ("docx", "pptx")]
    outdir = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    # -- conversion names outputs by stem; cases share stems, so give each a unique name --
    staged = []
    for f in files:
        # -- and a brief and a deck share a stem too: keep the format in the name --
        target = outdir / "in" / f"{f.parent.name}-{f.stem}-{f.suffix[1:]}{f.suffix}"
        target.parent.mkdir(exist_ok=True)
        shutil.copy(f, target)
        staged.append(target)
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, staged)], check=True, capture_output=True, timeout=600)
    return {f: outdir / f"{s.stem}.pdf" for f, s in zip(files, staged, strict=True)}


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def pdftotext(path: Path) -> str:
    if not shutil.which("pdftotext"):
        from pypdf import PdfReader

        return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
@pytest.mark.parametrize("cid", IDS)
def test_libreoffice_opens_every_docx_and_pptx(built, converted, cid):
    loaded, outputs = built[cid]
    for o in outputs:
        if o.fmt not in ("docx", "pptx"):
            continue
        pdf = converted[o.path]
        assert pdf.is_file(), f"LibreOffice did not convert {o.path.name}"
        doc = tailor(loaded, o.audience)
        pages = pdf_pages(pdf)
        if o.fmt == "pptx":
            from pptx import Presentation

            assert pages == len(Presentation(str(o.path)).slides)
        else:
            assert 1 <= pages <= 10 * max(1, len(list(doc.all_sections())))
        text = norm(pdftotext(pdf))
        for s in doc.all_sections():
            title = s.headline or s.title if o.fmt == "pptx" else s.title
            if re.search(r"[\u0590-\u08ff]", title):
                # -- a line mixing right-to-left and left-to-right words comes out of pdftotext
                # in its own order: every word must be there --
                # -- poppler reads lam-alef's two letters backwards (README "Languages and
                # scripts"), in LibreOffice's PDFs as in ours --
                missing = [w for w in title.split() if norm(w) not in text
                           and norm(re.sub("ل([اأإآ])", r"\1ل", w)) not in text]
                assert not missing, f"{o.path.name}: {missing} of '{title}' not in LibreOffice's rendering"
                continue
            # -- pdftotext joins a word LibreOffice broke after its hyphen ("far-" + "reaching"
            # reads "farreaching"), so hyphens are compared loosely --
            assert norm(title).replace("-", "") in text.replace("-", ""), \
                f"{o.path.name}: '{title}' not in LibreOffice's rendering"


@pytest.mark.parametrize("cid", IDS)
def test_every_pdf_passes_qpdf_and_pdftotext(built, cid):
    if not shutil.which("qpdf"):
        pytest.skip("qpdf is not installed; .ci/run installs it")
    _, outputs = built[cid]
    for o in outputs:
        if o.fmt != "pdf":
            continue
        r = subprocess.run(["qpdf", "--check", str(o.path)], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        assert norm(pdftotext(o.path))


@pytest.mark.parametrize("cid", IDS)
def test_no_handout_heading_is_left_at_the_foot_of_a_page(built, cid):
    """A heading has at least two lines of its text under it on its page. reportlab keeps a
    heading with what follows only when that is no list, so "3.1 Western Concern" stood alone
    at the foot of the sample read-ahead's first page, its one point on the next."""
    from pypdf import PdfReader

    loaded, outputs = built[cid]
    for o in outputs:
        if o.fmt != "pdf":
            continue
        theme = load_theme(tailor(loaded, o.audience).theme, loaded.base_dir)
        bottom = theme.page_margins_pt.bottom
        body = theme.config.sizes.handout.body
        r = PdfReader(io.BytesIO(o.data))
        stranded = []

        def walk(items, r=r, stranded=stranded, bottom=bottom, body=body):
            for it in items:
                if isinstance(it, list):
                    walk(it)
                # -- the heading's top, less its own line, leaves room for two lines of text --
                elif it.top is not None and float(it.top) - bottom < 4 * body:
                    stranded.append((r.get_destination_page_number(it) + 1, it.title, round(float(it.top))))

        walk(r.outline)
        assert stranded == [], (o.path.name, stranded)


# -- reproducibility ---------------------------------------------------------------------------


def _build(cwd: Path, outline: Path, out: Path, tz: str, epoch: str | None) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "TZ")}
    env["TZ"] = tz
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    subprocess.run([sys.executable, "-m", "reportgen", "build", str(outline), "-o", str(out)],
                   cwd=cwd, env=env, check=True, capture_output=True, timeout=300)
    # -- the incremental-build cache records this machine's paths: not an output --
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != ".reportgen-cache.json"}


@pytest.mark.parametrize("epoch", ["1718841600", None])
def test_builds_are_byte_identical_across_folders_times_and_zones(tmp_path, epoch):
    sample = ROOT / "outline.yaml"
    a = _build(ROOT, sample, tmp_path / "a", "UTC", epoch)
    (tmp_path / "elsewhere").mkdir()
    b = _build(tmp_path / "elsewhere", sample, tmp_path / "b", "Asia/Seoul", epoch)
    # -- eight files, the leadership pair as three numbered copies each, and their register --
    assert sorted(a) == sorted(b) and len(a) == 13
    assert "outline-leadership-copy03.pdf" in a and "outline-leadership-register.csv" in a
    different = [name for name in a if a[name] != b[name]]
    assert different == []


def test_embedded_font_subsets_do_not_carry_the_clock(tmp_path):
    # -- the multilingual case embeds font subsets in brief, deck and HTML page; fontTools
    # stamps a saved font's head.modified with the time unless told not to --
    import time

    case = ROOT / "tests" / "cases" / "multilingual" / "outline.yaml"
    a = _build(case.parent, case, tmp_path / "a", "UTC", None)
    time.sleep(1.1)  # -- the font timestamp has a resolution of one second --
    b = _build(case.parent, case, tmp_path / "b", "UTC", None)
    assert any(name.endswith(".docx") for name in a)
    assert [name for name in a if a[name] != b[name]] == []


def test_source_date_epoch_reaches_the_file_dates(tmp_path):
    sample = ROOT / "outline.yaml"
    files = _build(ROOT, sample, tmp_path / "o", "UTC", "1718841600")  # 2024-06-20T00:00:00Z
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(files["outline-analysts.docx"])) as z:
        core = z.read("docProps/core.xml").decode()
        assert "2024-06-20T00:00:00Z" in core
        assert {i.date_time for i in z.infolist()} == {(2024, 6, 20, 0, 0, 0)}
    assert re.search(rb"/CreationDate \(D:20240620", files["outline-analysts.pdf"])


# -- standards: what independent validators say ------------------------------------------------


@pytest.mark.parametrize("cid", IDS)
def test_openxml_audit_finds_no_error_in_any_docx_or_pptx(built, cid):
    """The Open XML SDK's schemas (openxml-audit) accept every brief and deck as written:
    chart axis ids, slide size, app.xml and all."""
    validator = pytest.importorskip("openxml_audit", reason="pip install openxml-audit").OpenXmlValidator()
    _, outputs = built[cid]
    checked = 0
    for o in outputs:
        if o.fmt not in ("docx", "pptx"):
            continue
        errors = validator.validate(str(o.path)).errors
        assert errors == [], f"{o.path.name}: " + "; ".join(str(e)[:200] for e in errors[:5])
        checked += 1
    assert checked


@pytest.mark.parametrize("cid", IDS)
def test_app_properties_tell_the_truth(built, cid):
    import io
    import zipfile

    from reportgen import __version__

    _, outputs = built[cid]
    for o in outputs:
        if o.fmt not in ("docx", "pptx"):
            continue
        with zipfile.ZipFile(io.BytesIO(o.data)) as z:
            app = z.read("docProps/app.xml").decode()
            if o.fmt == "pptx":
                pres = z.read("ppt/presentation.xml").decode()
                slides = sum(1 for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
        assert f"<Application>reportgen {__version__}</Application>" in app
        assert "Macintosh" not in app
        if o.fmt == "pptx":
            assert f"<Slides>{slides}</Slides>" in app
            assert "<PresentationFormat>Widescreen</PresentationFormat>" in app
            assert "screen4x3" not in pres
        else:
            words = int(re.search(r"<Words>(\d+)</Words>", app)[1])
            assert words > 0


def _said(pdf: bytes) -> list[tuple[int, str, str]]:
    from reportgen.render.pdftag import read_aloud

    return read_aloud(pdf)


@pytest.mark.parametrize("cid", IDS)
def test_handout_structure_tree_reads_like_the_document(built, cid):
    """pikepdf walks each handout's structure tree in reading order and finds the title, every
    section heading in order, every table with its header cells, every figure with its alt
    text, every list, and a Link element for every link annotation."""
    import pikepdf

    from reportgen import model

    loaded, outputs = built[cid]
    for o in outputs:
        if o.fmt != "pdf":
            continue
        doc = tailor(loaded, o.audience)
        said = _said(o.data)
        where = f"{cid} {o.path.name}"
        assert said[0][1] == "Document"
        heads = [(r, norm(t, "pdf")) for _, r, t in said if re.fullmatch(r"H[1-6]", r)]
        assert heads[0] == ("H1", norm(doc.meta.title, "pdf")), where
        # -- every section heading, in the document's order, one level below its parent --
        texts = [t for _, t in heads]
        pos = 0
        for s in doc.all_sections():
            want = norm(s.heading, "pdf")
            assert want in texts[pos:], f"{where}: heading '{s.heading}' missing or out of order"
            pos = texts.index(want, pos) + 1
            assert heads[pos - 1][0] == f"H{min(s.level + 1, 6)}", f"{where}: '{s.heading}'"
        blocks = [b for s in doc.all_sections() for b in s.body]
        # -- tables: one Table element each (timelines too), header cells for the columns --
        tables = [b for b in blocks if isinstance(b, (model.Table, model.Timeline))]
        assert sum(1 for _, r, _ in said if r == "Table") == len(tables), where
        th = [norm(t, "pdf") for i, (_, r, _) in enumerate(said) if r == "TH"
              for t in [said[i + 1][2] if i + 1 < len(said) else ""]]
        for t in tables:
            if isinstance(t, model.Table):
                for col in t.columns:
                    if col.strip():
                        assert norm(col, "pdf") in th, f"{where}: column '{col}' is not a TH"
        # -- figures, in order, with their alt text --
        alts = [t for _, r, t in said if r == "Figure"]
        figs = [b for b in blocks if isinstance(b, (model.Image, model.Chart))]
        assert len(alts) == len(figs), where
        for f, alt in zip(figs, alts, strict=True):
            assert alt, where
            if isinstance(f, model.Image):
                assert alt == f.alt
            else:
                from reportgen.render.chartstyle import alt_text

                assert alt == alt_text(f)
        lists = [b for b in blocks if isinstance(b, (model.BulletList, model.NumberedList))]
        assert sum(1 for _, r, _ in said if r == "L") >= len(lists), where
        for i, (_, r, _) in enumerate(said):
            if r == "LI":
                assert [x[1] for x in said[i + 1:i + 3]] == ["Lbl", "LBody"], where
        # -- every link annotation belongs to a Link element and says where it goes --
        links = [t for _, r, t in said if r == "Link"]
        with pikepdf.open(o.path) as pdf:
            annots = [a for p in pdf.pages for a in p.get("/Annots", []) if a.get("/Subtype") == "/Link"]
            assert all("/StructParent" in a and str(a.Contents) for a in annots), where
            assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == doc.meta.language
            assert pdf.Root.ViewerPreferences.DisplayDocTitle
            assert b"<pdfuaid:part>1</pdfuaid:part>" in pdf.Root.Metadata.read_bytes()
            assert all(p.get("/Tabs") == "/S" for p in pdf.pages)
            owned = [k.Obj.objgen for se in _elements(pdf, "Link") for k in _kids(se) if k.get("/Type") == "/OBJR"]
            assert sorted(owned) == sorted(a.objgen for a in annots), where
        assert all(links), where


def _kids(se):
    k = se.get("/K")
    return [x for x in (list(k) if isinstance(k, pikepdf.Array) else [k]) if isinstance(x, pikepdf.Dictionary)]


def _elements(pdf, role=None):
    """The structure elements of `pdf` in reading order (of type `role`)."""
    out = []

    def walk(se):
        if role is None or str(se.get("/S")) == f"/{role}":
            out.append(se)
        for k in _kids(se):
            if k.get("/Type") not in ("/MCR", "/OBJR"):
                walk(k)

    walk(pdf.Root.StructTreeRoot.K)
    return out


def _role(se):
    return str(se.get("/S", "")).lstrip("/")


@pytest.mark.parametrize("cid", ["sample", "incident"])
def test_a_link_element_holds_its_words_as_marked_content(built, cid):
    """A Link element carries the words of its link as its own marked content (not only as
    /Alt), its annotation as /OBJR, and the annotation says where it goes (/Contents); the
    paragraph around it reads its words in place."""
    import io

    import pikepdf

    from reportgen.render.pdftag import mcid_texts

    _, outputs = built[cid]
    checked = 0
    for o in outputs:
        if o.fmt != "pdf":
            continue
        texts = mcid_texts(o.data)
        with pikepdf.open(io.BytesIO(o.data)) as pdf:
            index = {p.objgen: i for i, p in enumerate(pdf.pages)}
            for link in _elements(pdf, "Link"):
                kids = _kids(link)
                mcrs = [k for k in kids if k.get("/Type") == "/MCR"]
                objrs = [k for k in kids if k.get("/Type") == "/OBJR"]
                assert mcrs and objrs and "/Alt" not in link, o.path.name
                words = "".join(texts.get((index[k.Pg.objgen], int(k.MCID)), "") for k in mcrs).strip()
                assert words, o.path.name
                for k in objrs:
                    assert str(k.Obj.Contents)
                checked += 1
    assert checked
    if cid == "sample":
        said = _said(next(o for o in outputs if o.fmt == "pdf" and o.audience == "public").data)
        bluf = next(t for r, t in [(r, t) for _, r, t in said] if r == "P" and "strongest ever treaty" in t)
        assert "between the two nations [1, 2]." in bluf


def test_citations_are_references_and_sources_bibliography_entries(built):
    """A citation [n] is a Reference holding the Link to its source; each entry of the source
    list is a BibEntry."""
    _, outputs = built["sample"]
    pdf_out = next(o for o in outputs if o.fmt == "pdf" and o.audience == "public")
    said = [(d, r, t) for d, r, t in _said(pdf_out.data)]
    refs = [i for i, (_, r, _) in enumerate(said) if r == "Reference"]
    assert refs
    for i in refs:
        assert said[i + 1][1] == "Link" and said[i + 1][0] == said[i][0] + 1
        assert re.fullmatch(r"\d+", said[i][2]) and said[i + 1][2] == said[i][2]
    # -- every citation link is in a Reference, and only citation links are --
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf_out.data)) as pdf:
        for link in _elements(pdf, "Link"):
            objr = next(k for k in _kids(link) if k.get("/Type") == "/OBJR")
            cites = str(objr.Obj.Contents).startswith("Source ")
            assert (_role(link.P) == "Reference") == cites, str(objr.Obj.Contents)
    entries = [t for _, r, t in said if r == "BibEntry"]
    assert [e.split("]")[0] for e in entries] == ["[1", "[2", "[3"]


@pytest.mark.parametrize("cid", IDS)
def test_a_caption_is_the_first_or_last_child_of_its_table_or_figure(built, cid):
    """PDF/UA: a table's caption is its first child, a figure's its last; no caption of a
    table or figure stands beside it."""
    import io

    import pikepdf

    loaded, outputs = built[cid]
    for o in outputs:
        if o.fmt != "pdf":
            continue
        doc = tailor(loaded, o.audience)
        blocks = [b for s in doc.all_sections() for b in s.body]
        from reportgen import model

        captioned = [b for b in blocks if isinstance(b, (model.Table, model.Timeline, model.Image, model.Chart))
                     and (getattr(b, "label", None) or getattr(b, "caption", None))]
        with pikepdf.open(io.BytesIO(o.data)) as pdf:
            found = 0
            for se in _elements(pdf):
                kids = [k for k in _kids(se) if k.get("/Type") not in ("/MCR", "/OBJR")]
                roles = [_role(k) for k in kids]
                if _role(se) == "Table" and "Caption" in roles:
                    assert roles.index("Caption") == 0 and roles.count("Caption") == 1, o.path.name
                    found += 1
                elif _role(se) == "Figure" and "Caption" in roles:
                    assert roles[-1] == "Caption" and roles.count("Caption") == 1, o.path.name
                    found += 1
                else:
                    assert "Caption" not in roles or _role(se) not in ("Document", "Sect", "Div"), (
                        f"{o.path.name}: a Caption beside its table or figure in {_role(se)}")
            assert found == len(captioned), (o.path.name, found, len(captioned))


def test_other_scripts_in_right_to_left_lines_are_spans_with_their_language(built):
    """In the complex-scripts handout (English), the Arabic, Persian, Hebrew and Hindi words
    of a shaped line are Span elements with their own /Lang, and a Span of right-to-left runs
    (drawn glyph by glyph in display order) says its words in reading order (/ActualText), so
    a paragraph that mixes scripts needs no /ActualText of its own that would hide them."""
    import io

    _, outputs = built["complex-scripts"]
    handout = next(o for o in outputs if o.fmt == "pdf")
    with pikepdf.open(io.BytesIO(handout.data)) as pdf:
        spans = [(str(se.get("/Lang", "")), str(se.get("/ActualText", "")), _role(se.P))
                 for se in _elements(pdf, "Span")]
        h1 = _elements(pdf, "H1")[0]
        assert "/ActualText" not in h1
        h1_spans = [(str(k.get("/Lang", "")), str(k.get("/ActualText", ""))) for k in _kids(h1)
                    if _role(k) == "Span"]
    langs = {lang for lang, _, _ in spans}
    # -- Persian by its own letters (the points' third line), not as Arabic --
    assert {"ar-SA", "he-IL", "hi-IN", "fa-IR"} <= langs, langs
    assert ("ar-SA", "تعزيز التعاون العسكري بين البلدين ") in h1_spans, h1_spans
    by_lang: dict[str, list[str]] = {}
    for lang, a, _ in spans:
        by_lang.setdefault(lang, []).append(a.strip())
    assert "وزارة الخارجية)" in by_lang["ar-SA"]
    assert "שיתוף פעולה צבאי בין המדינות ·" in by_lang["he-IL"]
    for lang, a, _ in spans:
        if a and lang in ("ar-SA", "fa-IR"):
            assert re.fullmatch(r"[\u0600-\u06ff\u200c\s\d.,:%()«»٪\x22—]+", a), a
        if a and lang == "he-IL":
            assert re.fullmatch(r"[\u0590-\u05ff\s\d.,:()·—]+", a), a
    said = {r: t for _, r, t in _said(handout.data) if r == "H1"}
    assert said["H1"] == "Regional cooperation — تعزيز التعاون العسكري بين البلدين"


def test_sample_handout_reads_aloud_in_order(built):
    """What a screen reader says for the public handout, start to finish, in the order of the
    document: title, bottom line, key judgments as a numbered list, contents, sections."""
    _, outputs = built["sample"]
    pdf = next(o for o in outputs if o.fmt == "pdf" and o.audience == "analysts")
    said = [(r, t) for _, r, t in _said(pdf.data)]
    roles = [r for r, _ in said]
    assert roles.index("H1") < roles.index("Div") < roles.index("L") < roles.index("TOC")
    kj = roles.index("L")
    assert said[kj - 1] == ("H2", "Key judgments")
    assert said[kj + 2] == ("Lbl", "1.")
    toci = [t for r, t in said if r == "TOCI"]
    assert toci[0].startswith("Bottom line up front") and re.search(r" \d+$", toci[0])
    assert any(t == "Link to https://www.cfr.org/" or t.startswith("https://") or "Source" in t
               for r, t in said if r == "Link")
    # -- no text is left out of the tree: every P has words --
    assert all(t.strip() for r, t in said if r in ("P", "H1", "H2", "H3", "Caption", "Lbl"))


@pytest.mark.parametrize("cid", IDS)
def test_pdf_ua_checker_finds_no_failure_in_any_handout(built, cid):
    """outloud (a PDF/UA-1 and WCAG 2.2 checker from PyPI) fails no handout."""
    import json

    exe = shutil.which("outloud")
    if not exe:
        pytest.skip("outloud is not installed (pip install outloud)")
    _, outputs = built[cid]
    pdfs = [str(o.path) for o in outputs if o.fmt == "pdf"]
    r = subprocess.run([exe, "--json", "-", "--fail-on", "error", *pdfs], capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    report = json.loads(r.stdout)
    assert report["tool"]["name"] == "outloud"
    for res in report["results"]:
        assert res["stats"]["tagged"], res["path"]
        assert res["counts"]["error"] == 0, (res["path"], res["findings"][:3])


@pytest.mark.slow
@pytest.mark.parametrize("cid", IDS)
def test_brief_contents_page_numbers_are_within_one_page_of_libreoffice(built, converted, cid):
    """The brief's contents list carries page numbers estimated from its own layout
    (render/docx/pages.py); LibreOffice lays the same file out: each heading lands on the page
    the contents says, or one page off (README §Accessibility has the measured figures)."""
    import docx
    from pypdf import PdfReader

    _, outputs = built[cid]
    for o in outputs:
        if o.fmt != "docx":
            continue
        d = docx.Document(str(o.path))
        entries = [m.groups() for p in d.paragraphs if p.style.name.lower().startswith("toc ")
                   for m in [re.match(r"(.*?)\t(\d+)$", p.text.rstrip())] if m]
        if not entries:
            continue
        head = next((p.text for p in d.paragraphs if p.style.name == "TOC Heading"), "Contents")
        pages = [norm(pg.extract_text() or "") for pg in PdfReader(str(converted[o.path])).pages]
        toc = {i for i, t in enumerate(pages) if norm(head) in t and all(norm(e[0]) in t for e in entries[:3])}
        for text, mine in entries:
            lo = next((i + 1 for i, t in enumerate(pages) if t.count(norm(text)) - (i in toc) > 0), None)
            if lo is not None:
                assert abs(int(mine) - lo) <= 1, f"{o.path.name}: {text!r} estimated p. {mine}, LibreOffice p. {lo}"


def test_multilingual_brief_embeds_its_hangul_font_subset_and_obfuscated(built):
    import io
    import zipfile

    from fontTools.ttLib import TTFont

    from reportgen.render.fontembed import obfuscate

    _, outputs = built["multilingual"]
    brief = next(o for o in outputs if o.fmt == "docx")
    with zipfile.ZipFile(io.BytesIO(brief.data)) as z:
        table = z.read("word/fontTable.xml").decode()
        rels = z.read("word/_rels/fontTable.xml.rels").decode()
        settings = z.read("word/settings.xml").decode()
        m = re.search(r'<w:font w:name="NanumGothic">.*?<w:embedRegular r:id="(\w+)" w:fontKey="(\{[0-9A-F-]+\})"/>', table, re.S)
        assert m, table[-800:]
        target = re.search(rf'Id="{m[1]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{m[1]}"', rels)
        part = "word/" + (target[1] or target[2])
        font = TTFont(io.BytesIO(obfuscate(z.read(part), m[2])))
    assert "<w:embedTrueTypeFonts/>" in settings
    # -- a subset: the Hangul of the brief is there, the rest of the 11,000 syllables are not --
    cmap = font.getBestCmap()
    assert ord("한") in cmap and ord("국") in cmap
    assert len(cmap) < 400


def test_multilingual_deck_embeds_its_hangul_font_subset_as_powerpoint_does(built):
    """`p:embeddedFontLst` in presentation.xml, each face an uncompressed EOT part; LibreOffice
    7.4 does not read them (README "Accessibility"), so the parts themselves are checked."""
    import io
    import zipfile

    from fontTools.ttLib import TTFont

    from reportgen.render.fontembed import font_in_eot

    _, outputs = built["multilingual"]
    deck = next(o for o in outputs if o.fmt == "pptx")
    with zipfile.ZipFile(io.BytesIO(deck.data)) as z:
        pres = z.read("ppt/presentation.xml").decode()
        rels = z.read("ppt/_rels/presentation.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
        m = re.search(r'<p:embeddedFont><p:font typeface="NanumGothic"[^>]*/><p:regular r:id="(\w+)"/>', pres)
        assert m, pres[-600:]
        target = re.search(rf'Id="{m[1]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{m[1]}"', rels)
        font = TTFont(io.BytesIO(font_in_eot(z.read("ppt/" + (target[1] or target[2])))))
    assert 'embedTrueTypeFonts="1"' in pres and 'Extension="fntdata"' in types
    # -- in schema order: before the default text style --
    assert pres.index("<p:embeddedFontLst>") < pres.index("<p:defaultTextStyle>")
    assert font["name"].getDebugName(1) == "NanumGothic"
    cmap = font.getBestCmap()
    assert ord("한") in cmap and ord("국") in cmap
    assert len(cmap) < 400


def test_a_deck_without_east_asian_text_embeds_no_font(built):
    import io
    import zipfile

    _, outputs = built["incident"]
    deck = next(o for o in outputs if o.fmt == "pptx")
    with zipfile.ZipFile(io.BytesIO(deck.data)) as z:
        assert "embeddedFontLst" not in z.read("ppt/presentation.xml").decode()
        assert not [n for n in z.namelist() if n.startswith("ppt/fonts/")]


@pytest.mark.slow
def test_libreoffice_draws_the_briefs_hangul_with_the_embedded_font(built, converted):
    """This machine has no Hangul font (`fc-list :lang=ko` is empty here): the glyphs LibreOffice
    draws for the multilingual brief's Korean come from the font embedded in the brief."""
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    _, outputs = built["multilingual"]
    brief = next(o for o in outputs if o.fmt == "docx")
    pdf = converted[brief.path]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "NanumGothic" in fonts, fonts
    text = pdftotext(pdf)
    assert "한국어" in text


def test_handout_passages_in_another_script_are_spans_with_their_language(built):
    """A Greek or Korean passage inside a Russian paragraph is marked content with its own
    /Lang (`/Span <</Lang (ko-KR)>> BDC`), so a screen reader switches voice for it alone."""
    import io

    import pikepdf

    from reportgen.render.pdftag import _to_unicode

    _, outputs = built["multilingual"]
    handout = next(o for o in outputs if o.fmt == "pdf")
    spans: list[list[str]] = []  # -- [language, text] of each span, as drawn --
    with pikepdf.open(io.BytesIO(handout.data)) as pdf:
        for page in pdf.pages:
            fonts = page.obj.Resources.get("/Font", {})
            maps = {str(k): _to_unicode(v) for k, v in fonts.items()}
            cur: dict[int, str] = {}
            stack: list[str | None] = []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name == "BDC":
                    props = operands[1]
                    lang = props.get("/Lang") if isinstance(props, pikepdf.Dictionary) else None
                    stack.append(str(lang) if str(operands[0]) == "/Span" and lang is not None else None)
                    if stack[-1]:
                        spans.append([stack[-1], ""])
                elif name == "BMC":
                    stack.append(None)
                elif name == "EMC":
                    assert stack, "EMC without a marked-content sequence"
                    stack.pop()
                elif name == "Tf":
                    cur = maps.get(str(operands[0]), {})
                elif name in ("Tj", "TJ") and stack and stack[-1]:
                    parts = operands[0] if name == "TJ" else [operands[0]]
                    spans[-1][1] += "".join(cur.get(b, chr(b)) for x in parts
                                            if isinstance(x, pikepdf.String) for b in bytes(x))
            assert not stack, "marked content left open at the end of a page"
    assert {lang for lang, _ in spans} == {"ko-KR", "el-GR"}
    for lang, t in spans:
        letters = [c for c in t if c.isalpha()]
        assert letters, (lang, t)
        script = r"[\uac00-\ud7af\u3130-\u318f\u1100-\u11ff]" if lang == "ko-KR" else r"[\u0370-\u03ff]"
        assert all(re.match(script, c) for c in letters), (lang, t)
    assert any("한국어" in t for _, t in spans)


def test_text_in_another_script_carries_its_own_language(built):
    """The multilingual outline is Russian; its Greek and Korean passages say so: per run in the
    brief (in the slot Word reads for that script), per paragraph in the handout's tags."""
    import io
    import zipfile

    import pikepdf

    _, outputs = built["multilingual"]
    brief = next(o for o in outputs if o.fmt == "docx")
    xml = zipfile.ZipFile(io.BytesIO(brief.data)).read("word/document.xml").decode()
    runs = re.findall(r"<w:r>(?:<w:rPr>(.*?)</w:rPr>)?((?:<w:t[^>]*>[^<]*</w:t>|<w:br/>|<w:tab/>)+)</w:r>", xml)
    for props, body in runs:
        text = "".join(re.findall(r">([^<]*)</w:t>", body))
        if re.search(r"[\uac00-\ud7af]", text):
            assert 'w:eastAsia="ko-KR"' in props, text
        elif re.search(r"[\u0370-\u03ff]", text):
            assert 'w:val="el-GR"' in props, text
        elif re.search(r"[\u0400-\u04ff]", text):
            assert "el-GR" not in props and "ko-KR" not in props, text
    handout = next(o for o in outputs if o.fmt == "pdf")
    said = _said(handout.data)
    with pikepdf.open(io.BytesIO(handout.data)) as pdf:
        langs = []

        def walk(se):
            if "/Lang" in se:
                langs.append(str(se.Lang))
            k = se.get("/K")
            if isinstance(k, pikepdf.Array):
                for x in k:
                    if isinstance(x, pikepdf.Dictionary) and x.get("/Type") not in ("/MCR", "/OBJR"):
                        walk(x)

        walk(pdf.Root.StructTreeRoot.K)
    assert "ko-KR" in langs and "el-GR" in langs
    # -- every paragraph wholly in Korean (a judgment, a point, a table cell), not just the
    # ones reportlab draws without breaking them into fragments --
    assert langs.count("ko-KR") >= 3, langs
    assert any(t.startswith("한국어") for _, r, t in said if r == "P")
    deck = next(o for o in outputs if o.fmt == "pptx")
    with zipfile.ZipFile(io.BytesIO(deck.data)) as z:
        slides = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    checked = 0
    for xml in slides:
        for lang, text in re.findall(r'<a:rPr[^>]*\blang="([^"]+)".*?<a:t>([^<]*)</a:t>', xml):
            if re.search(r"[\uac00-\ud7af]", text):
                assert lang == "ko-KR", text
                checked += 1
            elif re.search(r"[\u0370-\u03ff]", text):
                assert lang == "el-GR", text
                checked += 1
    assert checked
