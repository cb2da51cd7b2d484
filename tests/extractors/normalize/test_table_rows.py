"""Table rows as PERSON records linked to ORG, PLACE, EMAIL and PHONE."""

from extractors.normalize.table_rows import column_roles, table_mentions
from extractors.records import Page, Table

TEXT = (
    "Name Title Organisation City Country Email Phone\n"
    "Helen Brandt Mayor Town of Kestrel Bay Halifax Canada helen.brandt@kb.example +1 902 555 0117\n"
)
HEADER = ["Name", "Title", "Organisation", "City", "Country", "Email", "Phone"]
ROW = [
    "Helen Brandt",
    "Mayor",
    "Town of Kestrel Bay",
    "Halifax",
    "Canada",
    "helen.brandt@kb.example",
    "+1 902 555 0117",
]


def _spanned(table: Table, text: str) -> Table:
    """The table with the cell spans the reading stage gives it: each cell where it is written in
    ``text``, after the cell before it (a cell not written there has no span)."""
    spans, cursor = [], 0
    for row in table.rows:
        spans.append([])
        for cell in row:
            at = text.find(cell, cursor) if cell else -1
            spans[-1].append([at, at + len(cell)] if at >= 0 else None)
            cursor = at + len(cell) if at >= 0 else cursor
    return Table(table.document_id, table.page, table.index, table.header, table.rows, spans)


def test_row_becomes_person_with_attributes():
    page = Page("d", 1, "text", TEXT)
    mentions = table_mentions([_spanned(Table("d", 1, 0, HEADER, [ROW]), TEXT)], {1: page})
    person = [m for m in mentions if m.type == "PERSON"][0]
    assert person.source == "table" and person.name == "Helen Brandt"
    assert person.attributes == {
        "titles": ["Mayor"],
        "organisation": "Town of Kestrel Bay",
        "place": "Halifax",
        "city": "Halifax",
        "country": "CA",
        "email": "helen.brandt@kb.example",
        "phone": "+19025550117",
    }
    assert {m.type for m in mentions} == {"PERSON", "ORG", "PLACE", "EMAIL", "PHONE"}
    for m in mentions:
        assert TEXT[m.start : m.end] == m.text


def test_roles_from_content_without_header():
    roles = column_roles(Table("d", 1, 0, None, [ROW, ROW]))
    assert roles.columns["email"] == 5 and roles.columns["phone"] == 6 and roles.columns["name"] == 0


def test_low_confidence_flag():
    # the flag is set when the row's mentions are made, from the page's uncertain OCR words
    helen = TEXT.index("Helen")
    page = Page("d", 1, "ocr", TEXT, uncertain=((helen, helen + 5),))
    mentions = table_mentions([_spanned(Table("d", 1, 0, HEADER, [ROW]), TEXT)], {1: page})
    assert [m.low_confidence for m in mentions if m.type == "PERSON"] == [True]
    assert not any(m.low_confidence for m in mentions if m.type != "PERSON")


def test_ner_spans_fused_across_table_cells_are_dropped():
    from extractors.normalize.table_rows import drop_overlapped, table_mentions
    from extractors.records import Mention, Page, Table

    text = "Memo from Harbourview.\nName Title Organisation\nFiona MacLeod Head of Trade Clyde Investment Board\n"
    page = Page("d", 1, "text", text)
    table = Table(
        "d", 1, 0, ["Name", "Title", "Organisation"], [["Fiona MacLeod", "Head of Trade", "Clyde Investment Board"]]
    )
    rows = table_mentions([_spanned(table, text)], {1: page})
    assert {m.type for m in rows} >= {"PERSON", "ORG"}

    def ner(fragment, type_):
        start = text.index(fragment)
        return Mention("d", 1, start, start + len(fragment), fragment, type_, "ner", type_, name=fragment)

    fused = ner("Fiona MacLeod Head of", "ORG")
    outside = ner("Harbourview", "ORG")
    kept = drop_overlapped([fused, outside], rows)
    assert kept == [outside]


def test_issue_email_cells_misread_by_ocr():
    from extractors.normalize.table_rows import repair_email

    assert repair_email("gareth.lewis©heda.example") == "gareth.lewis@heda.example"
    assert repair_email("amelie.gagnon(@laurentian-trade.example") == "amelie.gagnon@laurentian-trade.example"
    assert repair_email("sunil.mehta @fraserdelta example") == "sunil.mehta@fraserdelta.example"
    assert repair_email("hemi.walker otaraia.example") == "hemi.walker@otaraia.example"
    assert repair_email("farah.naqvi@riup,example.") == "farah.naqvi@riup.example"
    assert repair_email("Email") is None and repair_email("a@b") is None and repair_email("x@y@z.org") is None


