"""Reading and writing lead CSV files (pure: no storage)."""

from __future__ import annotations

import csv
import io

import pytest

from agentlocator.api.lead_csv import MAX_ROWS, CsvUnreadable, read_leads_csv, write_csv


def test_hebrew_or_english_headers_any_delimiter_and_a_bom() -> None:
    parsed = read_leads_csv(
        "\ufeffPhone;Full Name;Rooms;סוג נכס;Other\n050-1234567;Ruth;4;דירת גן;x\n"
    )
    assert parsed.columns == {"Phone": "phone", "Full Name": "name", "Rooms": "rooms",
                              "סוג נכס": "property_type", "Other": None}  # fmt: skip
    (row,) = parsed.rows
    assert (row.row, row.phone, row.errors) == (2, "+972501234567", [])
    assert row.details == {"name": "Ruth", "rooms": 4.0, "property_type": "garden_apartment"}


def test_each_row_says_what_is_wrong_in_hebrew_under_the_files_own_column_names() -> None:
    parsed = read_leads_csv('טלפון,חדרים,אימייל,תגיות\n,3.3,not-mail,"a,b"\n\n052-1234567,2,,\n')
    first, second = parsed.rows
    assert first.errors == [("טלפון", "טלפון: שדה חובה"), ("חדרים", "חדרים: מספר שלם או חצי"),
                            ("אימייל", "אימייל: הערך אינו בפורמט הנכון")]  # fmt: skip
    assert second.row == 4 and not second.errors  # the blank line is skipped, numbering kept


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "csv_unreadable"),
        ("שם,עיר\nרות,חיפה\n", "csv_no_phone"),
        ("טלפון\n" + "050-1234567\n" * (MAX_ROWS + 1), "csv_too_many_rows"),
        ('טלפון,שם\n050-1234567,"' + "א" * 200_000 + '"\n', "csv_unreadable"),
    ],
)
def test_files_that_cannot_be_imported_say_why(text: str, reason: str) -> None:
    with pytest.raises(CsvUnreadable) as caught:
        read_leads_csv(text)
    assert caught.value.reason == reason


def test_export_is_utf8_with_bom_and_never_a_formula() -> None:
    data = write_csv(["שם", "חדרים"], [["=1+1", 4.0], ["@SUM(A1)", None], ["-3", 3.5]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["שם", "חדרים"], ["'=1+1", "4"], ["'@SUM(A1)", ""], ["'-3", "3.5"]]


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("מגרש", "land"),
        ("מסחרי", "commercial"),
        ("קרקע", "land"),  # what the export wrote before the labels were defined once
        ("נכס מסחרי", "commercial"),  # Leah's old word for it
    ],
)
def test_property_type_labels_old_and_new_read_back(label: str, value: str) -> None:
    (row,) = read_leads_csv(f"טלפון,סוג נכס\n050-1234567,{label}\n").rows
    assert row.errors == [] and row.details == {"property_type": value}
