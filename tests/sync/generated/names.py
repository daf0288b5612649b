"""Name pools by language and script, which parties draw from which, and how each language writes capitals.

A pool of a script other than Latin pairs each name with a romanization ("Γεώργιος/Georgios"): a person of
that pool is written in the script, or romanized, and gets an e-mail address made from the romanization.
The first names of a list are drawn more often than the last (a Zipf-like weight), as in life: many people
of one party share the common family names (Nguyễn, Wang, Yılmaz, Müller).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii


@dataclass(frozen=True)
class Pool:
    """The given and family names of one language; ``script`` names its writing system."""

    language: str
    script: str
    given: tuple[str, ...]
    family: tuple[str, ...]

    @property
    def native(self) -> bool:
        """Whether the names are written in a script of their own, with a romanization beside each."""
        return self.script != "Latin"


def _pool(language: str, script: str, given: str, family: str) -> Pool:
    return Pool(language, script, tuple(given.split(",")), tuple(family.split(",")))


POOLS: dict[str, Pool] = {
    p.language: p
    for p in (
        _pool(
            "tr",
            "Latin",
            "Ayşe,Mehmet,Fatma,Mustafa,İsmail,Zeynep,Şükrü,İbrahim,Işıl,Ilgaz,Çağla,Gülşen,Hüseyin,Özlem,"
            "Ümit,Tuğba,Kıvanç,Sıla,İrem,Irmak",
            "Yılmaz,Kaya,Demir,Şahin,Çelik,Yıldız,Yıldırım,Öztürk,Aydın,Özdemir,Arslan,Doğan,Kılıç,Şimşek,"
            "Işık,İnce,Ilıcak,Akıncı,Altıntaş,Kılıçdaroğlu",
        ),
        _pool(
            "az",
            "Latin",
            "Əli,Leyla,Günel,Nərgiz,Rəşad,Elçin,Vüqar,İlham,Mətanət,Səbinə,Fərid,Xəyal,Şəhla,Aysel,Ülviyyə,"
            "Aytən,Qönçə,Tural",
            "Əliyev,Əliyeva,Məmmədov,Məmmədova,Həsənov,Hüseynova,Quliyev,Əlixanlı,Rəhimov,İsmayılova,Nəsirli,"
            "Səlimova,Bağırov,Qasımov,Cəfərova,Əhmədli,Vəliyev,Sadıxov",
        ),
        _pool(
            "de",
            "Latin",
            "Jürgen,Ulrike,Jörg,Käthe,Günther,Björn,Uwe,Sören,Grete,Heinz,Klaus-Peter,Anne-Kathrin,Lukas,"
            "Margarete,Hans-Jürgen,Dörte",
            "Müller,Weiß,Strauß,Groß,Schäfer,Schröder,Fuß,Preuß,Meißner,Krüger,Voß,Weißmüller,Jäger,Köhler,"
            "Heß,von Lützow,Große-Brauckmann,Nußbaum",
        ),
        _pool(
            "el",
            "Greek",
            "Γεώργιος/Georgios,Μαρία/Maria,Νίκος/Nikos,Ελένη/Eleni,Δημήτρης/Dimitris,Αικατερίνη/Aikaterini,"
            "Σοφία/Sofia,Κωνσταντίνος/Konstantinos,Ιωάννης/Ioannis,Παναγιώτης/Panagiotis,"
            "Χρυσούλα/Chrysoula,Αθανάσιος/Athanasios,Ευαγγελία/Evangelia,Σταύρος/Stavros,Ζωή/Zoi,"
            "Αγγελική/Angeliki",
            "Παπαδόπουλος/Papadopoulos,Παπαδοπούλου/Papadopoulou,Νικολάου/Nikolaou,Γεωργίου/Georgiou,"
            "Οικονόμου/Oikonomou,Καραγιάννης/Karagiannis,Βασιλείου/Vasileiou,Μαυρίδης/Mavridis,"
            "Αλεξίου/Alexiou,Σαββάκη/Savvaki,Ιωαννίδης/Ioannidis,Χατζής/Chatzis,Ραΐσης/Raisis,"
            "Μπαλτάς/Baltas,Προβελέγγιος/Provelengios,Κωνσταντινίδης/Konstantinidis",
        ),
        _pool(
            "vi",
            "Latin",
            "Văn An,Thị Hương,Minh Tuấn,Thị Thu Hằng,Quốc Bảo,Đức Anh,Thị Ngọc Ánh,Hữu Phước,Thanh Tùng,"
            "Hoàng Yến,Thị Lệ,Xuân Trường,Ngọc Diệp,Văn Dũng,Thị Hồng Nhung",
            "Nguyễn,Trần,Lê,Phạm,Hoàng,Huỳnh,Phan,Vũ,Võ,Đặng,Bùi,Đỗ,Hồ,Ngô,Dương,Lý",
        ),
        _pool(
            "ar",
            "Arabic",
            "محمد/Mohammed,فاطمة/Fatima,أحمد/Ahmed,عائشة/Aisha,عبد الله/Abdullah,نور/Nour,ليلى/Layla,"
            "يوسف/Youssef,خالد/Khaled,مريم/Maryam,سارة/Sara,حسن/Hassan,علي/Ali,زينب/Zainab,عمر/Omar,"
            "ميّاد/Mayyad",
            "الحسيني/Al-Husseini,العتيبي/Al-Otaibi,القحطاني/Al-Qahtani,الشمري/Al-Shammari,آل حسين/Al Hussein,"
            "بن علي/Ben Ali,الزهراني/Al-Zahrani,المصري/El-Masri,الهاشمي/Al-Hashimi,عبد الرحمن/Abdel Rahman,"
            "الدوسري/Al-Dosari,منصور/Mansour,حداد/Haddad,خوري/Khoury",
        ),
        _pool(
            "zh",
            "Han",
            "伟/Wei,芳/Fang,娜/Na,秀英/Xiuying,敏/Min,静/Jing,丽/Li,强/Qiang,磊/Lei,军/Jun,洋/Yang,勇/Yong,"
            "艳/Yan,杰/Jie,涛/Tao,明/Ming,玉兰/Yulan,建华/Jianhua",
            "王/Wang,李/Li,张/Zhang,刘/Liu,陈/Chen,杨/Yang,黄/Huang,赵/Zhao,吴/Wu,周/Zhou,徐/Xu,孙/Sun,"
            "马/Ma,朱/Zhu,胡/Hu,欧阳/Ouyang,司马/Sima",
        ),
        _pool(
            "ru",
            "Cyrillic",
            "Александр/Aleksandr,Елена/Elena,Сергей/Sergei,Ольга/Olga,Наталья/Natalya,Дмитрий/Dmitry,"
            "Андрей/Andrei,Татьяна/Tatiana,Юлия/Yulia,Алёна/Alyona,Пётр/Pyotr,Фёдор/Fyodor,Артём/Artyom,"
            "Ксения/Ksenia,Игорь/Igor,Светлана/Svetlana",
            "Иванов/Ivanov,Иванова/Ivanova,Смирнов/Smirnov,Кузнецова/Kuznetsova,Попов/Popov,"
            "Соколов/Sokolov,Лебедева/Lebedeva,Козлов/Kozlov,Новиков/Novikov,Морозова/Morozova,"
            "Петров/Petrov,Волков/Volkov,Соловьёв/Solovyov,Фёдорова/Fyodorova,Ёлкин/Yolkin,"
            "Щербаков/Shcherbakov",
        ),
        _pool(
            "uk",
            "Cyrillic",
            "Олександр/Oleksandr,Ірина/Iryna,Наталія/Nataliia,Юрій/Yurii,Євген/Yevhen,Ганна/Hanna,"
            "Олена/Olena,Андрій/Andrii,Богдан/Bohdan,Оксана/Oksana,Тарас/Taras,Ярослава/Yaroslava",
            "Шевченко/Shevchenko,Коваленко/Kovalenko,Бондаренко/Bondarenko,Ткаченко/Tkachenko,"
            "Кравченко/Kravchenko,Олійник/Oliinyk,Мельник/Melnyk,Поліщук/Polishchuk,Лисенко/Lysenko,"
            "Ґудзь/Gudz,Їжакевич/Yizhakevych,Гончаренко/Honcharenko",
        ),
        _pool(
            "sr",
            "Cyrillic",
            "Љубица/Ljubica,Ђорђе/Đorđe,Јована/Jovana,Милош/Miloš,Драгана/Dragana,Ненад/Nenad,Ивана/Ivana,"
            "Жељко/Željko,Марија/Marija,Његослав/Njegoslav",
            "Јовановић/Jovanović,Петровић/Petrović,Николић/Nikolić,Ђорђевић/Đorđević,Марковић/Marković,"
            "Ђурић/Đurić,Стојановић/Stojanović,Илић/Ilić,Љубичић/Ljubičić,Његовановић/Njegovanović",
        ),
        _pool(
            "pl",
            "Latin",
            "Łukasz,Małgorzata,Paweł,Agnieszka,Wojciech,Grzegorz,Żaneta,Jędrzej,Michał,Bożena,Krzysztof,"
            "Zofia,Łucja,Wiesław,Jolanta",
            "Nowak,Kowalski,Wiśniewski,Wójcik,Kowalczyk,Woźniak,Dąbrowski,Kozłowska,Łukowicz,Krawczyk,"
            "Grabowska,Zieliński,Szymańska,Żuk,Śliwa,Źródło,Jeżyna",
        ),
        _pool(
            "hu",
            "Latin",
            "László,Zsófia,Erzsébet,Ágnes,Gyula,Dániel,Csaba,Tünde,Ildikó,Gergő,Zoltán,Éva,Orsolya,Ákos,Lőrinc",
            "Nagy,Kovács,Tóth,Szabó,Horváth,Varga,Kiss,Molnár,Németh,Farkas,Balogh,Papp,Takács,Szőke,Őry,"
            "Hegedűs",
        ),
        _pool(
            "en",
            "Latin",
            "James,Mary,John,Patricia,Robert,Jennifer,Michael,Linda,David,Elizabeth,Sarah,Thomas,Emma,Oliver,"
            "Grace,William",
            "Smith,Johnson,Williams,Brown,Jones,O'Brien,McDonald,MacLeod,Taylor,Wilson,Evans,Thompson,"
            "Fitzgerald,O'Connor,Murphy,Walker",
        ),
        _pool(
            "fr",
            "Latin",
            "Jean-Pierre,Hélène,Françoise,Aminata,Moussa,Amélie,Éloïse,Gaël,Loïc,Noël,Zoé,Cécile,Fatou,"
            "Ibrahima,Mamadou,Awa",
            "Diallo,Traoré,Koné,Ndiaye,Lefèvre,Dupré,Bélanger,Côté,Lemaître,Moreau,Ouédraogo,Le Goff,Camara,"
            "de Villiers,Mbaye,Fournier",
        ),
        _pool(
            "es",
            "Latin",
            "José Luis,María José,Ana,Iñaki,Begoña,Íñigo,Ángel,Nuria,Agustín,Mónica,Carmen,Javier,Lucía,"
            "Mateo",
            "García,Fernández,González,Rodríguez,Núñez,Peña,Muñoz,Ibáñez,Castañeda,Martínez López,Pérez,"
            "de la Cruz,Gómez,Díaz",
        ),
        _pool(
            "pt",
            "Latin",
            "João,Conceição,Gonçalo,Inês,Luís,Sebastião,Ana Beatriz,Maria João,Tiago,Joana,Letícia",
            "Silva,Gonçalves,Magalhães,Simões,Araújo,da Silva,dos Santos,Brandão,Assunção,Carvalho,Gusmão,"
            "Falcão",
        ),
        _pool(
            "sw",
            "Latin",
            "Amina,Wanjiru,Otieno,Achieng,Baraka,Zawadi,Juma,Neema,Kamau,Wambui,Halima,Mwajuma",
            "Wanjiku,Odhiambo,Mwangi,Kariuki,Njoroge,Ndung'u,Chepkemoi,Mutua,Omondi,Kimani,Mushi",
        ),
    )
}

# The languages each party's people mostly write in; every other party writes English names.
_HOMES = {
    "tr": "TUR",
    "az": "AZE",
    "de": "DEU AUT CHE LIE",
    "el": "GRC CYP",
    "vi": "VNM",
    "ar": "SAU EGY ARE JOR IRQ KWT QAT OMN BHR YEM SYR LBN LBY TUN DZA MAR SDN MRT",
    "zh": "CHN SGP",
    "ru": "RUS BLR KAZ KGZ TJK BGR",
    "uk": "UKR",
    "sr": "SRB MKD MNE BIH",
    "pl": "POL",
    "hu": "HUN",
    "fr": "FRA BEL SEN CIV MLI BFA NER TCD CMR GAB COG COD BEN TGO GIN MDG HTI CAF BDI DJI COM MCO LUX",
    "es": "ESP MEX ARG CHL COL PER VEN ECU BOL PRY URY CRI PAN GTM HND SLV NIC CUB DOM GNQ",
    "pt": "PRT BRA AGO MOZ CPV GNB STP TLS",
    "sw": "KEN TZA UGA RWA",
}
HOME: dict[str, tuple[str, ...]] = {}
for _language, _codes in _HOMES.items():
    for _code in _codes.split():
        HOME[_code] = (*HOME.get(_code, ()), _language)
HOME["CYP"] = ("el", "tr")
HOME["DEU"] = ("de", "tr")
HOME["EUU"] = ("de", "fr", "el", "pl", "es", "en")


def home_languages(party: str) -> tuple[str, ...]:
    """The languages of ``party``'s people (English for a party with none of its own)."""
    return HOME.get(party, ("en",))


