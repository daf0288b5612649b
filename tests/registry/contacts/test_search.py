"""The one search: names in any script, CJK without spaces, ranked matches, an index kept up to date."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from registry.audit.actor import cli_actor
from registry.contacts.search import Rank, index_text, query_words, rank
from registry.contacts.services import update_contact
from tests.factories import make_contact
from tests.registry.api.helpers import API


def _found(client: FlaskClient, q: str) -> list[str | None]:
    items = client.get(f"{API}/contacts", query_string={"q": q}).get_json()["items"]
    return [item["family_name"] for item in items]


def test_index_text_holds_the_folded_latin_and_joined_forms() -> None:
    assert index_text(["张", "芳", "Əfəndiyeva"]) == "张 芳 əfəndiyeva zhang fang efendiyeva 张芳 əfəndiyeva"


def test_query_words_join_cjk_characters_and_give_each_word_its_latin_form() -> None:
    assert query_words("张 芳 Əli") == [["张芳", "zhangfang"], ["əli", "eli"]]


def test_search_finds_an_azerbaijani_name_from_its_latin_spelling(
    client: FlaskClient, session: Session
) -> None:
    make_contact(session, "AZE", family_name="Əfəndiyeva")
    session.commit()
    assert _found(client, "Efendiyeva") == ["Əfəndiyeva"]


def test_search_finds_a_chinese_name_written_without_its_space(client: FlaskClient, session: Session) -> None:
    make_contact(session, "CHN", given_name="张", family_name="芳")
    session.commit()
    assert _found(client, "张芳") == ["芳"]


def test_search_finds_a_chinese_name_from_its_pinyin(client: FlaskClient, session: Session) -> None:
    make_contact(session, "CHN", given_name="张", family_name="芳")
    session.commit()
    assert _found(client, "Zhang Fang") == ["芳"]


def test_search_finds_a_cyrillic_name_from_latin_letters(client: FlaskClient, session: Session) -> None:
    make_contact(session, "RUS", given_name="Иван", family_name="Смирнов")
    session.commit()
    assert _found(client, "smirnov") == ["Смирнов"]


def test_search_finds_a_vietnamese_name_without_its_marks(client: FlaskClient, session: Session) -> None:
    make_contact(session, "VNM", given_name="Thị Minh", family_name="Đặng")
    session.commit()
    assert _found(client, "dang thi") == ["Đặng"]


def test_search_finds_a_word_of_two_letters(client: FlaskClient, session: Session) -> None:
    make_contact(session, "CHN", given_name="Wei", family_name="Li")
    session.commit()
    assert _found(client, "li wei") == ["Li"]


def test_search_ranks_name_then_name_start_then_organization_then_email(
    client: FlaskClient, session: Session
) -> None:
    by_email = make_contact(session, family_name="Otieno", emails=["osei@env.example"]).family_name
    by_organization = make_contact(session, family_name="Mwangi", organization="Osei Institute").family_name
    by_start = make_contact(session, family_name="Oseimah").family_name
    by_name = make_contact(session, family_name="Osei").family_name
    session.commit()
    assert _found(client, "osei") == [by_name, by_start, by_organization, by_email]


def test_rank_of_a_word_inside_a_name_comes_after_a_name_start() -> None:
    assert rank("ith", ("Amina", "Smith", None, None)) is Rank.IN_NAME
    assert rank("smi", ("Amina", "Smith", None, None)) is Rank.NAME_START


def test_search_follows_an_edit_of_the_name(client: FlaskClient, session: Session) -> None:
    contact = make_contact(session, family_name="Oldname")
    update_contact(session, contact, {"family_name": "Newname"}, cli_actor("tests"))
    session.commit()
    assert (_found(client, "oldname"), _found(client, "newname")) == ([], ["Newname"])


def test_designations_search_pages_by_rank_with_its_cursor(client: FlaskClient, session: Session) -> None:
    from tests.factories import make_designation

    for family in ("Osei Mensah", "Osei", "Oseimah"):
        make_designation(session, make_contact(session, family_name=family), "basel", "CA")
    session.commit()
    first = client.get(f"{API}/designations", query_string={"q": "osei", "limit": 2}).get_json()
    second = client.get(first["next"]).get_json()
    names = [i["contact"]["family_name"] for page in (first, second) for i in page["items"]]
    assert (names, first["total"], second["next"]) == (["Osei", "Osei Mensah", "Oseimah"], 3, None)
