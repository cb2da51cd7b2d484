"""Generate the leaksift sample corpus into the folder this script lives in.

All people, organisations, e-mail addresses, phone numbers and events are
fictional and were written for this project; real places are used only as
settings. The output is byte-for-byte reproducible: randomness is seeded and
every timestamp embedded in a file is fixed.

Usage:
    .venv/bin/python corpus/make_corpus.py            # (re)write all files
    .venv/bin/python corpus/make_corpus.py --check    # also OCR-check the scan

Outputs (next to this script):
    leaked_list.pdf            text-layer PDF: cover memo + ruled contact table
    scanned_list.pdf           image-only PDF: a second memo + table, "scanned"
    article_harbour_deal.html  saved news web page (boilerplate + article)
    article_council_vote.txt   plain-text news article
    gold.json                  the entities each document contains
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import random
import re
import sys
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from statistics import NormalDist

import pypdfium2 as pdfium
from fpdf import FPDF
from PIL import Image, ImageChops, ImageDraw, ImageFilter

HERE = Path(__file__).resolve().parent
SEED = 20190312

# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------

# Country names as they may be written in the documents -> (canonical, ISO2).
COUNTRIES = {
    "Canada": ("Canada", "CA"),
    "Australia": ("Australia", "AU"),
    "New Zealand": ("New Zealand", "NZ"),
    "United Kingdom": ("United Kingdom", "GB"),
    "UK": ("United Kingdom", "GB"),
    "United States": ("United States", "US"),
    "USA": ("United States", "US"),
    "Denmark": ("Denmark", "DK"),
    "Spain": ("Spain", "ES"),
    "Pakistan": ("Pakistan", "PK"),
    "Germany": ("Germany", "DE"),
    "South Africa": ("South Africa", "ZA"),
    "Japan": ("Japan", "JP"),
    "Norway": ("Norway", "NO"),
    "Netherlands": ("Netherlands", "NL"),
    "Ireland": ("Ireland", "IE"),
}

NUMBER_WORDS = {10: "ten", 11: "eleven", 12: "twelve"}


def e164(raw: str) -> str:
    """Normalise an internationally written phone number to E.164.

    Handles "+CC ...", "00CC ..." and the British-style "(0)" trunk prefix.
    """
    text = raw.strip().replace("(0)", "")
    digits = re.sub(r"\D", "", text)
    if text.startswith("00"):
        digits = digits[2:]
    elif not text.startswith("+"):
        raise ValueError(f"not an international number: {raw!r}")
    return "+" + digits


class Gold:
    """Collects the entities of one document, de-duplicated, in order of first mention."""

    def __init__(self, path: str):
        self.path = path
        self._entities: list[dict] = []
        self._index: dict[tuple[str, str], dict] = {}

    def add(self, type_: str, name: str, aliases=(), **attributes) -> None:
        key = (type_, name)
        entity = self._index.get(key)
        if entity is None:
            entity = {"type": type_, "name": name}
            self._index[key] = entity
            self._entities.append(entity)
        for alias in aliases:
            if alias != name and alias not in entity.setdefault("aliases", []):
                entity["aliases"].append(alias)
        for attr, value in attributes.items():
            if value in (None, [], ""):
                continue
            attrs = entity.setdefault("attributes", {})
            if attr == "titles":
                titles = attrs.setdefault("titles", [])
                titles.extend(t for t in value if t not in titles)
            else:
                attrs[attr] = value
        if "aliases" in entity and not entity["aliases"]:
            del entity["aliases"]

    def place(self, name: str, country: str | None, aliases=()) -> None:
        if country:
            self.add("PLACE", name, aliases, country=country)
        else:
            self.add("PLACE", name, aliases)

    def country(self, written: str) -> str:
        canonical, iso2 = COUNTRIES[written]
        self.place(canonical, iso2, aliases=[written])
        return iso2

    def as_dict(self) -> dict:
        return {"path": self.path, "entities": self._entities}

    def check_against(self, text: str) -> None:
        """Every non-DATE entity must be findable in the text by name or an alias."""
        folded = text.casefold()
        for ent in self._entities:
            if ent["type"] in ("DATE", "PHONE"):
                continue
            forms = [ent["name"], *ent.get("aliases", [])]
            if not any(f.casefold() in folded for f in forms):
                raise AssertionError(f"{self.path}: {ent['type']} {ent['name']!r} not in text")


# --------------------------------------------------------------------------
# Table documents (leaked_list.pdf, scanned_list.pdf)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Official:
    name: str
    title: str
    org: str
    city: str
    country: str  # as written in the table
    email: str
    phone: str  # as written in the table

    def cells(self) -> list[str]:
        return [self.name, self.title, self.org, self.city, self.country, self.email, self.phone]


# Fictional officials (names, organisations, addresses and numbers are all invented;
# phone numbers use ranges reserved for fiction where the country has one).
LEAKED_OFFICIALS = [
    Official("Helen Brandt", "Mayor", "Town of Kestrel Bay", "Kestrel Bay", "Canada",
             "helen.brandt@kestrelbay.example", "+1 902 555 0117"),
    Official("Daniel Okafor", "Deputy Mayor", "Town of Kestrel Bay", "Kestrel Bay", "Canada",
             "d.okafor@kestrelbay.example", "+1 902 555 0129"),
    Official("Priya Raman", "Director of Trade", "Harbourview Economic Development Agency",
             "Halifax", "Canada", "priya.raman@heda.example", "+1 (902) 555-0183"),
    Official("Marc-Andre Tremblay", "Director of Economic Development", "Foothills Trade Council",
             "Calgary", "Canada", "marc.tremblay@foothillstrade.ca", "+1 403 555 0142"),
    Official("Aroha Ngata", "Deputy Mayor", "Rangitoto District Council", "Auckland",
             "New Zealand", "aroha.ngata@rangitoto.example", "+64 9 555 0172"),
    Official("Liam O'Sullivan", "Chief Executive", "Tasman Port Company", "Nelson",
             "New Zealand", "liam.osullivan@tasmanport.example", "+64 3 555 0198"),
    Official("Chloe Whitfield", "Mayor", "City of Northbridge", "Perth", "Australia",
             "chloe.whitfield@northbridge-wa.example", "+61 (8) 5550 0199"),
    Official("Tom Nguyen", "Director of Trade", "Swan River Economic Alliance", "Perth",
             "Australia", "tom.nguyen@swanriver.example", "+61 8 5550 0123"),
    Official("Olivia Papadopoulos", "Professor", "Eastern Pacific University", "Melbourne",
             "Australia", "o.papadopoulos@epu.example", "+61 3 5550 4187"),
    Official("Rajesh Iyer", "Deputy Lord Mayor", "Coral Coast Regional Council", "Brisbane",
             "Australia", "rajesh.iyer@coralcoast.example", "+61 491 570 156"),
    Official("Margaret Holloway", "Professor", "University of Westmoor", "Leeds",
             "United Kingdom", "m.holloway@westmoor.example", "+44 113 496 0754"),
    Official("Rebecca Thornton", "Director of Trade", "Thameside Trade Office", "London", "UK",
             "r.thornton@thameside.example", "+44 20 7946 0321"),
    Official("Oluwaseun Adeyemi", "Lord Mayor", "Mersey Vale City Council", "Liverpool",
             "United Kingdom", "o.adeyemi@merseyvale.example", "+44 151 496 0231"),
    Official("Fiona MacLeod", "Head of Investment", "Forth and Clyde Investment Board",
             "Glasgow", "UK", "fiona.macleod@forthclyde.org", "+44 (0)141 496 0388"),
    Official("Emily Carter", "Director of Trade", "Puget Harbor Trade Office", "Seattle",
             "United States", "emily.carter@pugetharbor.example", "+1 (206) 555-0164"),
    Official("Marcus Bell", "Mayor", "City of Bayridge Heights", "Boston", "USA",
             "mayor.bell@bayridgeheights.example", "+1-617-555-0139"),
    Official("Hannah Goldberg", "Professor", "Ridgeview Institute of Technology", "Pittsburgh",
             "United States", "hgoldberg@ridgeview-tech.example", "+1 412 555 0190"),
    Official("Mette Kjærgaard", "Deputy Mayor", "Kattegat Coast Municipality", "Aarhus",
             "Denmark", "mette.kjaergaard@kattegat.example", "+45 86 55 01 42"),
    Official("Søren Dahl", "Director of Trade", "Øresund Trade Partnership", "Copenhagen",
             "Denmark", "soren.dahl@oresundtrade.example", "0045 33 55 01 87"),
    Official("Lucía Fernández Ortega", "Deputy Mayor", "Costa Levante Municipal Council",
             "Valencia", "Spain", "lucia.fernandez@costalevante.example", "+34 96 555 01 78"),
    Official("Javier Morales Ruiz", "Professor", "University of the Western Mediterranean",
             "Barcelona", "Spain", "jmorales@uwmed.example", "+34 93 555 02 44"),
    Official("Ayesha Siddiqui", "Director of Trade", "Punjab Gateway Trade Authority", "Lahore",
             "Pakistan", "ayesha.siddiqui@pgta.example", "+92 42 3555 0190"),
    Official("Imran Qureshi", "Deputy Mayor", "Margalla Metropolitan Corporation", "Islamabad",
             "Pakistan", "imran.qureshi@margalla.example", "+92 51 555 0134"),
    Official("Katharina Vogel", "Lord Mayor", "Alsterhafen District Council", "Hamburg",
             "Germany", "k.vogel@alsterhafen.example", "+49 (0)40 5550 1823"),
    Official("Jonas Hartmann", "Head of International Relations", "Spree Valley Economic Forum",
             "Berlin", "Germany", "jonas.hartmann@spreevalley.example", "+49 30 5550 2461"),
    Official("Nomvula Dlamini", "Director of Trade", "Table Bay Investment Agency", "Cape Town",
             "South Africa", "n.dlamini@tablebay-invest.example", "+27 21 555 0163"),
    Official("Kenji Watanabe", "Professor", "Kansai Institute of Urban Studies", "Osaka", "Japan",
             "k.watanabe@kius.example", "+81 6 5550 1234"),
]

SCANNED_OFFICIALS = [
    Official("Gareth Lewis", "Chief Executive", "Harbourview Economic Development Agency",
             "Halifax", "Canada", "gareth.lewis@heda.example", "+1 902 555 0155"),
    Official("Amélie Gagnon", "Director of Trade", "Laurentian Trade Bureau", "Montreal",
             "Canada", "amelie.gagnon@laurentian-trade.example", "+1 514 555 0177"),
    Official("Sunil Mehta", "Councillor", "Fraser Delta Regional District", "Vancouver",
             "Canada", "sunil.mehta@fraserdelta.example", "+1-604-555-0123"),
    Official("Grace Whitaker", "Mayor", "City of Torrens Vale", "Adelaide", "Australia",
             "grace.whitaker@torrensvale.example", "+61 8 5550 0168"),
    Official("Mitchell Harding", "Director of Economic Development", "Hunter Coast Economic Board",
             "Newcastle", "Australia", "m.harding@huntercoast.example", "+61 (2) 5550 0142"),
    Official("Hemi Walker", "Mayor", "Otaraia District Council", "Wellington", "New Zealand",
             "hemi.walker@otaraia.example", "+64 4 555 0139"),
    Official("Sarah Lin", "Professor", "Southern Alps University", "Christchurch", "New Zealand",
             "sarah.lin@southernalps.example", "+64 3 555 0116"),
    Official("Alistair Grant", "Lord Provost", "Lothian Burgh Council", "Edinburgh", "UK",
             "alistair.grant@lothianburgh.example", "+44 131 496 0917"),
    Official("Bethan Morgan", "Head of Trade", "Taff Estuary Trade Office", "Cardiff",
             "United Kingdom", "bethan.morgan@taffestuary.example", "+44 29 2018 0456"),
    Official("Samuel Adebayo", "Professor", "University of Westmoor", "Leeds", "United Kingdom",
             "s.adebayo@westmoor.example", "+44 (0)113 496 0812"),
    Official("Megan O'Connell", "Deputy Mayor", "City of Bayridge Heights", "Boston", "USA",
             "megan.oconnell@bayridgeheights.example", "+1 617 555 0171"),
    Official("Carlos Mendoza", "Director of Trade", "Lone Star Harbor Commission", "Houston",
             "United States", "cmendoza@lonestarharbor.org", "+1 (713) 555-0102"),
    Official("Rachel Kim", "Professor", "Ridgeview Institute of Technology", "Pittsburgh", "USA",
             "rkim@ridgeview-tech.example", "+1 412 555 0126"),
    Official("Anders Holm", "Mayor", "Limfjord Coast Municipality", "Aalborg", "Denmark",
             "anders.holm@limfjordcoast.example", "+45 98 55 01 63"),
    Official("Freja Nielsen", "Head of International Relations", "Skovlund Maritime Group",
             "Aarhus", "Denmark", "freja.nielsen@skovlund.example", "+45 86 55 02 11"),
    Official("Pablo Serrano Gil", "Deputy Mayor", "Cantabria Coast Municipal Council", "Bilbao",
             "Spain", "pablo.serrano@cantabriacoast.example", "+34 94 555 03 21"),
    Official("Marta Vidal", "Director of Trade", "Llobregat Logistics Consortium", "Barcelona",
             "Spain", "marta.vidal@llobregat-logistics.example", "0034 93 555 07 65"),
    Official("Bilal Chaudhry", "Director of Trade", "Sindh Coastal Trade Board", "Karachi",
             "Pakistan", "bilal.chaudhry@sctb.example", "+92 21 3555 0147"),
    Official("Farah Naqvi", "Professor", "Ravi Institute of Urban Policy", "Lahore", "Pakistan",
             "farah.naqvi@riup.example", "+92 42 3555 0263"),
    Official("Lena Schröder", "Deputy Mayor", "Weser Harbour District Council", "Bremen",
             "Germany", "lena.schroeder@weserharbour.example", "+49 (0)421 555 0184"),
    Official("Matthias Krüger", "Director of Trade", "Isar Valley Trade Forum", "Munich",
             "Germany", "m.krueger@isarvalley.example", "+49 89 5550 3372"),
    Official("Ingrid Solberg", "Mayor", "Vestkyst Municipality", "Bergen", "Norway",
             "ingrid.solberg@vestkyst.example", "+47 55 55 01 29"),
]

# The issuing office is shared by both lists.
OFFICE = "Glenmara Office for International Affairs"
OFFICE_ACRONYM = "GOIA"
OFFICE_URL = "www.glenmara.example/international"
OFFICE_EMAIL = "international@glenmara.example"
OFFICE_PHONE = "+353 1 555 0100"
DIRECTOR = ("Niamh Gallagher", "Director of International Affairs")
CONTACT = ("Tomasz Wieczorek", "Protocol Officer", "tomasz.wieczorek@glenmara.example",
           "+353 1 555 0147")


@dataclass(frozen=True)
class Memo:
    """Cover memo of a table document, with the gold entities it names."""

    date_text: str
    date_iso: str
    subject: str
    paragraphs: list[str]
    dates: list[str]  # ISO values of the other dates named in the paragraphs
    places: list[tuple[str, str]]  # (name as written, ISO2)


def leaked_memo(n_countries: int) -> Memo:
    return Memo(
        date_text="12 March 2019",
        date_iso="2019-03-12",
        subject="Contact list of foreign officials - harbour cities exchange",
        paragraphs=[
            f"The {OFFICE} ({OFFICE_ACRONYM}) has compiled the attached list of foreign "
            "officials who have confirmed an interest in the harbour cities exchange, which "
            "will take place in Rotterdam, Netherlands, on 9 April 2019. The list includes "
            f"mayors, trade directors and academics from {NUMBER_WORDS[n_countries]} countries.",
            "The list is for internal use only and must not be forwarded outside the "
            f"delegation. Corrections should reach {OFFICE_ACRONYM} no later than 29 March; "
            "travel and accommodation for delegates will be booked after that date.",
            f"Questions about individual contacts may be directed to {CONTACT[0]}, "
            f"{CONTACT[1]}, at {CONTACT[2]} or {CONTACT[3]}.",
        ],
        dates=["2019-04-09", "2019-03-29"],
        places=[("Rotterdam", "NL"), ("Netherlands", "NL")],
    )


def scanned_memo(n_countries: int) -> Memo:
    return Memo(
        date_text="4 September 2020",
        date_iso="2020-09-04",
        subject="Second contact list - virtual trade roundtable",
        paragraphs=[
            f"The {OFFICE} ({OFFICE_ACRONYM}) has prepared the attached second list of foreign "
            "officials for the virtual trade roundtable, which will be hosted from Dublin, "
            "Ireland, on 15 October 2020. It follows the harbour cities exchange of April 2019 "
            f"and covers {NUMBER_WORDS[n_countries]} countries.",
            "As before, the list is for internal use only. Please send corrections to "
            f"{OFFICE_ACRONYM} by 25 September so that invitations can be issued in good time.",
            f"Questions about individual contacts may be directed to {CONTACT[0]}, "
            f"{CONTACT[1]}, at {CONTACT[2]} or {CONTACT[3]}.",
        ],
        dates=["2020-10-15", "2019-04", "2020-09-25"],
        places=[("Dublin", "IE"), ("Ireland", "IE")],
    )


# Table geometry (landscape A4, mm).
COLUMNS = ["Name", "Title", "Organisation", "City", "Country", "Email", "Phone"]
COL_WIDTHS = [35.5, 49, 63, 20.5, 24, 60, 30]  # sum = 282 (297 - 2 * MARGIN)
TABLE_FONT_SIZE = 8.5
ROW_HEIGHT = 8.5
RULE_COLOR = (20, 60, 110)  # navy, matching the letterhead
RULE_WIDTH = 0.2
MARGIN = 7.5


class ListPDF(FPDF):
    def __init__(self, memo: Memo):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.memo = memo
        self.set_margins(MARGIN, 12, MARGIN)
        self.set_auto_page_break(False)
        self.alias_nb_pages()

    def header(self):
        if self.page_no() > 1:
            self.set_font("Helvetica", "I", 8)
            self.set_text_color(90)
            self.cell(0, 5, f"{OFFICE_ACRONYM} - Annex A to memorandum of {self.memo.date_text}",
                      align="R")
            self.set_text_color(0)
            self.ln(8)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90)
        self.cell(0, 5, "CONFIDENTIAL - INTERNAL USE ONLY", align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(0)


def _fixed_metadata(pdf: FPDF, memo: Memo, title: str) -> None:
    stamp = datetime.fromisoformat(memo.date_iso).replace(hour=16, tzinfo=timezone.utc)
    pdf.set_creation_date(stamp)
    pdf.set_title(title)
    pdf.set_author(OFFICE)
    pdf.set_creator("Microsoft Word")  # what a leaked office document would carry
    pdf.set_producer("leaksift corpus generator")


def _draw_memo(pdf: ListPDF, memo: Memo) -> None:
    pdf.add_page()
    # Letterhead
    pdf.set_draw_color(20, 60, 110)
    pdf.set_fill_color(20, 60, 110)
    pdf.rect(MARGIN, 12, 282, 2.2, style="F")
    pdf.set_xy(MARGIN, 17)
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_text_color(20, 60, 110)
    pdf.cell(0, 9, OFFICE)
    pdf.ln(9)
    pdf.set_font("Helvetica", "", 9)
    pdf.set_text_color(60)
    pdf.cell(0, 5, f"{OFFICE_URL}   |   Tel. {OFFICE_PHONE}   |   {OFFICE_EMAIL}")
    pdf.ln(7)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + 282, pdf.get_y())
    pdf.set_text_color(0)
    pdf.set_draw_color(0)

    # Memo block
    left = 40
    pdf.set_xy(left, 46)
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 8, "MEMORANDUM")
    pdf.ln(8)
    pdf.set_x(left)
    pdf.set_font("Helvetica", "B", 9)
    pdf.set_text_color(160, 20, 20)
    pdf.cell(0, 5, "CONFIDENTIAL - INTERNAL USE ONLY")
    pdf.set_text_color(0)
    pdf.ln(9)
    for label, value in [
        ("Date:", memo.date_text),
        ("To:", "Members of the council delegation"),
        ("From:", DIRECTOR[1]),
        ("Subject:", memo.subject),
    ]:
        pdf.set_x(left)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(24, 6.5, label)
        pdf.set_font("Helvetica", "", 11)
        pdf.cell(0, 6.5, value)
        pdf.ln(6.5)
    pdf.ln(3)
    pdf.line(left, pdf.get_y(), 297 - left, pdf.get_y())
    pdf.ln(5)
    pdf.set_font("Helvetica", "", 11)
    for paragraph in memo.paragraphs:
        pdf.set_x(left)
        pdf.multi_cell(297 - 2 * left, 6, paragraph, align="L")
        pdf.ln(3)
    pdf.ln(8)
    pdf.set_x(left)
    pdf.set_font("Helvetica", "I", 14)
    pdf.cell(0, 7, DIRECTOR[0])  # "signature"
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 11)
    for line in [DIRECTOR[0], DIRECTOR[1], OFFICE]:
        pdf.set_x(left)
        pdf.cell(0, 5.5, line)
        pdf.ln(5.5)
    pdf.ln(4)
    pdf.set_x(left)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 5, "Attachment: Annex A - Foreign officials contact list")


def _draw_table_header(pdf: ListPDF) -> None:
    pdf.set_font("Helvetica", "B", TABLE_FONT_SIZE)
    pdf.set_fill_color(215, 215, 215)
    pdf.set_x(MARGIN)
    for label, width in zip(COLUMNS, COL_WIDTHS):
        pdf.cell(width, ROW_HEIGHT, label, border=1, fill=True)
    pdf.ln(ROW_HEIGHT)
    pdf.set_font("Helvetica", "", TABLE_FONT_SIZE)


def _draw_table(pdf: ListPDF, officials: list[Official]) -> None:
    pdf.add_page()
    pdf.set_draw_color(*RULE_COLOR)
    pdf.set_line_width(RULE_WIDTH)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, "Annex A - Foreign officials contact list")
    pdf.ln(10)
    _draw_table_header(pdf)
    bottom = pdf.h - 16
    for official in officials:
        if pdf.get_y() + ROW_HEIGHT > bottom:
            pdf.add_page()
            pdf.set_font("Helvetica", "B", 12)
            pdf.cell(0, 7, "Annex A - Foreign officials contact list (continued)")
            pdf.ln(10)
            _draw_table_header(pdf)
        pdf.set_x(MARGIN)
        for text, width in zip(official.cells(), COL_WIDTHS):
            if pdf.get_string_width(text) > width - 2 * pdf.c_margin:
                raise ValueError(f"cell text too wide for its column: {text!r}")
            pdf.cell(width, ROW_HEIGHT, text, border=1)
        pdf.ln(ROW_HEIGHT)


def build_list_pdf(memo: Memo, officials: list[Official], title: str) -> bytes:
    assert sum(COL_WIDTHS) == 297 - 2 * MARGIN
    pdf = ListPDF(memo)
    _fixed_metadata(pdf, memo, title)
    _draw_memo(pdf, memo)
    _draw_table(pdf, officials)
    if pdf.page_no() != 3:
        raise AssertionError(f"expected memo + 2 table pages, got {pdf.page_no()} pages")
    return bytes(pdf.output())


def list_gold(path: str, memo: Memo, officials: list[Official]) -> Gold:
    gold = Gold(path)
    # Memo (letterhead, header block, body, signature)
    gold.add("ORG", OFFICE, aliases=[OFFICE_ACRONYM])
    gold.add("URL", OFFICE_URL)
    gold.add("PHONE", e164(OFFICE_PHONE))
    gold.add("EMAIL", OFFICE_EMAIL)
    gold.add("DATE", memo.date_iso)
    for name, iso2 in memo.places:
        gold.place(name, iso2)
    for iso in memo.dates:
        gold.add("DATE", iso)
    name, title, email, phone = CONTACT
    gold.add("PERSON", name, titles=[title], organisation=OFFICE, email=email, phone=e164(phone))
    gold.add("EMAIL", email)
    gold.add("PHONE", e164(phone))
    gold.add("PERSON", DIRECTOR[0], titles=[DIRECTOR[1]], organisation=OFFICE)
    # Table rows
    for o in officials:
        iso2 = COUNTRIES[o.country][1]
        gold.add("PERSON", o.name, titles=[o.title], organisation=o.org, city=o.city,
                 country=iso2, email=o.email.lower(), phone=e164(o.phone))
        gold.add("ORG", o.org)
        gold.place(o.city, iso2)
        gold.country(o.country)
        gold.add("EMAIL", o.email.lower())
        gold.add("PHONE", e164(o.phone))
    return gold


def list_text(memo: Memo, officials: list[Official]) -> str:
    """Plain text of a list document, used to sanity-check its gold."""
    parts = [OFFICE, OFFICE_URL, OFFICE_PHONE, OFFICE_EMAIL, memo.date_text, *memo.paragraphs,
             DIRECTOR[0], DIRECTOR[1]]
    parts += [" | ".join(o.cells()) for o in officials]
    return "\n".join(parts)


def n_countries(officials: list[Official]) -> int:
    return len({COUNTRIES[o.country][1] for o in officials})


def make_leaked_list() -> Gold:
    path = "leaked_list.pdf"
    memo = leaked_memo(n_countries(LEAKED_OFFICIALS))
    data = build_list_pdf(memo, LEAKED_OFFICIALS, "Foreign officials contact list")
    (HERE / path).write_bytes(data)
    gold = list_gold(path, memo, LEAKED_OFFICIALS)
    gold.check_against(list_text(memo, LEAKED_OFFICIALS))
    return gold


# --------------------------------------------------------------------------
# Scan simulation
# --------------------------------------------------------------------------

RENDER_DPI = 300      # clean render the "paper" is made from
SCAN_DPI = 200        # resolution of the scanned images in the output PDF
JPEG_QUALITY = 32
GRAIN_SIGMA = 4.0     # sensor noise, grey levels
DUST_SPECKS = 160     # dark specks per page
BLUR_RADIUS = 1.0     # optics, pixels at RENDER_DPI


def _gaussian_lut(sigma: float) -> list[int]:
    """Map a uniform byte to a Gaussian offset around 128 (inverse-CDF lookup table)."""
    dist = NormalDist(0, sigma)
    return [max(0, min(255, round(128 + dist.inv_cdf((i + 0.5) / 256)))) for i in range(256)]


def degrade_page(page: Image.Image, rng: random.Random) -> Image.Image:
    """Make a clean greyscale render look like an office-scanner page."""
    w, h = page.size
    # Slightly grey paper and not-quite-black toner.
    img = page.point(lambda v: min(255, round(28 + v * 0.9)))
    # The sheet went into the feeder a little crooked.
    angle = rng.uniform(1.5, 2.5) * rng.choice([-1, 1])
    img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    # Uneven illumination: the page darkens slightly towards the top or bottom edge.
    shade = Image.linear_gradient("L").resize((w, h)).point(lambda v: 128 - round(v * 14 / 255))
    if rng.random() < 0.5:
        shade = shade.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    img = ImageChops.add(img, shade, scale=1.0, offset=-128)
    # Sensor noise: Gaussian grain.
    grain = Image.frombytes("L", (w, h), rng.randbytes(w * h)).point(_gaussian_lut(GRAIN_SIGMA))
    img = ImageChops.add(img, grain, scale=1.0, offset=-128)
    # Dust on the glass: small dark specks.
    draw = ImageDraw.Draw(img)
    for _ in range(DUST_SPECKS):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        r = rng.choice([0.6, 0.7, 0.8, 1.0, 1.5])
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.randint(40, 140))
    # Optics: slight blur, then resample to the scanner's output resolution.
    img = img.filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
    scale = SCAN_DPI / RENDER_DPI
    return img.resize((round(w * scale), round(h * scale)), Image.Resampling.LANCZOS)


def rasterise(pdf_bytes: bytes, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf_bytes)
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                for i in range(len(doc))]
    finally:
        doc.close()


def make_scanned_list() -> Gold:
    path = "scanned_list.pdf"
    memo = scanned_memo(n_countries(SCANNED_OFFICIALS))
    clean = build_list_pdf(memo, SCANNED_OFFICIALS, "Second contact list")
    rng = random.Random(SEED)
    pages = [degrade_page(p, rng) for p in rasterise(clean, RENDER_DPI)]
    stamp = time.struct_time((2020, 9, 7, 10, 32, 5, 0, 251, 0))  # "scanned" three days later
    buf = io.BytesIO()
    pages[0].save(
        buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(SCAN_DPI),
        quality=JPEG_QUALITY, optimize=True, title="Scan 2020-09-07 10.32",
        producer="ScanStation 4.2", creationDate=stamp, modDate=stamp,
    )
    (HERE / path).write_bytes(buf.getvalue())
    gold = list_gold(path, memo, SCANNED_OFFICIALS)
    gold.check_against(list_text(memo, SCANNED_OFFICIALS))
    return gold


# --------------------------------------------------------------------------
# News articles
# --------------------------------------------------------------------------

COUNCIL_VOTE_TXT = """\
Kestrel Bay council backs harbour partnership after marathon debate

