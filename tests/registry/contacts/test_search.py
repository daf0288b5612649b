"""The one search: names in any script, CJK without spaces, ranked matches, an index kept up to date."""

from __future__ import annotations

import pytest
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


# What a search finds, by a name: a contact's party, given name and family name, and a query that finds it.
FINDS = {
    "an-azerbaijani-name-from-its-latin-spelling": ("AZE", "Amina", "Əfəndiyeva", "Efendiyeva"),
    "a-chinese-name-written-without-its-space": ("CHN", "张", "芳", "张芳"),
    "a-chinese-name-from-its-pinyin": ("CHN", "张", "芳", "Zhang Fang"),
    "a-cyrillic-name-from-latin-letters": ("RUS", "Иван", "Смирнов", "smirnov"),
    "a-vietnamese-name-without-its-marks": ("VNM", "Thị Minh", "Đặng", "dang thi"),
    "a-word-of-two-letters": ("CHN", "Wei", "Li", "li wei"),
}


@pytest.mark.parametrize(("party", "given_name", "family_name", "query"), FINDS.values(), ids=FINDS)
def test_search_finds(
    client: FlaskClient, session: Session, party: str, given_name: str, family_name: str, query: str
) -> None:
    make_contact(session, party, given_name=given_name, family_name=family_name)
    session.commit()
    assert _found(client, query) == [family_name]


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
