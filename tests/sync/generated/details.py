"""Everything about a contact but the name: offices, positions, addresses, phones, dates.

Phones are real numbers of the party's country (E.164, valid by ``phonenumbers``); e-mail domains are
``<agency>.<alpha-2>.example`` (``<agency>.ec.europa.example`` for the EU), so that no address is real.
"""

from __future__ import annotations

import datetime as dt
import random

import phonenumbers

AGENCIES = ("env", "moe", "menr", "epa", "nema", "health", "agri")
# Office mailboxes that several people of one agency share, as pic@menr.hu.example.
MAILBOXES = ("pic", "pops", "basel", "waste", "chemicals", "info")
TITLES = ("Dr.", "Mr.", "Ms.", "Mrs.", "Prof.", "Eng.", "H.E.")
TITLE_WEIGHTS = (23, 23, 23, 22, 3, 3, 2)
POSITIONS = (
    *("Director", "Deputy Director", "Head of Unit", "Head of Chemicals Section", "Senior Officer"),
    *("Programme Officer", "Technical Adviser", "Chief Environmental Officer", "Registrar of Pesticides"),
    "Permanent Secretary",
)
DEPARTMENTS = (
    *("Department of Pollution Control", "Chemicals and Waste Division", "Hazardous Substances Section"),
    *("Waste Management Unit", "International Cooperation Department", "Plant Protection Directorate"),
    "Directorate of Environmental Quality",
    "",
)
ORGANIZATIONS = (
    *("Ministry of Environment", "Ministry of Health", "Ministry of Agriculture", "Ministry of Industry"),
    *("Environmental Protection Agency", "National Environment Management Authority"),
    *(
        "Ministry of Environment and Natural Resources",
        "Pesticides Control Board",
        "Department of Environment",
    ),
    *("Chemicals Management Office", "Ministry of Foreign Affairs", "Federal Office for the Environment"),
    "Ministry of Ecology",
)
STREETS = {
    "tr": ("Atatürk Bulvarı", "İnönü Caddesi", "Kızılay Sokak", "Çankırı Caddesi"),
    "az": ("Nizami küçəsi", "Azadlıq prospekti", "Üzeyir Hacıbəyov küçəsi"),
    "de": ("Hauptstraße", "Großer Weg", "Schloßallee", "Königsplatz"),
    "el": ("Οδός Ερμού", "Λεωφόρος Αλεξάνδρας", "Πανεπιστημίου"),
    "vi": ("Đường Lê Duẩn", "Phố Tràng Tiền", "Đường Nguyễn Huệ"),
    "ar": ("شارع الملك فهد", "King Fahd Road", "Corniche Street"),
    "zh": ("建国门内大街", "Chang'an Avenue", "人民路"),
    "ru": ("ул. Большая Грузинская", "Тверская улица", "Kutuzovsky Prospekt"),
    "uk": ("вул. Хрещатик", "вулиця Митрополита Василя Липківського"),
    "sr": ("Немањина", "Bulevar Mihajla Pupina"),
    "pl": ("ul. Wawelska", "Aleje Jerozolimskie", "ul. Świętokrzyska"),
    "hu": ("Kossuth Lajos tér", "Fő utca", "Váci út"),
}
DEFAULT_STREETS = ("Main Road", "Avenue de la Paix", "Calle Mayor", "Rua Augusta", "Independence Avenue")
CITIES = {
    "tr": ("Ankara", "İstanbul", "İzmir"),
    "az": ("Bakı", "Gəncə", "Sumqayıt"),
    "de": ("Berlin", "Bonn", "Gießen", "Köln"),
    "el": ("Αθήνα", "Athens", "Θεσσαλονίκη"),
    "vi": ("Hà Nội", "Đà Nẵng", "Thành phố Hồ Chí Minh"),
    "ar": ("الرياض", "Riyadh", "Cairo", "Amman"),
    "zh": ("北京", "Beijing", "上海"),
    "ru": ("Москва", "Moscow", "Санкт-Петербург"),
    "uk": ("Київ", "Kyiv", "Львів"),
    "sr": ("Београд", "Novi Sad"),
    "pl": ("Warszawa", "Kraków", "Łódź"),
    "hu": ("Budapest", "Győr", "Pécs"),
}
DEFAULT_CITIES = ("Capital City", "Port Louis", "Saint-Denis", "San José", "Lusaka", "Nairobi")


def domain(agency: str, alpha2: str) -> str:
    """The invented e-mail domain of one of a party's agencies."""
    country = "ec.europa" if alpha2 == "EU" else alpha2.lower()
    return f"{agency}.{country}.example"


def phone(rng: random.Random, region: str) -> str:
    """A valid fixed-line number of ``region`` in E.164: its example number with the last digits redrawn."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE)
    if example is None:
        example = phonenumbers.example_number(region)
    assert example is not None, region
    national = phonenumbers.national_significant_number(example)
    for _ in range(50):
        digits = national[:-4] + f"{rng.randrange(10_000):04d}"
        number = phonenumbers.parse(f"+{example.country_code}{digits}")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


def street(rng: random.Random, language: str) -> str:
    """A street address; now and then on two lines (a flat, then the street), as lists quote them."""
    name = rng.choice(STREETS.get(language, DEFAULT_STREETS))
    line = f"{name} {rng.randint(1, 240)}" if rng.random() < 0.5 else f"{rng.randint(1, 240)} {name}"
    if rng.random() < 0.08:
        return f"Flat {rng.randint(1, 90)}\n{line}"
    return line


def city(rng: random.Random, language: str) -> str:
    return rng.choice(CITIES.get(language, DEFAULT_CITIES))


def postal_code(rng: random.Random) -> str:
    """Five digits, or none (a city without postal codes)."""
    return "" if rng.random() < 0.15 else f"{rng.randint(1000, 99999):05d}"


def date_between(rng: random.Random, first: dt.date, last: dt.date) -> str:
    """An ISO date in ``[first, last]``."""
    return (first + dt.timedelta(days=rng.randint(0, (last - first).days))).isoformat()


def other(rng: random.Random, choices: tuple[str, ...], than: str) -> str:
    """One of ``choices`` that is not ``than``."""
    return rng.choice([c for c in choices if c != than])
