"""The bundled sample market snapshot (package data): offline work and ``hedgebook demo``.

Clearly labelled sample data, not market prices: BTC 60 000 and ETH 3 000 so
that the README's worked example comes out exactly.
"""

from __future__ import annotations

import json
from importlib import resources

from ..core.dates import to_utc
from .snapshot import MarketSnapshot
from .table import TIME_COLUMNS, make_row, to_table

SAMPLE_FILE = "sample_market.json"
SAMPLE_LABEL_START = "SAMPLE DATA"
"""How the sample's label begins (a workbook built before ``Start_Sample`` is known as sample by it)."""


def load_sample() -> MarketSnapshot:
    """The bundled sample snapshot, labelled ``"SAMPLE DATA: made-up prices, not from any market; dated <time>"``.

    Returns
    -------
    MarketSnapshot
        ``fetched_at`` is the sample's as-of time; every row's ``updated_at`` too; ``sample`` is True.
    """
    document = json.loads(resources.files(__package__).joinpath("data", SAMPLE_FILE).read_text(encoding="utf-8"))
    as_of = to_utc(document["as_of"])
    rows = []
    for record in document["rows"]:
        fields = dict(record)
        for key in TIME_COLUMNS:
            fields[key] = to_utc(fields.get(key) or None)
        fields["updated_at"] = fields["updated_at"] or as_of
        rows.append(make_row(**fields))
    label = f"{document['label']}; dated {as_of:%Y-%m-%d %H:%M} UTC"
    return MarketSnapshot(table=to_table(rows), fetched_at=as_of, label=label, sample=True)