By Owen Castellano, Atlantic Ledger
Updated: Nov. 22, 2019 6:40 a.m. AST

KESTREL BAY, N.S. - Town council in Kestrel Bay voted 7-2 on Thursday, Nov. 21, 2019, to enter a formal partnership with the Harbourview Economic Development Agency (HEDA), clearing the way for a long-promised redevelopment of the town's aging container pier.

The vote came after nearly five hours of debate and more than 40 written submissions, most of them from residents of the waterfront streets that border the pier.

"This is the most important decision this council has made in a generation," Mayor Helen Brandt told reporters after the meeting. "We have watched young families leave for Halifax and Moncton in recent years. Tonight we gave them a reason to stay."

Under the agreement, HEDA will spend up to $38 million over six years on dredging, a cold-storage terminal and a new ferry berth. The town will contribute the land and waive municipal permit fees until 2027. The agency's board approved its share of the funding this June, but the money could not flow without the council's consent.

Priya Raman, HEDA's director of trade, said the agency has already held talks with shipping lines in Europe and the northeastern United States. "Kestrel Bay is closer to Rotterdam than almost any port on the continent," Raman said. "That is an advantage we have ignored for too long."

Ms. Raman said the agency hopes to name an operating partner by the spring of 2020.

Deputy Mayor Daniel Okafor, who chairs the town's harbour committee, was one of the plan's earliest supporters. Mr. Okafor first proposed a partnership with the agency at a public meeting on March 3, citing a feasibility study from May 2016 which concluded that the pier could handle twice its current traffic with modest upgrades.

