"""``sheet_themes``: the cheap look at a file that orders and batches a load (parents
first). An xlsx file's themes are its sheets' names as the workbook part lists them,
read without opening a sheet; the file's own reading checks it fully later."""

from __future__ import annotations

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


def test_names_with_markup_characters_are_read_as_the_user_typed_them(tmp_path):
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
