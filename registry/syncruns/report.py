"""The shape of a sync run's report (the contract's JSON): written by the sync, kept with the run, read by the
API, the pages and whoever settles what the run found. TypedDicts, so every reader and the writer check the
same keys."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class FieldValues(TypedDict):
    registry: Any
    list: Any


class ContactSummary(TypedDict):
    title: str | None
    given_name: str | None
    family_name: str | None
    organization: str | None
    emails: list[str]


class ItemReport(TypedDict):
    """One designation that differs between the registry and the list."""

    action: str  # a registry.syncruns.actions.SyncAction
    party: str | None
    role: str | None
    scope: str | None
    designation_id: int | None
    contact_id: int | None
    contact: ContactSummary
    fields: dict[str, FieldValues]
    applied: bool
    source_ref: str | None
    not_applied: NotRequired[list[str]]  # fields a person set, which the list's first sight left alone
    refused: NotRequired[str]  # why the database refused it (it was set aside)
    discrepancy_id: NotRequired[int]  # the discrepancy it opened or found open


class WarningReport(TypedDict):
    code: str
    message: str
    source_ref: str


class SourceReport(TypedDict):
    location: str
    records: int | None
    fetched_at: str | None
    not_modified: NotRequired[bool]


class ConventionReport(TypedDict):
    status: str  # ok, failed or held
    error: str | None
    source: SourceReport
    summary: dict[str, int]  # each action's count, and the warnings'
    items: list[ItemReport]
    warnings: list[WarningReport]


class RunReport(TypedDict):
    run_id: str
    mode: str  # dry-run or apply
    status: str  # ok, partial or failed
    started_at: str | None
    finished_at: str | None
    conventions: dict[str, ConventionReport]