"Nobody invented this idea last month," Okafor said. "People in this town have been asking for it since 2016."

The two councillors who voted against the motion, Gregory Pike and Annette Doiron, argued that the town was taking on too much risk. Councillor Doiron said the agreement would give HEDA control of the waterfront for 25 years with few guarantees for local hiring.

"I support jobs. I do not support signing a blank cheque," Doiron said. She has asked the province's Coastal Planning Review Board to examine the deal before any work begins.

Pike, a retired lobster fisherman, raised concerns about dredging near the fishing grounds off Cape Sable Island, where crews from Kestrel Bay have set their traps for generations.

Residents who packed the council chamber were divided. Lorraine MacIsaac, who has lived two streets from the pier since 1987, said she feared round-the-clock truck traffic. Others, including members of the Kestrel Bay Board of Trade, applauded when the result was announced.

Samir Haddad, the board's president, called the vote "overdue" and said several member businesses had already approached HEDA about supply contracts. "Our members have been ready for years," Mr. Haddad said.

The partnership still needs approval from the Nova Scotia government, and the agency will apply for federal infrastructure funding in Ottawa. HEDA said in a statement that dredging could begin in 2021 if both levels of government sign off.

Brandt said she will travel to Copenhagen in February to meet port operators, including Skovlund Maritime Group, which runs terminals in Denmark and Sweden. A spokesperson for Skovlund declined to comment.

