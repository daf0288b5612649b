"""The person of the sources' test rows: Dr. Amina WANJIKU of NEMA, Kenya, as each list writes her."""

from __future__ import annotations

import datetime as dt
from typing import Any

# What the Basel and the Rotterdam test rows write alike, and their records keep as written.
WRITTEN_ALIKE: dict[str, Any] = {
    "position": "Director",
    "organization": "NEMA",
    "phones": "+254 20 000",
    "emails": "a@nema.example",
    "designated_on": dt.date(2024, 3, 1),
}