def test_issue_phone_plus_read_as_four():
    from extractors.normalize.table_rows import repair_phone

    assert repair_phone("492.42. 3555 0263", region="PK") == "+924235550263"
    assert repair_phone("+1 902 555 0155") == "+19025550155"
    assert repair_phone("4 55 12") is None


def test_issue_header_misread_by_ocr():
    """'Neme' is Name; a label OCR lost entirely ('Mite') gets its role from the column's cells."""
    from extractors.normalize.table_rows import header_role

    assert header_role("|Neme") == "name" and header_role("Emall") == "email" and header_role("Phone 5") == "phone"
    assert header_role("Mite") is None
    header = ["|Neme", "Mite", "Organisation", "City", "Country", "Emall", "Phone"]
    rows = [
        ROW,
        ["Bo Chan", "Director of Trade", "Port Agency", "Halifax", "Canada", "bo©kb.example", "+1 902 555 0118"],
    ]
    page = Page("d", 1, "ocr", TEXT + "Bo Chan ...\n")
    table = _spanned(Table("d", 1, 0, header, rows), page.text)
    mentions = table_mentions([table], {1: page})
    people = {m.name: m.attributes for m in mentions if m.type == "PERSON"}
    assert people["Helen Brandt"]["titles"] == ["Mayor"] and people["Bo Chan"]["titles"] == ["Director of Trade"]
    assert people["Bo Chan"]["email"] == "bo@kb.example"


from tests.conftest import CORPUS  # noqa: E402


@__import__("pytest").mark.slow
def test_issue_scanned_list_rows_become_people():
    """Every row of the scanned officials table (22, over two pages) is one PERSON record with the
    attributes the text version of such a list gives."""
    import shutil

    import pytest

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract missing")
    from extractors.batch.pipeline import process_files
    from extractors.hashing import file_sha256
    from extractors.records import SourceFile
    from extractors.settings import Settings

    path = CORPUS / "scanned_list.pdf"
    _, mentions, entities = process_files([SourceFile(path, path.name, file_sha256(path)[0])], settings=Settings())
    from_rows = {m["entity_id"] for m in mentions if m["source"] == "table" and m["type"] == "PERSON"}
    people = [e for e in entities if e.id in from_rows]
    assert len(people) == 22
    keys = ("titles", "organisation", "place", "email", "phone")
    complete = [e for e in people if all(k in e.attributes for k in keys)]
    assert len(complete) >= 19, [(e.name, sorted(e.attributes)) for e in people if e not in complete]
    emails = {e.attributes.get("email") for e in people}
    assert {"gareth.lewis@heda.example", "ingrid.solberg@vestkyst.example", "m.krueger@isarvalley.example"} <= emails


def test_given_and_family_name_columns_make_one_person_per_row():
    text = "First name\tLast name\tCompany\tE-mail\nHelen\tBrandt\tHarbourview Logistics Ltd\thelen@hv.example\n"
    page = Page("d", 1, "text", text)
    table = _spanned(
        Table("d", 1, 0, ["First name", "Last name", "Company", "E-mail"], [text.splitlines()[1].split("\t")]), text
    )
    [person] = [m for m in table_mentions([table], {1: page}) if m.type == "PERSON"]
    assert person.name == "Helen Brandt" and person.text == "Helen\tBrandt" == text[person.start : person.end]
    assert person.attributes["organisation"] == "Harbourview Logistics Ltd"
    assert person.attributes["email"] == "helen@hv.example"


def test_issue_staff_list_in_a_workbook(tmp_path):
    """A staff list in Excel yields one PERSON per row, with company, e-mail and phone."""
    from extractors.batch.discover import source_for
    from extractors.batch.pipeline import process_files
    from extractors.settings import Settings
    from tests.extractors.read.test_spreadsheet import staff_workbook

    path = staff_workbook(tmp_path / "staff.xlsx")
    _, _, entities = process_files([source_for(path)], settings=Settings())
    people = {e.name: e.attributes for e in entities if e.type == "PERSON"}
    assert set(people) == {"Helen Brandt", "Priya Raman"}
    assert people["Helen Brandt"]["organisation"] == "Harbourview Logistics Ltd"
    assert people["Helen Brandt"]["phone"] == "+19025550143"
    assert people["Priya Raman"]["email"] == "p.raman@kestrelbay.example"


