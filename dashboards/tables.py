"""A dashboard table: what the page shows, what a chart is drawn from, and what CSV and XLSX
exports contain — one structure, so the three never disagree. Every number may carry the
address of the records it counts."""

import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font


@dataclass(frozen=True)
class Cell:
    value: object  # int, float, str or None
    url: str = ""
    note: str = ""  # a short qualifier shown under the value (e.g. "overdue by 40 days")
    emphasis: bool = False  # shown in bold and, with a tag, as a problem

    @property
    def numeric(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)

    @property
    def exported(self):
        """The value as CSV and XLSX exports hold it: a number rounded as the page shows it
        (one decimal place for ratios and percentages), never 49.421052631578945; text with its
        note, which says what the page shows under it (the oldest overdue item's offender and
        days overdue)."""
        if isinstance(self.value, float):
            return round(self.value, 1)
        if isinstance(self.value, str) and self.note:
            return f"{self.value}; {self.note}"
        return self.value

    @property
    def text(self) -> str:
        if self.value is None:
            return "–"
        if isinstance(self.value, float):
            return f"{self.value:,.1f}"
        if isinstance(self.value, int) and not isinstance(self.value, bool):
            return f"{self.value:,}"
        return str(self.value)


@dataclass(frozen=True)
class Row:
    header: Cell
    cells: list[Cell]


@dataclass
class Table:
    """`key` names the table in export addresses (?export=<key>&format=csv)."""

    key: str
    caption: str
    columns: list[str]  # the row header's column first
    rows: list[Row] = field(default_factory=list)
    description: str = ""
    chart: str = ""  # "bars": the first numeric column; "line": every numeric column
    offender_ids: list[int] = field(default_factory=list)  # offenders the table names (for the s62 log)

    def add(self, header, cells) -> None:
        header = header if isinstance(header, Cell) else Cell(header)
        self.rows.append(Row(header=header, cells=[c if isinstance(c, Cell) else Cell(c) for c in cells]))

    def plain_rows(self) -> list[list]:
        """The rows as exports hold them (`Cell.exported`)."""
        return [[row.header.exported, *[cell.exported for cell in row.cells]] for row in self.rows]

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.columns)
        for values in self.plain_rows():
            writer.writerow([_safe_for_spreadsheets(value) for value in values])
        return out.getvalue()

    def xlsx(self) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.key[:31]
        sheet.append([self.caption])
        sheet["A1"].font = Font(bold=True)
        sheet.append(self.columns)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for values in self.plain_rows():
            sheet.append([_safe_for_spreadsheets(value) for value in values])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    def bars(self) -> list[tuple[str, int | float, float]]:
        """(label, value, width %) for a bar chart of the first numeric column."""
        values = [(row.header.text, next((c.value for c in row.cells if c.numeric), 0)) for row in self.rows]
        top = max((value for _, value in values), default=0) or 1
        return [(label, value, 100 * value / top) for label, value in values]

    def lines(self) -> dict:
        """Points of an SVG line chart: one polyline per column, rows along the x axis."""
        numeric_columns = [
            i
            for i in range(len(self.columns) - 1)
            if all(row.cells[i].numeric for row in self.rows if row.cells)
        ]
        top = max((row.cells[i].value for row in self.rows for i in numeric_columns), default=0) or 1
        count = max(len(self.rows) - 1, 1)
        series = []
        for i in numeric_columns:
            points = " ".join(
                f"{20 + 560 * n / count:.1f},{180 - 160 * row.cells[i].value / top:.1f}"
                for n, row in enumerate(self.rows)
            )
            series.append({"label": self.columns[i + 1], "points": points, "index": len(series)})
        return {
            "series": series,
            "top": top,
            "first": self.rows[0].header.text if self.rows else "",
            "last": self.rows[-1].header.text if self.rows else "",
        }


def _safe_for_spreadsheets(value):
    """Text that a spreadsheet would run as a formula is prefixed so it stays text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
