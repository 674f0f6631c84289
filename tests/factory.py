"""Documents built in code, for renderer tests that must not depend on the loader."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PIL import Image as PILImage

from reportgen.inline import runs
from reportgen.model import (
    BulletList,
    Callout,
    Chart,
    Document,
    Image,
    Judgment,
    ListItem,
    Meta,
    NumberedList,
    Paragraph,
    Quote,
    Recommendation,
    Section,
    Series,
    Source,
    Table,
    Timeline,
    TimelineEntry,
)

CITES = {"kcna": 1, "reuters": 2}


def t(s: str):
    """Inline text with the sources of `CITES`."""
    return runs(s, lambda i: CITES[i])


def make_image(folder: Path, name: str = "map.png", size=(640, 400)) -> Path:
    p = folder / name
    img = PILImage.new("RGB", size, (46, 117, 182))
    for x in range(size[0] // 4, size[0] // 2):
        for y in range(size[1] // 4, size[1] // 2):
            img.putpixel((x, y), (255, 255, 255))
    img.save(p)
    return p


def rich_document(folder: Path, detail: str = "full", audience: str = "analysts") -> Document:
    """A document with every block type, nested sections, citations and an appendix."""
    image = make_image(folder)
    body1 = (
        Paragraph(t("The pact is **the core** of a *broader* partnership [@kcna], "
                    "with `code`, a [link](https://example.org/a?b=1&c=2) and R&D <tags>."),
                  "sections[0].body[0]"),
        BulletList((ListItem(t("Political cooperation")),
                    ListItem(t("Military cooperation"), (ListItem(t("Munitions")), ListItem(t("Technology")))),
                    ListItem(t("Economic cooperation [@reuters]"))), "sections[0].body[1]"),
        NumberedList((ListItem(t("First step")), ListItem(t("Second step"))), 1, "sections[0].body[2]"),
        Quote(t("strongest ever treaty"), "Kim Jong-un", "sections[0].body[3]"),
        Callout(t("The pact changes the deterrence picture."), "Why it matters", "insight", "sections[0].body[4]"),
        Table(("Country", "Position"),
              ((t("United States"), t("Condemned")), (t("China"), t("Cautious")),
               (t("South Korea"), t("Concerned [@reuters]"))),
              "Reactions by country", 1, "sections[0].body[5]"),
    )
    body2 = (
        Chart("column", ("2021", "2022", "2023"),
              (Series("Trade (USD m)", (42.0, 35.0, 60.0)), Series("Aid (USD m)", (5.0, 7.5, 9.0))),
              "Trade volume", "USD m", 1, "sections[1].body[0]"),
        Image(image, "Map of the region", "Northeast Asia", 2, "sections[1].body[1]"),
        Timeline((TimelineEntry("2023-09-13", t("Summit at Vostochny")),
                  TimelineEntry("2024-06-19", t("Pact signed in Pyongyang [@kcna]"))),
                 "Key dates", "sections[1].body[2]"),
    )
    sub = Section("1.1", 2, "sub", "A subsection", None, (t("Sub point"),),
                  (Paragraph(t("Sub paragraph."), "sections[0].sections[0].body[0]"),),
                  None, (), "sections[0].sections[0]")
    s1 = Section("1", 1, "bilateral", "Strengthening Bilateral Relations",
                 "The pact is the core of a broader strategic partnership",
                 (t("Political, economic and military cooperation in one framework"),
                  t("Leverage for an isolated Pyongyang [@kcna]")),
                 body1, "Say the treaty text is public.", (sub,), "sections[0]")
    s2 = Section("2", 2 - 1, "data", "Data and Geography", None, (t("Trade grew in 2023"),),
                 body2, None, (), "sections[1]")
    annex = Section("A", 1, "methodology", "Methodology", None, (t("Open sources only"),),
                    (Paragraph(t("We read the treaty text."), "appendix[0].body[0]"),),
                    None, (), "appendix[0]", appendix=True)
    return Document(
        meta=Meta("Russia–DPRK Mutual Defense Pact", "Implications for Global Security",
                  "Strategic Analysis Unit", "Example Institute", "2024-06-20", "en", "UNCLASSIFIED",
                  ("Russia", "DPRK")),
        audience=audience,
        audience_label="Working-level analysts",
        detail=detail,
        theme="default",
        formats=("docx", "pptx", "pdf"),
        bluf=t("The pact formalises Russian military support for North Korea [@kcna]."),
        key_judgments=(
            Judgment(t("Moscow will likely supply technology [@kcna]."), "likely", "moderate", "key_judgments[0]"),
            Judgment(t("The pact will almost certainly complicate sanctions."), "almost certain", "high", "key_judgments[1]"),
        ),
        sections=(s1, s2),
        recommendations=(Recommendation(t("Coordinate a trilateral response"), "Policy Planning", "2024-07-15", "recommendations[0]"),),
        sources=(Source(1, "kcna", "Treaty on Comprehensive Strategic Partnership", "KCNA", "2024-06-20",
                        "https://example.org/kcna", "sources[0]"),
                 Source(2, "reuters", "Reactions to the pact", "Reuters", "2024-06-21", None, "sources[1]")),
        appendix=(annex,),
        base_dir=folder,
        stem="outline",
        created=datetime(2024, 6, 20),
    )