def test_issue_staff_list_in_a_csv(tmp_path):
    """A staff list as a spreadsheet export yields one PERSON per row, with company and e-mail."""
    from extractors.batch.discover import source_for
    from extractors.batch.pipeline import process_files
    from extractors.settings import Settings

    path = tmp_path / "staff.csv"
    path.write_text(
        "First name,Last name,Company,E-mail,Phone\n"
        "Helen,Brandt,Harbourview Logistics Ltd,helen.brandt@harbourview.example,+1 902 555 0143\n"
        "Priya,Raman,Kestrel Bay Council,p.raman@kestrelbay.example,+1 902 555 0178\n"
        "Tomas,Okafor,Bluewater Dredging,t.okafor@bluewater.example,\n",
        encoding="utf-8",
    )
    _, mentions, entities = process_files([source_for(path)], settings=Settings())
    people = {e.name: e.attributes for e in entities if e.type == "PERSON"}
    assert set(people) == {"Helen Brandt", "Priya Raman", "Tomas Okafor"}
    assert people["Priya Raman"]["organisation"] == "Kestrel Bay Council"
    assert people["Priya Raman"]["email"] == "p.raman@kestrelbay.example"
    assert people["Helen Brandt"]["phone"] == "+19025550143"
    assert all(m["source"] == "table" for m in mentions if m["type"] == "PERSON")


def test_display_names_beside_an_address_are_kept_as_written():
    from extractors.read.delimited import written_table

    written = written_table(
        [
            ["Name", "E-mail", "Seen as"],
            ["Nicolas1 23456", "nicolas1.23456@free.example", "from"],
            ["Tests Chang@FT (張毓倫)", "tests.chang@ft.example", "to"],
            ["12345", "digits@example.org", "cc"],
            ["Lone Name 99", "", "bcc"],
        ]
    )
    page = Page("d" * 64, 1, "text", written.text)
    table = Table(page.document_id, 1, 0, written.header, written.rows, written.spans)
    people = {m.name: m.attributes for m in table_mentions([table], {1: page}) if m.type == "PERSON"}
    assert people == {
        "Nicolas1 23456": {"email": "nicolas1.23456@free.example"},
        "Tests Chang@FT (張毓倫)": {"email": "tests.chang@ft.example"},
    }


def test_chinese_list_of_foreign_officials_rows_become_people():
    """The seed case: a Chinese municipal list, headers in Chinese, names in Latin or Chinese script."""
    text = (
        "姓名 职务 工作单位 国家 联系电话\n"
        "John Smith 市长 Springfield City Council 美国 +1 217 555 0101\n"
        "纳希德·年希 副市长 喀布尔市政府 阿富汗 +93 20 210 1234\n"
    )
    header = ["姓名", "职务", "工作单位", "国家", "联系电话"]
    rows = [
        ["John Smith", "市长", "Springfield City Council", "美国", "+1 217 555 0101"],
        ["纳希德·年希", "副市长", "喀布尔市政府", "阿富汗", "+93 20 210 1234"],
    ]
    table = _spanned(Table("d", 1, 0, header, rows), text)
    assert column_roles(table).columns == {"name": 0, "title": 1, "organisation": 2, "country": 3, "phone": 4}
    people = {
        m.name: m.attributes for m in table_mentions([table], {1: Page("d", 1, "text", text)}) if m.type == "PERSON"
    }
    assert people["John Smith"]["country"] == "US" and people["John Smith"]["titles"] == ["市长"]
    assert people["纳希德·年希"] == {
        "titles": ["副市长"],
        "organisation": "喀布尔市政府",
        "country": "AF",
        "phone": "+93202101234",
    }


def test_header_words_in_chinese_russian_and_german():
    from extractors.normalize.table_rows import header_role

    cases = {
        "姓名": "name", "職務": "title", "所在单位": "organisation", "国籍": "country", "手机": "phone",
        "电子邮箱": "email", "城市": "place", "姓": "family_name", "名": "given_name", "序号": None,
        "ФИО": "name", "Должность": "title", "Телефон": "phone", "Vorname": "given_name",
        "Nachname": "family_name", "Funktion": "title", "Dienststelle": "organisation",
    }  # fmt: skip
    assert {cell: header_role(cell) for cell in cases} == cases


def test_country_column_in_chinese_found_without_a_header():
    rows = [["John Smith", "美国", "+1 217 555 0101"], ["Marie Dubois", "法国", "+33 4 72 10 30 30"]]
    roles = column_roles(Table("d", 1, 0, None, rows)).columns
    assert roles["country"] == 1 and roles["phone"] == 2


def test_ner_mentions_in_a_header_line_are_dropped():
    from extractors.normalize.table_rows import drop_in_headers
    from extractors.records import Mention

    text = "Список делегатов\nФИО Должность Организация Страна\nИван Петров мэр Администрация города Казани Россия\n"
    rows = [["Иван Петров", "мэр", "Администрация города Казани", "Россия"]]
    table = _spanned(Table("d", 1, 0, ["ФИО", "Должность", "Организация", "Страна"], rows), text)
    header_org = text.index("Организация Страна")
    mentions = [
        Mention.on_page(Page("d", 1, "text", text), header_org, header_org + 18, type="ORG", source="ner"),
        Mention.on_page(Page("d", 1, "text", text), 0, 6, type="ORG", source="ner"),  # above the header
    ]
    kept = drop_in_headers(mentions, [table], {1: Page("d", 1, "text", text)})
    assert [m.text for m in kept] == ["Список"]
