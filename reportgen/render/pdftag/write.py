"""Step 3 of tagging the handout: the structure tree and the catalog, written with pikepdf.

`finish(pdf_bytes, tagger, ...)` writes the StructTreeRoot, ParentTree, `/StructParents`, a Link
element with `/OBJR` and the annotation's `/Contents` for every link annotation, `/MarkInfo`,
`/Lang`, `DisplayDocTitle`, `/Tabs /S` and XMP metadata with `pdfuaid:part 1`; with `pdfa`,
also what PDF/A-2b asks (`pdfa.py`).
"""

from __future__ import annotations

import io
import re
from html import unescape as html_unescape
from typing import Any
from xml.sax.saxutils import escape

from .marks import Tagger, _Mark
from .tree import Node


def _xmp(title: str, author: str, subject: str, lang: str, keywords: str, pdfa: str = "") -> bytes:
    e = escape
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>{e(keywords)}</pdf:Keywords>
   <xmp:CreatorTool>reportgen</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>{pdfa}
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _link_target(annot: Any, known: str | None = None) -> str:
    """`https://...` for a web link, `#name` for a link to a named place in the handout."""
    import pikepdf

    if known:
        return known
    action = annot.get("/A")
    if action is not None and action.get("/S") == pikepdf.Name.URI:
        return bytes(action.URI).decode("latin-1")
    dest = annot.get("/Dest")
    if dest is None and action is not None:
        dest = action.get("/D")
    name = str(dest) if isinstance(dest, (pikepdf.String, pikepdf.Name)) else ""
    return "#" + name.lstrip("/")


def _link_text(annot: Any, names: dict[str, str], known: str | None = None) -> str:
    """What a link annotation's `/Contents` says: where it goes, in words."""
    target = _link_target(annot, known)
    if not target.startswith("#"):
        return f"Link to {target}"
    name = target[1:]
    if name.startswith("source-"):
        return f"Source {name.rsplit('-', 1)[-1]}"
    if name in names:
        return f"Go to {names[name]}"
    return "Go to a place in this document"


