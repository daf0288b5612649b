"""Party names: the United Nations' short names where they differ from ISO 3166's, and the variants lists use.

pycountry supplies every ISO 3166-1 country with its ISO name, common name and official name; this module
adds what it lacks: the European Union (a regional economic integration organization with no ISO code) and
the name variants the conventions' lists write.
"""

from __future__ import annotations

EUROPEAN_UNION = {"code": "EUU", "alpha2": "EU", "name": "European Union", "kind": "reio"}

# The name the conventions (as United Nations treaties) use, by alpha-3 code, where ISO 3166 words it
# otherwise.
UN_NAMES: dict[str, str] = {
    "BOL": "Bolivia (Plurinational State of)",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia (Federated States of)",
    "GBR": "United Kingdom of Great Britain and Northern Ireland",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "MDA": "Republic of Moldova",
    "NLD": "Netherlands (Kingdom of the)",
    "PRK": "Democratic People's Republic of Korea",
    "PSE": "State of Palestine",
    "TZA": "United Republic of Tanzania",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "TUR": "Türkiye",
    "CZE": "Czechia",
    "CIV": "Côte d'Ivoire",
    "SWZ": "Eswatini",
    "MKD": "North Macedonia",
    "VNM": "Viet Nam",
    "LAO": "Lao People's Democratic Republic",
    "SYR": "Syrian Arab Republic",
    "RUS": "Russian Federation",
    "USA": "United States of America",
    "CPV": "Cabo Verde",
    "BRN": "Brunei Darussalam",
    "VAT": "Holy See",
    "TWN": "Taiwan",
}

# Further variants, by alpha-3 code. Case, accents, punctuation and spacing need no entry: look-ups fold them.
ALIASES: dict[str, tuple[str, ...]] = {
    "EUU": ("European Union", "European Community", "EU", "European Union (EU)", "European Commission"),
    "TUR": ("Turkey", "Turkiye", "Republic of Türkiye", "Republic of Turkey"),
    "CZE": ("Czech Republic",),
    "CIV": ("Ivory Coast", "Cote d'Ivoire"),
    "SWZ": ("Swaziland", "Kingdom of Eswatini"),
    "MKD": (
        "Macedonia",
        "Republic of North Macedonia",
        "The former Yugoslav Republic of Macedonia",
        "Former Yugoslav Republic of Macedonia",
    ),
    "NLD": (
        "Netherlands",
        "The Netherlands",
        "Holland",
        "Kingdom of the Netherlands",
        "Netherlands, Kingdom of the",
    ),
    "KOR": ("Korea, Republic of", "South Korea", "Korea (Republic of)", "Korea"),
    "PRK": ("North Korea", "Korea, Democratic People's Republic of", "DPR Korea"),
    "TZA": ("Tanzania", "Tanzania, United Republic of"),
    "BOL": ("Bolivia", "Plurinational State of Bolivia"),
    "VEN": ("Venezuela", "Bolivarian Republic of Venezuela"),
    "IRN": ("Iran", "Islamic Republic of Iran"),
    "MDA": ("Moldova", "Moldova, Republic of"),
    "FSM": ("Micronesia", "Federated States of Micronesia"),
    "GBR": ("United Kingdom", "UK", "Great Britain", "Britain"),
    "USA": ("United States", "USA", "US", "United States of America (the)"),
    "RUS": ("Russia",),
    "VNM": ("Vietnam",),
    "LAO": ("Laos", "Lao PDR"),
    "SYR": ("Syria",),
    "CPV": ("Cape Verde",),
    "COD": (
        "DR Congo",
        "Congo, The Democratic Republic of the",
        "Democratic Republic of Congo",
        "Congo-Kinshasa",
    ),
    "COG": ("Republic of the Congo", "Congo-Brazzaville", "Congo (Republic of the)"),
    "GMB": ("The Gambia", "Gambia (the)", "Gambia, The"),
    "BHS": ("The Bahamas", "Bahamas (the)", "Bahamas, The"),
    "MMR": ("Burma",),
    "PSE": ("Palestine", "Palestine, State of"),
    "VAT": ("Vatican", "Vatican City"),
    "BRN": ("Brunei",),
    "STP": ("Sao Tome and Principe", "São Tomé and Príncipe"),
    "KNA": ("Saint Kitts and Nevis", "St. Kitts and Nevis"),
    "LCA": ("St. Lucia",),
    "VCT": ("St. Vincent and the Grenadines",),
    "TLS": ("East Timor", "Timor Leste"),
    "NER": ("Niger (the)",),
    "SDN": ("Sudan (the)",),
    "PHL": ("Philippines (the)",),
    "DOM": ("Dominican Republic (the)",),
    "ARE": ("UAE", "United Arab Emirates (the)"),
    "LBY": ("Libyan Arab Jamahiriya",),
    "CHE": ("Swiss Confederation",),
}
