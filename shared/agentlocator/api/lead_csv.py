"""CSV files of leads, both ways (pure: text in, rows out; rows in, bytes out).

Reading: the header row is matched to lead fields by the names people use (texts_he.CSV_COLUMNS);
each row is checked with the same rules as the lead form, so a row's errors read exactly like the
form's ("חדרים: עד 20"). Writing: UTF-8 with a byte-order mark, which is what makes Excel open
Hebrew CSV files correctly; cells that a spreadsheet would run as a formula are quoted with '.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from agentlocator.api.schemas.leads import LeadFields
from agentlocator.api.texts_he import (
    CSV_COLUMNS,
    CSV_PHONE_REQUIRED,
    PHONE_INVALID,
    validation_message,
)
from agentlocator.crm.vocabulary import DEAL_TYPE_HE, PROPERTY_TYPE_HE
from agentlocator.errors import InvalidPhoneNumber
from agentlocator.phones import normalize_phone

MAX_ROWS = 2000
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TAG_SPLIT = re.compile(r"[,;|]")
_BY_LABEL = {label.casefold(): name for name, labels in CSV_COLUMNS.items() for label in labels}
_DEAL_BY_HE = {he: code for code, he in DEAL_TYPE_HE.items()} | {"קניה": "buy"}
# Other words people write, and the labels files exported before the labels were unified.
_PROPERTY_BY_HE = {he: code for code, he in PROPERTY_TYPE_HE.items()} | {
    "בית": "house",
    "פנטהאוס": "penthouse",
    "נכס מסחרי": "commercial",
    "קרקע": "land",
}


@dataclass
class ParsedRow:
    row: int  # line in the file; the header is line 1
    phone: str | None
    name: str | None
    details: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column as named, Hebrew)


@dataclass
class ParsedFile:
    columns: dict[str, str | None]  # header → field (None: ignored)
    rows: list[ParsedRow]


class CsvUnreadable(ValueError):
    """The file cannot be imported; ``reason`` says why (a key of texts_he.BY_REASON)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def read_leads_csv(text: str) -> ParsedFile:
    try:
        return _read(text)
    except csv.Error as exc:  # e.g. a field longer than the csv module's limit
        raise CsvUnreadable("csv_unreadable", str(exc)) from exc


def _read(text: str) -> ParsedFile:
    text = text.removeprefix(BOM)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise CsvUnreadable("csv_unreadable", "empty file")
    fields = [_BY_LABEL.get(h.strip().casefold()) for h in header]
    columns = {h.strip(): f for h, f in zip(header, fields, strict=True)}
    if "phone" not in fields:
        raise CsvUnreadable("csv_no_phone", "no phone column")
    label_of = {f: h.strip() for h, f in zip(header, fields, strict=True) if f}
    rows: list[ParsedRow] = []
    for index, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise CsvUnreadable("csv_too_many_rows", f"more than {MAX_ROWS} rows")
        values = {
            f: cell.strip() for f, cell in zip(fields, cells, strict=False) if f and cell.strip()
        }
        rows.append(_row(index, values, label_of))
    return ParsedFile(columns, rows)


def _row(index: int, values: dict[str, str], label_of: dict[str, str]) -> ParsedRow:
    parsed = ParsedRow(row=index, phone=None, name=values.get("name"))
    raw_phone = values.pop("phone", None)
    if raw_phone is None:
        parsed.errors.append((label_of["phone"], CSV_PHONE_REQUIRED))
    else:
        try:
            parsed.phone = normalize_phone(raw_phone)
        except InvalidPhoneNumber:
            parsed.errors.append((label_of["phone"], PHONE_INVALID))
    if "tags" in values:
        parsed.tags = [t.strip() for t in _TAG_SPLIT.split(values.pop("tags")) if t.strip()]
    if "deal_type" in values:
        values["deal_type"] = _DEAL_BY_HE.get(values["deal_type"], values["deal_type"])
    if "property_type" in values:
        text = values["property_type"]
        values["property_type"] = _PROPERTY_BY_HE.get(text, text)
    if "budget" in values:
        values["budget"] = re.sub(r"[,\s₪]", "", values["budget"])
    data: dict[str, Any] = dict(values)
    if parsed.tags:
        data["tags"] = parsed.tags
    try:
        checked = LeadFields.model_validate(data, strict=False)  # a CSV cell is always text
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "row"
            message = validation_message(name, error["type"], error.get("ctx"))
            parsed.errors.append((label_of.get(name, name), message))
        return parsed
    parsed.details = checked.model_dump(exclude_none=True, exclude={"tags", "assigned_agent_id"})
    return parsed


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_safe_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def _safe_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
