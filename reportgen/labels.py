"""The fixed words reportgen adds to every document ("Key judgments", "Table 2", "Page 3 of 8"),
in the outline's language.

`meta.language` picks a built-in set (English, German, French, Spanish, Russian, Korean; English
for any other language); the outline's `labels:` mapping overrides any of them. All three
formats take their words from the same `Labels`, so a translated deck still matches its brief,
and `reportgen check` reads them back with the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any

#: ICD 203 likelihood terms and confidence levels as the outline writes them, and the `Labels`
#: field that holds each one's words
TERM_FIELDS = {
    "almost no chance": "almost_no_chance",
    "very unlikely": "very_unlikely",
    "unlikely": "unlikely",
    "roughly even chance": "roughly_even_chance",
    "likely": "likely",
    "very likely": "very_likely",
    "almost certain": "almost_certain",
    "low": "low",
    "moderate": "moderate",
    "high": "high",
}


@dataclass(frozen=True)
class Labels:
    """Every fixed word of the outputs. `{page}`, `{pages}` and `{level}` are filled in."""

    bluf: str = "Bottom line up front"
    key_judgments: str = "Key judgments"
    contents: str = "Contents"
    agenda: str = "Agenda"
    key_points: str = "Key points"
    recommendations: str = "Recommendations"
    sources: str = "Sources"
    backup: str = "Backup"
    annex: str = "Annex"
    table: str = "Table"
    figure: str = "Figure"
    page: str = "Page {page} of {pages}"
    prepared_for: str = "Prepared for"
    owner: str = "Owner"
    due: str = "Due"
    description: str = "Description"
    continued: str = "(cont.)"
    #: around a quotation, in every format
    quote_open: str = "“"
    quote_close: str = "”"
    timeline: str = "Timeline"
    estimative_language: str = "Estimative language"
    estimative_ranges: str = "ICD 203 probability ranges"
    confidence: str = "{level} confidence"
    almost_no_chance: str = "almost no chance"
    very_unlikely: str = "very unlikely"
    unlikely: str = "unlikely"
    roughly_even_chance: str = "roughly even chance"
    likely: str = "likely"
    very_likely: str = "very likely"
    almost_certain: str = "almost certain"
    low: str = "low"
    moderate: str = "moderate"
    high: str = "high"
    #: the first words of a chart's generated alt text
    bar_chart: str = "Bar chart"
    column_chart: str = "Column chart"
    line_chart: str = "Line chart"
    pie_chart: str = "Pie chart"
    #: a numbered copy's line (`audiences.<name>.recipients`), before " — name, organisation"
    copy_number: str = "Copy {copy} of {copies}"

    # -- composed labels, the same in every format --

    def term(self, term: str) -> str:
        """The words for an ICD 203 likelihood term or confidence level."""
        name = TERM_FIELDS.get(term)
        return str(getattr(self, name)) if name else term

    def judgment(self, likelihood: str | None, confidence: str | None) -> str:
        """`Likely · moderate confidence`."""
        parts = []
        if likelihood:
            words = self.term(likelihood)
            parts.append(words[:1].upper() + words[1:])
        if confidence:
            parts.append(self.confidence.replace("{level}", self.term(confidence)))
        return " · ".join(parts)

    def caption(self, word: str, number: int, caption: str | None) -> str:
        """`Table 2: Reactions by country`."""
        return f"{word} {number}: {caption}" if caption else f"{word} {number}"

    def page_of(self, page: int | str, pages: int | str) -> str:
        """`Page 3 of 8`."""
        return self.page.replace("{page}", str(page)).replace("{pages}", str(pages))

    def page_parts(self) -> tuple[str, str, str]:
        """The page label around its two numbers: ("Page ", " of ", "") for fields in Word."""
        head, _, rest = self.page.partition("{page}")
        middle, _, tail = rest.partition("{pages}")
        return head, middle, tail

    def page_pattern(self, page: int | None = None, pages: int | None = None) -> str:
        """A regular expression for the page label as text extraction returns it (white space
        may come and go)."""
        def words(s: str) -> str:
            return r"\s*".join(re.escape(ch) for ch in s if not ch.isspace())

        def num(n: int | None) -> str:
            return rf"\s*{n}\s*" if n is not None else r"\s*\d+\s*"

        head, middle, tail = self.page_parts()
        return words(head) + num(page) + words(middle) + num(pages) + words(tail)

    def copy_of(self, copy: int, copies: int) -> str:
        """`Copy 3 of 12`."""
        return self.copy_number.replace("{copy}", str(copy)).replace("{copies}", str(copies))

    def copy_pattern(self) -> str:
        """A regular expression for `copy_of` as text extraction returns it, the two numbers
        as groups `copy` and `copies`."""
        def words(s: str) -> str:
            return r"\s*".join(re.escape(ch) for ch in s if not ch.isspace())

        head, _, rest = self.copy_number.partition("{copy}")
        middle, _, tail = rest.partition("{copies}")
        return (words(head) + r"\s*(?P<copy>\d+)\s*" + words(middle) + r"\s*(?P<copies>\d+)\s*"
                + words(tail))

    def with_continued(self, title: str, n: int = 1) -> str:
        """`Title (cont.)` for the first continuation, `Title (cont. 2)` for the next: no two
        slides share a title."""
        return f"{title} {self.continued_n(n)}"

    def continued_n(self, n: int = 1) -> str:
        """`(cont.)`, `(cont. 2)`, ...: the number goes inside a closing bracket."""
        if n <= 1:
            return self.continued
        c = self.continued
        return f"{c[:-1]} {n}{c[-1]}" if c.endswith((")", "]")) else f"{c} {n}"

    def continued_pattern(self) -> str:
        """A regular expression for what `with_continued` adds at the end of a title."""
        c = self.continued
        if c.endswith((")", "]")):
            return re.escape(c[:-1]) + r"(?:\s+\d+)?" + re.escape(c[-1]) + r"\s*$"
        return re.escape(c) + r"(?:\s+\d+)?\s*$"


ENGLISH = Labels()

#: built-in translations, by primary language subtag; what a set leaves out stays English
BUILTIN: dict[str, dict[str, str]] = {
    "en": {},
    "de": {
        "copy_number": "Exemplar {copy} von {copies}",
        "bluf": "Das Wichtigste vorab", "key_judgments": "Kernaussagen", "contents": "Inhalt",
        "agenda": "Agenda", "key_points": "Kernpunkte", "recommendations": "Empfehlungen",
        "sources": "Quellen", "backup": "Anhang", "annex": "Anhang", "table": "Tabelle",
        "figure": "Abbildung", "page": "Seite {page} von {pages}", "prepared_for": "Erstellt für",
        "owner": "Verantwortlich", "due": "Fällig", "description": "Beschreibung",
        "continued": "(Forts.)", "timeline": "Zeitleiste", "estimative_language": "Wahrscheinlichkeitsbegriffe",
        "estimative_ranges": "Wahrscheinlichkeitsbereiche nach ICD 203", "confidence": "Vertrauen: {level}",
        "almost_no_chance": "nahezu ausgeschlossen", "very_unlikely": "sehr unwahrscheinlich",
        "unlikely": "unwahrscheinlich", "roughly_even_chance": "etwa gleich wahrscheinlich",
        "likely": "wahrscheinlich", "very_likely": "sehr wahrscheinlich",
        "almost_certain": "nahezu sicher", "low": "gering", "moderate": "mittel", "high": "hoch",
        "bar_chart": "Balkendiagramm", "column_chart": "Säulendiagramm", "line_chart": "Liniendiagramm",
        "pie_chart": "Kreisdiagramm",
    },
    "fr": {
        "copy_number": "Exemplaire {copy} sur {copies}",
        "bluf": "L'essentiel", "key_judgments": "Jugements clés", "contents": "Sommaire",
        "agenda": "Ordre du jour", "key_points": "Points clés", "recommendations": "Recommandations",
        "sources": "Sources", "backup": "Annexes", "annex": "Annexe", "table": "Tableau",
        "figure": "Figure", "page": "Page {page} sur {pages}", "prepared_for": "Préparé pour",
        "owner": "Responsable", "due": "Échéance", "description": "Description",
        "continued": "(suite)", "timeline": "Chronologie", "estimative_language": "Langage probabiliste",
        "estimative_ranges": "fourchettes de probabilité ICD 203", "confidence": "confiance {level}",
        "almost_no_chance": "quasiment exclu", "very_unlikely": "très improbable",
        "unlikely": "improbable", "roughly_even_chance": "à peu près une chance sur deux",
        "likely": "probable", "very_likely": "très probable", "almost_certain": "quasi certain",
        "low": "faible", "moderate": "modérée", "high": "élevée",
        "bar_chart": "Graphique à barres", "column_chart": "Histogramme", "line_chart": "Graphique en courbes",
        "pie_chart": "Graphique en secteurs",
    },
    "es": {
        "copy_number": "Ejemplar {copy} de {copies}",
        "bluf": "Lo esencial", "key_judgments": "Juicios clave", "contents": "Índice",
        "agenda": "Agenda", "key_points": "Puntos clave", "recommendations": "Recomendaciones",
        "sources": "Fuentes", "backup": "Anexos", "annex": "Anexo", "table": "Tabla",
        "figure": "Figura", "page": "Página {page} de {pages}", "prepared_for": "Preparado para",
        "owner": "Responsable", "due": "Plazo", "description": "Descripción",
        "continued": "(cont.)", "timeline": "Cronología", "estimative_language": "Lenguaje estimativo",
        "estimative_ranges": "rangos de probabilidad ICD 203", "confidence": "confianza {level}",
        "almost_no_chance": "casi imposible", "very_unlikely": "muy improbable",
        "unlikely": "improbable", "roughly_even_chance": "probabilidad similar",
        "likely": "probable", "very_likely": "muy probable", "almost_certain": "casi seguro",
        "low": "baja", "moderate": "moderada", "high": "alta",
        "bar_chart": "Gráfico de barras", "column_chart": "Gráfico de columnas", "line_chart": "Gráfico de líneas",
        "pie_chart": "Gráfico circular",
    },
    "ru": {
        "copy_number": "Экземпляр {copy} из {copies}",
        "bluf": "Главное", "key_judgments": "Ключевые выводы", "contents": "Содержание",
        "agenda": "Повестка", "key_points": "Ключевые тезисы", "recommendations": "Рекомендации",
        "sources": "Источники", "backup": "Приложения", "annex": "Приложение", "table": "Таблица",
        "figure": "Рисунок", "page": "Страница {page} из {pages}", "prepared_for": "Подготовлено для",
        "owner": "Ответственный", "due": "Срок", "description": "Описание",
        "continued": "(продолжение)", "timeline": "Хронология", "estimative_language": "Оценочные формулировки",
        "estimative_ranges": "диапазоны вероятностей ICD 203", "confidence": "уверенность: {level}",
        "almost_no_chance": "практически исключено", "very_unlikely": "очень маловероятно",
        "unlikely": "маловероятно", "roughly_even_chance": "примерно равные шансы",
        "likely": "вероятно", "very_likely": "весьма вероятно", "almost_certain": "почти наверняка",
        "low": "низкая", "moderate": "умеренная", "high": "высокая",
        "bar_chart": "Линейчатая диаграмма", "column_chart": "Гистограмма", "line_chart": "График",
        "pie_chart": "Круговая диаграмма",
    },
    "ko": {
        "copy_number": "사본 {copy}/{copies}",
        "bluf": "핵심 요약", "key_judgments": "핵심 판단", "contents": "목차", "agenda": "안건",
        "key_points": "요점", "recommendations": "권고", "sources": "출처", "backup": "부록",
        "annex": "부록", "table": "표", "figure": "그림", "page": "{page} / {pages}쪽",
        "prepared_for": "대상", "owner": "담당", "due": "기한", "description": "설명",
        "continued": "(계속)", "timeline": "연표", "estimative_language": "판단 용어",
        "estimative_ranges": "ICD 203 확률 범위",
        "confidence": "신뢰도 {level}", "almost_no_chance": "가능성 거의 없음",
        "very_unlikely": "가능성 매우 낮음", "unlikely": "가능성 낮음",
        "roughly_even_chance": "가능성 반반", "likely": "가능성 높음",
        "very_likely": "가능성 매우 높음", "almost_certain": "거의 확실", "low": "낮음",
        "moderate": "보통", "high": "높음",
        "bar_chart": "가로 막대 차트", "column_chart": "세로 막대 차트", "line_chart": "꺾은선 차트",
        "pie_chart": "원형 차트",
    },
}

#: the label names an outline's `labels:` may set
NAMES = tuple(f.name for f in fields(Labels))


def labels_for(language: str, overrides: dict[str, Any] | None = None) -> Labels:
    """The labels for `language` (`en`, `de-AT`, ...), with the outline's own on top."""
    primary = language.replace("_", "-").split("-")[0].lower()
    words = dict(BUILTIN.get(primary, {}))
    words.update({k: str(v) for k, v in (overrides or {}).items()})
    return replace(ENGLISH, **words) if words else ENGLISH
