"""A stand-in for the part of xlwings' Book API that Refresh uses, over an openpyxl workbook in memory.

Cells are 1-based as in xlwings; ``book.names[name].refers_to`` gives the
defined name's reference as Excel does (``='Sheet'!$A$1:$A$2``).
"""


def _refuse_part_of_an_array(sheet, first, last):
    """Excel refuses to write into an array formula's block ("You can't change part of an array"): so does this."""
    from openpyxl.utils.cell import range_boundaries

    for ref in getattr(sheet, "standin_arrays", ()):
        c1, r1, c2, r2 = range_boundaries(ref)
        if not (last[0] < r1 or first[0] > r2 or last[1] < c1 or first[1] > c2):
            raise RuntimeError(f"You can't change part of an array: {sheet.title}!{ref}")


class Range:
    def __init__(self, sheet, first, last=None, ndim=None, pending=None):
        self.sheet, self.first, self.last, self.ndim, self.pending = sheet, first, last or first, ndim, pending

    def options(self, ndim=None):
        return Range(self.sheet, self.first, self.last, ndim, self.pending)

    @property
    def row(self):
        return self.first[0]

    @property
    def value(self):
        (r1, c1), (r2, c2) = self.first, self.last
        cells = [[self.sheet.cell(r, c).value for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        return cells if self.last != self.first or self.ndim == 2 else cells[0][0]

    @value.setter
    def value(self, data):
        if self.pending is not None:  # xlwings Lite: written when the script ends
            self.pending.append(lambda: self._write(data))
        else:
            self._write(data)

    def _write(self, data):
        r1, c1 = self.first
        rows = data if isinstance(data, list) else [[data]]
        last = (r1 + len(rows) - 1, c1 + max((len(line) for line in rows), default=1) - 1)
        _refuse_part_of_an_array(self.sheet, self.first, last)
        for i, line in enumerate(rows):
            for j, item in enumerate(line):
                self.sheet.cell(r1 + i, c1 + j).value = item

    @property
    def formula(self):
        raise NotImplementedError

    @formula.setter
    def formula(self, rows):
        self.value = rows  # openpyxl keeps a text beginning with "=" as a formula

    def clear_contents(self):
        if self.pending is not None:
            self.pending.append(self._clear)
        else:
            self._clear()

    def _clear(self):
        _refuse_part_of_an_array(self.sheet, self.first, self.last)
        (r1, c1), (r2, c2) = self.first, self.last
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self.sheet.cell(r, c).value = None

    @property
    def last_cell(self):
        return Range(self.sheet, self.last)

    def end(self, direction):
        assert direction == "down"
        r, c = self.first
        while self.sheet.cell(r + 1, c).value not in (None, ""):
            r += 1
        return Range(self.sheet, (r, c), pending=self.pending)


class Sheet:
    def __init__(self, sheet, pending=None):
        self.sheet, self.pending = sheet, pending
        self.name = sheet.title

    def range(self, first, last=None):
        return Range(self.sheet, first, last, pending=self.pending)

    @property
    def used_range(self):
        return Range(self.sheet, (1, 1), (self.sheet.max_row, self.sheet.max_column))


class Sheets(dict):
    def __iter__(self):
        return iter(self.values())


class Name:
    def __init__(self, refers_to):
        self.refers_to = "=" + refers_to


class Names:
    def __init__(self, workbook):
        self.workbook = workbook

    def __contains__(self, name):
        return name in self.workbook.defined_names

    def __getitem__(self, name):
        return Name(self.workbook.defined_names[name].attr_text)


class App:
    def __init__(self):
        self.messages = []

    @property
    def status_bar(self):
        return self.messages[-1] if self.messages else False

    @status_bar.setter
    def status_bar(self, text):
        self.messages.append(text)


class LiteApp:
    """xlwings Lite's app: no status bar (xlwings says "it has no equivalent setting")."""

    @property
    def status_bar(self):
        raise NotImplementedError("status_bar")

    @status_bar.setter
    def status_bar(self, text):
        raise NotImplementedError("status_bar")


def open_workbook(path, deferred=False) -> "Book":
    """The workbook at ``path`` open as Excel holds it: its values, and where its array formulas are."""
    import openpyxl

    values = openpyxl.load_workbook(path, data_only=True)
    for sheet in openpyxl.load_workbook(path):  # data_only drops the formulas, and with them the arrays
        values[sheet.title].standin_arrays = tuple(sheet.array_formulae.values())
    return Book(values, deferred)


class Book:
    """An open workbook as Refresh in Excel sees it.

    ``deferred=True`` is the workbook as a script of xlwings Lite sees it: it reads the values the sheets had
    when the script began, and its writes reach the workbook when the script ends (:meth:`end_script`).
    """

    def __init__(self, workbook, deferred=False):
        self.workbook = workbook
        self.app = LiteApp() if deferred else App()
        self.pending = [] if deferred else None
        self.sheets = Sheets((name, Sheet(workbook[name], self.pending)) for name in workbook.sheetnames)
        self.names = Names(workbook)

    def end_script(self):
        """Apply the writes of a script, in order (xlwings Lite)."""
        for write in self.pending or []:
            write()
        self.pending.clear()

    def values(self):
        """Every non-empty cell's value, by sheet and coordinate (to tell whether anything was written)."""
        return {(sheet.title, cell.coordinate): cell.value for sheet in self.workbook.worksheets
                for row in sheet.iter_rows() for cell in row if cell.value is not None}