def finish(data: bytes, tagger: Tagger, names: dict[str, str], title: str, author: str,
           subject: str, lang: str, keywords: str, marking: str = "", pdfa: bool = False) -> bytes:
    """`data` (the PDF as reportlab wrote it, with marked content) with its structure tree;
    `marking`, when given, is written to the document information as `/Marking`; `pdfa` makes
    it PDF/A-2b as well."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    pages = list(pdf.pages)
    nums: list[Any] = []
    next_key = len(pages)
    annot_owner: dict[tuple[int, int], Any] = {}

    def kids_of(node: Node) -> list[Node]:
        return node.kids + tagger.extra.get(id(node), [])

    def has_content(node: Node) -> bool:
        return (bool(tagger.marks.get(id(node))) or bool(node.annots)
                or any(has_content(k) for k in kids_of(node)))

    page_parents: dict[int, dict[int, Any]] = {}

    def objr(se: Any, page_no: int, i: int, known: str | None) -> Any:
        """The annotation `i` of page `page_no` as a content item of Link element `se`."""
        nonlocal next_key
        page = pages[page_no - 1]
        annot = page.obj.Annots[i]
        annot.StructParent = next_key
        annot.Contents = pikepdf.String(_link_text(annot, names, known))
        annot.F = 4  # -- printed like the text around it (ISO 14289-1 7.18.1) --
        nums.extend([next_key, se])
        next_key += 1
        annot_owner[(page_no, i)] = se
        return pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot, Pg=page.obj)

    def mcr(mark: _Mark, se: Any) -> Any:
        page_parents.setdefault(mark.page, {})[mark.mcid] = se
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, Pg=pages[mark.page - 1].obj, MCID=mark.mcid)

    def build(node: Node, parent_ref: Any) -> Any:
        se = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                  S=pikepdf.Name("/" + node.role), P=parent_ref))
        k: list[Any] = []
        bbox = None
        for item in tagger.marks.get(id(node), []):
            if isinstance(item, Node):
                if has_content(item):
                    k.append(build(item, se))
                continue
            k.append(mcr(item, se))
            bbox = item.bbox or bbox
            for i in item.annots:
                # -- a link in a paragraph marked as a whole (none expected): its words as /Alt --
                link = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                            S=pikepdf.Name.Link, P=se))
                known = tagger.targets.get((item.page, i))
                link.K = pikepdf.Array([objr(link, item.page, i, known)])
                annot = pages[item.page - 1].obj.Annots[i]
                words = item.links.get(_link_target(annot, known))
                link.Alt = pikepdf.String(words or _link_text(annot, names, known))
                k.append(link)
        for page_no, i in node.annots:
            k.append(objr(se, page_no, i, tagger.targets.get((page_no, i))))
        if node.role == "Link" and not any(x.get("/Type") == pikepdf.Name.MCR for x in k):
            first = k[0].Obj
            se.Alt = pikepdf.String(_link_text(first, names, node.target))
        for kid in kids_of(node):
            if has_content(kid):
                k.append(build(kid, se))
        se.K = pikepdf.Array(k)
        if node.alt:
            se.Alt = pikepdf.String(node.alt)
        spoken = id(node) in tagger.runs_spoken and id(node) not in tagger.runs_unspoken
        if node.actual and not spoken:
            se.ActualText = pikepdf.String(node.actual)
        if node.lang:
            se.Lang = pikepdf.String(node.lang)
        attrs = [pikepdf.Dictionary({"/O": pikepdf.Name("/" + o),
                                     **{"/" + a: (pikepdf.Name("/" + v) if isinstance(v, str) else v)
                                        for a, v in d.items()}})
                 for o, d in node.attrs.items()]
        if node.role == "Figure" and bbox is not None:
            attrs.append(pikepdf.Dictionary(O=pikepdf.Name.Layout, Placement=pikepdf.Name.Block,
                                            BBox=pikepdf.Array([round(v, 2) for v in bbox])))
        if attrs:
            se.A = attrs[0] if len(attrs) == 1 else pikepdf.Array(attrs)
        return se

    if tagger.toc is not None and tagger.toc.source is not None:
        # -- an entry is read as "title page" (the entries the last pass drew) --
        entries = tagger.toc.source._lastEntries
        for node, entry in zip(tagger.extra.get(id(tagger.toc), []), entries, strict=False):
            words = html_unescape(re.sub(r"<[^>]*>", "", str(entry[1])))
            node.actual = f"{' '.join(words.split())} {entry[2]}"
    tree = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    doc = build(tagger.root, tree)
    tree.K = doc
    page_nums: list[Any] = []
    for i, page in enumerate(pages, start=1):
        page.obj.StructParents = i - 1
        page.obj.Tabs = pikepdf.Name.S
        by_mcid = page_parents.get(i, {})
        arr = [by_mcid.get(m) for m in range(max(by_mcid, default=-1) + 1)]
        page_nums += [i - 1, pdf.make_indirect(pikepdf.Array(arr))]
        # -- a link drawn outside any tagged content (none expected) still gets words --
        for a_i, annot in enumerate(page.obj.get("/Annots", [])):
            if (i, a_i) not in annot_owner and annot.get("/Subtype") == pikepdf.Name.Link:
                annot.Contents = pikepdf.String(_link_text(annot, names, tagger.targets.get((i, a_i))))
    tree.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(page_nums + nums)))
    tree.ParentTreeNextKey = next_key
    root = pdf.Root
    root.StructTreeRoot = tree
    root.MarkInfo = pikepdf.Dictionary(Marked=True)
    root.Lang = pikepdf.String(lang)
    root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    pdfa_xmp = ""
    if pdfa:
        from .pdfa import make_pdfa

        pdfa_xmp = make_pdfa(pdf)
    meta = pdf.make_stream(_xmp(title, author, subject, lang, keywords, pdfa_xmp))
    meta.Type = pikepdf.Name.Metadata
    meta.Subtype = pikepdf.Name.XML
    root.Metadata = meta
    if marking:
        pdf.docinfo[pikepdf.Name("/Marking")] = pikepdf.String(marking)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, min_version="1.7",
             object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()