def weighted(rng: random.Random, names: tuple[str, ...]) -> str:
    """One of ``names``, the first ones more often (weight 1/rank**0.4)."""
    return rng.choices(names, weights=[1 / (rank + 1) ** 0.4 for rank in range(len(names))])[0]


def spellings(entry: str) -> tuple[str, str]:
    """A pool entry as (as the language writes it, romanized): "Γεώργιος/Georgios", or "Müller" twice."""
    native, _, latin = entry.partition("/")
    return native, latin or native


def email_word(text: str) -> str:
    """The ASCII letters of a name for an e-mail local part: "Yılmaz" -> "yilmaz", "Ndung'u" -> "ndungu"."""
    return "".join(ch for ch in anyascii(text).lower() if ch.isascii() and ch.isalnum())


# --- how each language writes a name in capitals ----------------------------------------------------------

_TONOS = {"\u0301", "\u0342"}  # acute and perispomeni: dropped in Greek capitals; the dialytika stays


def capitals(text: str, language: str) -> str:
    """``text`` in capitals as a writer of ``language`` would: "Işık" -> "IŞIK", "İnce" -> "İNCE", "Ραΐσης" ->
    "ΡΑΪΣΗΣ" (no tonos), "Weiß" -> "WEISS"."""
    if language in ("tr", "az"):
        return text.replace("i", "İ").replace("ı", "I").upper()
    if language == "el":
        bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if ch not in _TONOS)
        return unicodedata.normalize("NFC", bare).upper()
    return text.upper()


def case_variants(text: str, language: str) -> tuple[str, ...]:
    """Spellings of ``text`` that differ from it only in letter case, as lists write them: as it is, in the
    language's capitals, in Python's capitals, and capitals turned back by ``str.title`` (which loses the
    "ı" of "Yılmaz", the "ß" of "Weiß" and the tonos of Greek for good)."""
    shouted = capitals(text, language)
    variants = [text, shouted, text.upper(), shouted.title()]
    if language == "de" and "ß" in text:
        variants.append(text.replace("ß", "ẞ").upper())  # the capital sharp s, since 2017
    return tuple(variants)


_TURKISH = frozenset("ıİşŞğĞ")


def writing_language(text: str) -> str:
    """The language whose capitals a name needs, told by its letters: "tr" (ı, İ, ş, ğ), "az" (ə), "el"
    (Greek), "de" (ß); "" for any other name (Python's capitals are then right)."""
    if "ə" in text or "Ə" in text:
        return "az"
    if any(ch in _TURKISH for ch in text):
        return "tr"
    if any("\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff" for ch in text):
        return "el"
    return "de" if "ß" in text else ""
