"""Review before publication (wederhoor, SPEC §8): the append-only record in the store.

Every step is an *event* in ``review_events``, never changed or deleted afterwards:

- ``sent``: a ministry's figures of one chapter were sent for review (``jbr review
  start``); the figures themselves are kept in ``review_figures`` under the event's id,
  and the event carries their fingerprint;
- ``approved`` / ``comment``: a reviewer of that ministry (a ``reviewer`` token) agreed
  ("akkoord") or commented, about the figures with the fingerprint it names;
- ``override``: the JBR team publishes without a ministry's approval, with a reason
  (``jbr review override``); ministry ``*`` stands for every ministry of the year;
- ``without_text``: a year was published as figures only (``jbr publish
  --without-text``), with a reason.

The events form a seal chain like the deliveries (``store/chain.py``): each event's
seal is a SHA-256 over the previous seal and the event, and names the delivery chain's
head at that moment, so the review history is bound to the deliveries it was about.
``jbr doctor`` recomputes it (check ``wederhoor``), including the fingerprints of the
figures each sending holds.

Publication records which jbr version published each year version in
``publication_software`` (the figure passport's "software version").

The modules, each importing only those above it:

- ``events``: the tables, the events and their seal chain (append, read, verify);
- ``record``: each step in its own transaction on a store file, and the publications'
  software;
- ``chapters``: where the review of each ministry's chapter stands, from the events.

This package re-exports their public names: callers write ``review.chapter_states``.
"""

from .chapters import ChapterState, chapter_states, override_events, without_text_events
from .events import (
    ALL,
    APPROVED,
    COMMENT,
    EVENT_FIELDS,
    FIGURE_KEYS,
    HEAD_KEY,
    KINDS,
    OVERRIDE,
    REVIEW_DDL,
    REVIEW_TABLES,
    SENT,
    WITHOUT_TEXT,
    Event,
    append_event,
    ensure_review_schema,
    event_seal,
    events,
    fingerprint,
    has_review_tables,
    review_head,
    sent_figures,
    software_version,
    verify,
)
from .record import publication_software, read_events, record_event, record_sending, record_software

__all__ = [
    "ALL",
    "APPROVED",
    "COMMENT",
    "EVENT_FIELDS",
    "FIGURE_KEYS",
    "HEAD_KEY",
    "KINDS",
    "OVERRIDE",
    "REVIEW_DDL",
    "REVIEW_TABLES",
    "SENT",
    "WITHOUT_TEXT",
    "ChapterState",
    "Event",
    "append_event",
    "chapter_states",
    "ensure_review_schema",
    "event_seal",
    "events",
    "fingerprint",
    "has_review_tables",
    "override_events",
    "publication_software",
    "read_events",
    "record_event",
    "record_sending",
    "record_software",
    "review_head",
    "sent_figures",
    "software_version",
    "verify",
    "without_text_events",
]