The full agreement has been posted at https://www.kestrelbay.example/council/harbour-partnership. Residents with questions can contact the town clerk's office at Clerk@KestrelBay.example or 902-555-0110.
"""

HEDA = "Harbourview Economic Development Agency"
SKOVLUND = "Skovlund Maritime Group"
LEDGER = "Atlantic Ledger"


def council_vote_gold() -> Gold:
    """Entities of article_council_vote.txt (published/updated 2019-11-22), in reading order."""
    g = Gold("article_council_vote.txt")
    g.add("PLACE", "Kestrel Bay", country="CA")
    g.add("PERSON", "Owen Castellano", organisation=LEDGER)
    g.add("ORG", LEDGER)
    g.add("DATE", "2019-11-22")                       # Updated: Nov. 22, 2019
    g.place("Nova Scotia", "CA", aliases=["N.S."])     # KESTREL BAY, N.S.
    g.add("DATE", "2019-11-21")                       # Thursday, Nov. 21, 2019
    g.add("ORG", HEDA, aliases=["HEDA"])
    g.add("PERSON", "Helen Brandt", aliases=["Brandt"], titles=["Mayor"])
    g.place("Halifax", "CA")
    g.place("Moncton", "CA")
    g.add("DATE", "2027")                             # until 2027
    g.add("DATE", "2019-06")                          # this June
    g.add("PERSON", "Priya Raman", aliases=["Raman", "Ms. Raman"],
          titles=["Director of Trade"], organisation=HEDA)
    g.place("Europe", None)
    g.place("United States", "US")
    g.place("Rotterdam", "NL")
    g.add("DATE", "2020")                             # by the spring of 2020
    g.add("PERSON", "Daniel Okafor", aliases=["Okafor", "Mr. Okafor"], titles=["Deputy Mayor"])
    g.add("DATE", "2019-03-03")                       # March 3
    g.add("DATE", "2016-05")                          # May 2016
    g.add("DATE", "2016")                             # since 2016
    g.add("PERSON", "Gregory Pike", aliases=["Pike"], titles=["Councillor"])
    g.add("PERSON", "Annette Doiron", aliases=["Doiron", "Councillor Doiron"],
          titles=["Councillor"])
    g.add("ORG", "Coastal Planning Review Board")
    g.place("Cape Sable Island", "CA")
    g.add("PERSON", "Lorraine MacIsaac")
    g.add("DATE", "1987")                             # since 1987
    g.add("ORG", "Kestrel Bay Board of Trade")
    g.add("PERSON", "Samir Haddad", aliases=["Mr. Haddad"], titles=["President"],
          organisation="Kestrel Bay Board of Trade")
    g.place("Ottawa", "CA")
    g.add("DATE", "2021")                             # begin in 2021
    g.place("Copenhagen", "DK")
    g.add("DATE", "2020-02")                          # will travel ... in February
    g.add("ORG", SKOVLUND, aliases=["Skovlund"])
    g.place("Denmark", "DK")
    g.place("Sweden", "SE")
    g.add("URL", "https://www.kestrelbay.example/council/harbour-partnership")
    g.add("EMAIL", "clerk@kestrelbay.example")
    g.add("PHONE", "+19025550110")                    # 902-555-0110
    return g


def make_council_vote() -> Gold:
    gold = council_vote_gold()
    (HERE / gold.path).write_text(COUNCIL_VOTE_TXT, encoding="utf-8", newline="\n")
    gold.check_against(COUNCIL_VOTE_TXT)
    return gold


HARBOUR_DEAL_TITLE = "Danish operator signs on to run Kestrel Bay harbour terminal"

HARBOUR_DEAL_CAPTIONS = [
    ("kestrel-bay-signing.jpg",
     "Mayor Helen Brandt, centre, and Jens Mikkelsen of Skovlund Maritime Group sign the "
     "agreement at Kestrel Bay town hall on June 11.",
     "Owen Castellano/Atlantic Ledger"),
    ("aarhus-terminal.jpg",
     "Refrigerated containers stacked at Skovlund's terminal in Aarhus, Denmark.",
     "Skovlund Maritime Group"),
]

HARBOUR_DEAL_PARAGRAPHS = [
    "HALIFAX \u2014 A Danish port operator will run a new cold-storage terminal in Kestrel Bay, "
    "N.S., under a 20-year agreement signed on June 11 that local officials say could double "
    "the small town\u2019s shipping traffic by 2030.",

    "Skovlund Maritime Group, which operates terminals in Aarhus and Gothenburg, will invest "
    "$41 million in the project alongside the Harbourview Economic Development Agency (HEDA), "
    "the provincial agency that has backed the harbour\u2019s redevelopment since 2019.",

    "\u201cThis is the day this town has been waiting for,\u201d Mayor Helen Brandt said at a "
    "signing ceremony at the town hall. Brandt, who was re-elected in October 2020, called the "
    "deal \u201cproof that a town of 9,000 people can compete with the big ports.\u201d",

    "Kestrel Bay\u2019s council approved the partnership with HEDA on Nov. 21, 2019, after a "
    "marathon debate, but the search for an operator stalled during the pandemic. The "
    "agency\u2019s board drew up a shortlist of three bidders in 2020 and chose Skovlund on "
    "March 3.",

    "Priya Raman, the agency\u2019s director of trade, led the negotiations. Raman said the "
    "terminal would handle seafood exports bound for Europe and Asia, and that fishers along "
    "Nova Scotia\u2019s South Shore would no longer have to truck their catch to Halifax.",

    "\u201cOur fishers have been paying for that drive for decades,\u201d Ms. Raman said. "
    "\u201cNow the cold chain starts right here.\u201d",

    "Skovlund\u2019s chief executive, Jens Mikkelsen, flew in from Copenhagen for the ceremony. "
    "Mr. Mikkelsen said the company had studied more than a dozen sites in North America "
    "before settling on Kestrel Bay.",

    "\u201cWe looked at Portland, Maine, and at Saint John. Kestrel Bay had the deepest water "
    "and the most determined people,\u201d Mikkelsen said.",

    "Deputy Mayor Daniel Okafor, who first pitched the partnership in 2019, described the mood "
    "in town as \u201cgiddy.\u201d Mr. Okafor said the terminal is expected to create about 120 "
    "permanent jobs, plus several years of construction work for local contractors.",

    "Not everyone is convinced. Councillor Annette Doiron, one of two members of council who "
    "voted against the partnership, said she still wants to see the hiring commitments in "
    "writing. \u201cI am glad there is finally a partner,\u201d Doiron said. \u201cBut \u2018up "
    "to 120 jobs\u2019 is not a promise.\u201d",

    "The South Shore Marine Conservation Society (SSMCS) said in a statement that it would "
    "monitor dredging near the lobster grounds off Cape Sable Island. SSMCS has asked HEDA to "
    "publish its environmental studies before work begins.",

    "The deal has also drawn attention abroad. Chloe Whitfield, mayor of the City of "
    "Northbridge in Western Australia, who toured the Kestrel Bay waterfront during a trade "
    "mission in 2018, said in a message to the council that the agreement was \u201ca model "
    "for small harbour cities everywhere.\u201d",

    "Emily Carter, director of trade at the Puget Harbor Trade Office in Seattle, said her "
    "office would look at connecting the terminal with seafood buyers across the U.S.",

    "Construction of the terminal is scheduled to begin in September, with the first "
    "refrigerated vessels expected to dock in 2023. Details of the agreement are available at "
    "https://heda.example/projects/kestrel-bay, and media inquiries can be sent to "
    "media@heda.example or (902) 555-0177.",
]


def harbour_deal_html() -> str:
    from html import escape

    def linkify(text: str) -> str:
        text = escape(text, quote=False)
        return re.sub(r"(https://[^\s,]+)", r'<a href="\1">\1</a>', text)

    figures = []
    for src, caption, credit in HARBOUR_DEAL_CAPTIONS:
        figures.append(
            f'    <figure class="article-photo">\n'
            f'      <img src="/media/2021/06/{src}" alt="" width="960" height="540">\n'
            f"      <figcaption>{escape(caption)} "
            f'<span class="credit">({escape(credit)})</span></figcaption>\n'
            f"    </figure>\n"
        )
    body = [f"    <p>{linkify(p)}</p>\n" for p in HARBOUR_DEAL_PARAGRAPHS]
    # First photo after the lead, second photo in the middle of the story.
    body.insert(1, figures[0])
    body.insert(8, figures[1])

    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-CA">\n'
        "<head>\n"
        '  <meta charset="utf-8">\n'
        f"  <title>{escape(HARBOUR_DEAL_TITLE)} | Atlantic Ledger</title>\n"
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '  <meta name="author" content="Marisol Trent">\n'
        '  <meta property="og:site_name" content="Atlantic Ledger">\n'
        f'  <meta property="og:title" content="{escape(HARBOUR_DEAL_TITLE)}">\n'
        '  <meta property="og:type" content="article">\n'
        '  <meta property="article:published_time" content="2021-06-14T09:00:00Z">\n'
        '  <meta property="article:section" content="Business">\n'
        '  <link rel="canonical" href="https://www.atlanticledger.example/business/2021/06/14/'
        'kestrel-bay-harbour-terminal">\n'
        '  <link rel="stylesheet" href="/static/css/site.css">\n'
        "</head>\n"
        "<body>\n"
        '  <header class="site-header">\n'
        '    <a class="logo" href="/">Atlantic Ledger</a>\n'
        '    <nav class="main-menu">\n'
        "      <ul>\n"
        '        <li><a href="/">Home</a></li>\n'
        '        <li><a href="/news/">News</a></li>\n'
        '        <li><a href="/business/">Business</a></li>\n'
        '        <li><a href="/politics/">Politics</a></li>\n'
        '        <li><a href="/opinion/">Opinion</a></li>\n'
        '        <li><a href="/weather/">Weather</a></li>\n'
        '        <li><a href="/subscribe/" class="button">Subscribe</a></li>\n'
        "      </ul>\n"
        "    </nav>\n"
        '    <form class="search" action="/search/"><input type="search" name="q" '
        'placeholder="Search"></form>\n'
        "  </header>\n"
        '  <div class="breadcrumbs"><a href="/">Home</a> &rsaquo; <a href="/business/">Business'
        "</a></div>\n"
        "  <main>\n"
        '  <article class="story">\n'
        f"    <h1>{escape(HARBOUR_DEAL_TITLE)}</h1>\n"
        '    <div class="byline">By <span class="author">Marisol Trent</span> &middot; '
        '<time datetime="2021-06-14T09:00:00Z">Published June 14, 2021</time></div>\n'
        + "".join(body)
        + "  </article>\n"
        '  <aside class="related">\n'
        "    <h2>Related stories</h2>\n"
        "    <ul>\n"
        '      <li><a href="/news/2019/11/22/kestrel-bay-council-harbour-vote">Kestrel Bay '
        "council backs harbour partnership after marathon debate</a></li>\n"
        '      <li><a href="/business/fisheries-outlook">Fisheries outlook: lobster prices hold '
        "steady</a></li>\n"
        "    </ul>\n"
        '    <div class="newsletter">Get the morning briefing in your inbox. '
        '<a href="/newsletters/">Sign up</a></div>\n'
        "  </aside>\n"
        "  </main>\n"
        '  <footer class="site-footer">\n'
        '    <nav><a href="/about/">About us</a> | <a href="/contact/">Contact</a> | '
        '<a href="/privacy/">Privacy</a> | <a href="/terms/">Terms of use</a></nav>\n'
        "    <p>&copy; Atlantic Ledger. All rights reserved.</p>\n"
        "  </footer>\n"
        "</body>\n"
        "</html>\n"
    )


def harbour_deal_gold() -> Gold:
    """Entities of article_harbour_deal.html (published 2021-06-14).

    Covers the headline, byline, photo captions/credits and article body; the
    navigation, related-stories sidebar and footer are boilerplate and add nothing.
    """
    g = Gold("article_harbour_deal.html")
    g.add("PLACE", "Kestrel Bay", country="CA")
    g.add("ORG", LEDGER)
    g.add("PERSON", "Marisol Trent")
    g.add("DATE", "2021-06-14")                       # Published June 14, 2021
    g.add("PERSON", "Helen Brandt", aliases=["Brandt"], titles=["Mayor"])
    g.add("PERSON", "Jens Mikkelsen", aliases=["Mikkelsen", "Mr. Mikkelsen"],
          titles=["Chief Executive"], organisation=SKOVLUND)
    g.add("ORG", SKOVLUND, aliases=["Skovlund"])
    g.add("DATE", "2021-06-11")                       # June 11 (caption and lead)
    g.add("PERSON", "Owen Castellano", organisation=LEDGER)  # photo credit
    g.place("Aarhus", "DK")
    g.place("Denmark", "DK")
    g.place("Halifax", "CA")
    g.place("Nova Scotia", "CA", aliases=["N.S."])
    g.add("DATE", "2030")                             # by 2030
    g.place("Gothenburg", "SE")
    g.add("ORG", HEDA, aliases=["HEDA"])
    g.add("DATE", "2019")                             # since 2019; in 2019
    g.add("DATE", "2020-10")                          # October 2020
    g.add("DATE", "2019-11-21")                       # Nov. 21, 2019
    g.add("DATE", "2020")                             # in 2020
    g.add("DATE", "2021-03-03")                       # March 3
    g.add("PERSON", "Priya Raman", aliases=["Raman", "Ms. Raman"],
          titles=["Director of Trade"], organisation=HEDA)
    g.place("Europe", None)
    g.place("Asia", None)
    g.place("South Shore", "CA")
    g.place("Copenhagen", "DK")
    g.place("North America", None)
    g.place("Portland", "US")
    g.place("Maine", "US")
    g.place("Saint John", "CA")
    g.add("PERSON", "Daniel Okafor", aliases=["Mr. Okafor"], titles=["Deputy Mayor"])
    g.add("PERSON", "Annette Doiron", aliases=["Doiron"], titles=["Councillor"])
    g.add("ORG", "South Shore Marine Conservation Society", aliases=["SSMCS"])
    g.place("Cape Sable Island", "CA")
    g.add("PERSON", "Chloe Whitfield", titles=["Mayor"], organisation="City of Northbridge")
    g.add("ORG", "City of Northbridge")
    g.place("Western Australia", "AU")
    g.add("DATE", "2018")                             # in 2018
    g.add("PERSON", "Emily Carter", titles=["Director of Trade"],
          organisation="Puget Harbor Trade Office")
    g.add("ORG", "Puget Harbor Trade Office")
    g.place("Seattle", "US")
    g.place("United States", "US", aliases=["U.S."])
    g.add("DATE", "2021-09")                          # begin in September
    g.add("DATE", "2023")                             # dock in 2023
    g.add("URL", "https://heda.example/projects/kestrel-bay")
    g.add("EMAIL", "media@heda.example")
    g.add("PHONE", "+19025550177")                    # (902) 555-0177
    return g


def make_harbour_deal() -> Gold:
    gold = harbour_deal_gold()
    html = harbour_deal_html()
    (HERE / gold.path).write_text(html, encoding="utf-8", newline="\n")
    visible = "\n".join(
        [HARBOUR_DEAL_TITLE, "Marisol Trent", "Published June 14, 2021",
         *(f"{c} ({cr})" for _, c, cr in HARBOUR_DEAL_CAPTIONS), *HARBOUR_DEAL_PARAGRAPHS])
    gold.check_against(visible.replace("\u2019", "'"))
    return gold


# --------------------------------------------------------------------------
# Checks and main
# --------------------------------------------------------------------------


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fuzzy_found(needle: str, haystack: str, threshold: float = 0.8) -> bool:
    """True when some run of words in haystack is a close match for needle."""
    target = _fold(needle)
    n = len(target.split())
    for line in _fold(haystack).splitlines():
        words = line.split()
        for i in range(max(1, len(words) - n + 1)):
            candidate = " ".join(words[i:i + n])
            if difflib.SequenceMatcher(None, target, candidate).ratio() >= threshold:
                return True
    return False


def ocr_check(min_ratio: float = 0.75) -> None:
    """OCR the scanned list with tesseract and report how many names are legible.

    Page segmentation mode 3 (tesseract's default, full layout analysis) is the one
    that matters: it strips the table rules. Mode 6 ("one uniform block of text")
    is reported for comparison; it cannot read ruled tables even from a clean render.
    A name counts as "close" when some run of OCR words matches it at >= 80%
    similarity after case and accent folding (e.g. "Kriiger" for "Krüger").
    """
    import pytesseract

    doc = pdfium.PdfDocument(str(HERE / "scanned_list.pdf"))
    images = []
    for i in range(len(doc)):
        if doc[i].get_textpage().get_text_range().strip():
            raise AssertionError("scanned_list.pdf has a text layer")
        # OCR the embedded scan itself rather than a re-rendering of it.
        (image,) = [obj for obj in doc[i].get_objects()
                    if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
        images.append(image.get_bitmap().to_pil())
    doc.close()
    names = [o.name for o in SCANNED_OFFICIALS]
    emails = [o.email for o in SCANNED_OFFICIALS]
    phones = [o.phone for o in SCANNED_OFFICIALS]
    close_ratio = {}
    for psm in (3, 6):
        text = "\n".join(pytesseract.image_to_string(im, config=f"--psm {psm}") for im in images)
        exact = [n for n in names if n in text]
        close = [n for n in names if _fuzzy_found(n, text)]
        close_ratio[psm] = len(close) / len(names)
        print(f"OCR --psm {psm}: names {len(exact)}/{len(names)} exact, "
              f"{len(close)}/{len(names)} close; e-mails {sum(e in text for e in emails)}/"
              f"{len(emails)} exact; phones {sum(p in text for p in phones)}/{len(phones)} "
              f"exact; names not even close: "
              f"{[n for n in names if n not in close]}")
    if close_ratio[3] < min_ratio:
        raise SystemExit("OCR legibility below threshold")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="OCR the scanned PDF afterwards and report legibility")
    args = parser.parse_args(argv)

    golds = [make_leaked_list(), make_scanned_list(), make_harbour_deal(), make_council_vote()]
    gold = {
        "description": "Gold entities for the leaksift sample corpus (all content fictional). "
                       "DATE values are ISO 8601 truncated to the precision stated in the text; "
                       "year-less dates are resolved against the document date.",
        "documents": [g.as_dict() for g in golds],
    }
    (HERE / "gold.json").write_text(
        json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")

    for g in golds:
        counts: dict[str, int] = {}
        for ent in g.as_dict()["entities"]:
            counts[ent["type"]] = counts.get(ent["type"], 0) + 1
        size = (HERE / g.path).stat().st_size
        print(f"{g.path:28s} {size:>8d} bytes  " +
              " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    if args.check:
        ocr_check()


if __name__ == "__main__":
    main(sys.argv[1:])
