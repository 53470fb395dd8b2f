"""The report's tables as CSV files (one per table) and as one XLSX workbook (one sheet per table).

CSV is written UTF-8 with a byte-order mark, so that Excel opens Indonesian text correctly; numbers
stay numbers. The workbook is written in openpyxl's write-only mode, so a 100,000-case sheet streams
to disk instead of building in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .tables import Table


def write_csv(tables: Sequence[Table], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / f"{table.id}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(table.columns)
            writer.writerows(["" if v is None else v for v in row] for row in table.rows)
        written.append(path)
    return written


def write_xlsx(tables: Sequence[Table], path: Path, rate_headers: set[str]) -> Path:
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE3EA")
    for table in tables:
        ws = wb.create_sheet(title=table.id[:31])
        ws.freeze_panes = "A2"
        widths = [min(60, max(10, len(c) + 2)) for c in table.columns]
        for row in table.rows[:200]:
            for i, v in enumerate(row):
                if isinstance(v, str):
                    widths[i] = min(60, max(widths[i], len(v) + 2))
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        header = []
        for c in table.columns:
            cell = WriteOnlyCell(ws, value=c)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        ws.append(header)
        rate_cols = {i for i, c in enumerate(table.columns) if c in rate_headers}
        for row in table.rows:
            if rate_cols:
                cells: list[object] = []
                for i, v in enumerate(row):
                    cell = WriteOnlyCell(ws, value=v)
                    if i in rate_cols:
                        cell.number_format = "0.0%"
                    cells.append(cell)
                ws.append(cells)
            else:
                ws.append(list(row))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
