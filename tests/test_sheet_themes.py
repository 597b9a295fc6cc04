"""``sheet_themes``: the cheap look at a file that orders and batches a load (parents
first). An xlsx file's themes are its sheets' names as the workbook part lists them,
read without opening a sheet; the file's own reading checks it fully later."""

from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from jbr.deliveries.read import sheet_themes
from jbr.deliveries.workbook import listed_sheet_names


def _workbook(path, names):
    book = Workbook()
    book.active.title = names[0]
    for name in names[1:]:
        book.create_sheet(name)
    book.save(path)
    return path


def test_theme_sheets_in_workbook_order_trimmed_and_lower_case(tmp_path):
    path = _workbook(tmp_path / "levering.xlsx", ["Toelichting", "Personeel ", "WOO_verzoeken"])
    # "Toelichting" is no theme; names are matched trimmed and in lower case
    assert sheet_themes(path) == ["personeel", "woo_verzoeken"]


def test_names_with_markup_characters_are_read_back(tmp_path):
    # openpyxl writes "R&D <2024>" escaped in workbook.xml (&amp; &lt; &gt;)
    path = _workbook(tmp_path / "x.xlsx", ["R&D <2024>", "energie"])
    assert listed_sheet_names(path) == ["R&D <2024>", "energie"]
    assert sheet_themes(path) == ["energie"]


def test_a_file_that_is_no_workbook_has_no_themes(tmp_path):
    path = tmp_path / "kapot.xlsx"
    path.write_text("dit is geen zip-archief", encoding="utf-8")
    assert listed_sheet_names(path) == []
    assert sheet_themes(path) == []


def test_a_csv_files_theme_comes_from_its_name(tmp_path):
    path = tmp_path / "vliegreizen_2024.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    assert sheet_themes(path) == ["vliegreizen"]


def _raw_workbook(path, sheets_xml: bytes, compress_type: int = zipfile.ZIP_STORED):
    """A zip with only a workbook part and its relations: what the names are read from."""
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="x">'
        b'<Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
        b'<Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>'
    )
    book = (
        b'<?xml version="1.0"?><workbook xmlns:r="r"><sheets>'
        + sheets_xml
        + b"</sheets></workbook>"
    )
    with zipfile.ZipFile(path, "w", compress_type) as archive:
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/workbook.xml", book)
    return path


@pytest.mark.parametrize(
    ("sheets_xml", "names", "why"),
    [
        (b'<sheet name="personeel\'s" r:id="rId1"/>', ["personeel's"], "an apostrophe in a name"),
        (b"<sheet name='a \"b\"' r:id='rId1'/>", ['a "b"'], "single quotes around double"),
        (b'<sheet name="a > b" r:id="rId1"/><sheet name="energie" r:id="rId2"/>',
         ["a > b", "energie"], "a raw > inside a quoted value"),
        (b'<sheet name="caf&#233; &amp; &#x4F;" r:id="rId1"/>', ["café & O"], "references"),
        (b'<sheet name="x" r:id="rId9"/>', [], "a sheet without a relation"),
    ],
)  # fmt: skip
def test_names_are_read_as_xml_writes_them(tmp_path, sheets_xml, names, why):
    path = _raw_workbook(tmp_path / "x.xlsx", sheets_xml)
    assert listed_sheet_names(path) == names, why


def test_a_compression_zipfile_cannot_read_gives_no_themes(tmp_path):
    """Deflate64 (method 9), as Windows' own zip tool writes big files: zipfile cannot
    inflate it (NotImplementedError); the guess is empty, and reading the file says why."""
    path = _raw_workbook(tmp_path / "x.xlsx", b'<sheet name="personeel" r:id="rId1"/>')
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):  # local, central
        at = data.find(signature)
        while at != -1:
            data[at + offset : at + offset + 2] = (9).to_bytes(2, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive, pytest.raises(NotImplementedError):
        archive.read("xl/workbook.xml")  # the case this test is about
    assert sheet_themes(path) == []
