"""Where the review of each ministry's chapter stands, from the year's events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .events import ALL, APPROVED, COMMENT, OVERRIDE, SENT, WITHOUT_TEXT, Event


@dataclass
class ChapterState:
    """Where the review of one ministry's chapter stands.

    ``approved`` is the latest decision when it is an approval; it *holds* only while the
    figures are those it approved (``fingerprint`` of the decision = the current one), else
    the chapter is *reopened*. A comment after an approval withdraws it (the latest
    decision counts). An override lets the year be published without the approval."""

    year: int
    ministry: str
    chapter: str
    sent: Event | None = None  # the latest sending
    first_sent: Event | None = None
    decision: Event | None = None  # the latest approval or comment
    approval: Event | None = None  # the latest approval, even if withdrawn or outdated
    comments: tuple[Event, ...] = ()
    override: Event | None = None
    current: str | None = None  # the fingerprint of the figures as they are now

    @property
    def approved(self) -> bool:
        d = self.decision
        return d is not None and d.kind == APPROVED and d.fingerprint == self.current

    @property
    def reopened(self) -> bool:
        """Approved, and the figures changed since (a corrected delivery, a re-sending)."""
        d = self.decision
        return d is not None and d.kind == APPROVED and d.fingerprint != self.current

    @property
    def commented(self) -> bool:
        """The latest decision is a comment on the figures as they are (a comment on
        figures sent again since waits for a new decision: the chapter is ``sent``)."""
        d = self.decision
        return d is not None and d.kind == COMMENT and d.fingerprint == self.current

    @property
    def overridden(self) -> bool:
        return self.override is not None and not self.approved

    @property
    def cleared(self) -> bool:
        """May be published: approved as it stands, or overridden."""
        return self.approved or self.override is not None

    @property
    def resent(self) -> bool:
        """Sent again with other figures than the first time."""
        return (
            self.sent is not None
            and self.first_sent is not None
            and self.sent.event_id != self.first_sent.event_id
        )

    @property
    def status(self) -> str:
        """One word: approved, overridden, reopened, commented, sent or not_sent."""
        if self.approved:
            return "approved"
        if self.override is not None:
            return "overridden"
        if self.reopened:
            return "reopened"
        if self.commented:
            return "commented"
        return "sent" if self.sent is not None else "not_sent"

    def as_dict(self) -> dict[str, Any]:
        def stamp(e: Event | None) -> dict[str, Any] | None:
            return None if e is None else {"at": e.as_dict()["at"], "by": e.actor}

        return {
            "ministry": self.ministry,
            "chapter": self.chapter,
            "status": self.status,
            "sent": stamp(self.sent),
            "approved": stamp(self.approval) if self.approved else None,
            "reopened": self.reopened,
            "comments": [
                {"at": c.as_dict()["at"], "by": c.actor, "text": c.text} for c in self.comments
            ],
            "overridden": None
            if self.override is None
            else {**(stamp(self.override) or {}), "reason": self.override.text},
        }


def chapter_states(
    all_events: list[Event],
    year: int,
    current: dict[tuple[str, str], str] | None = None,
) -> dict[tuple[str, str], ChapterState]:
    """(ministry, chapter) → state, from the year's events. ``current``: the fingerprints
    of the figures as computed now (publication); without it, those of the latest
    sending. A (ministry, chapter) in ``current`` that was never sent is ``not_sent``."""
    states: dict[tuple[str, str], ChapterState] = {}
    overrides: list[Event] = []
    for e in all_events:
        if e.year != year:
            continue
        if e.kind == OVERRIDE:
            overrides.append(e)
            continue
        if e.kind == WITHOUT_TEXT or e.chapter is None:
            continue
        s = states.setdefault((e.ministry, e.chapter), ChapterState(year, e.ministry, e.chapter))
        if e.kind == SENT:
            s.sent = e
            s.first_sent = s.first_sent or e
            s.current = e.fingerprint
        elif e.kind in (APPROVED, COMMENT):
            s.decision = e
            if e.kind == APPROVED:
                s.approval = e
            else:
                s.comments = (*s.comments, e)
    for key in current or {}:
        states.setdefault(key, ChapterState(year, key[0], key[1]))
    for key, s in states.items():
        if current is not None:
            s.current = current.get(key)
        for o in overrides:  # the latest override that applies
            if o.ministry in (ALL, s.ministry) and o.chapter in (None, s.chapter):
                s.override = o
    return states


def without_text_events(all_events: list[Event], year: int) -> list[Event]:
    return [e for e in all_events if e.year == year and e.kind == WITHOUT_TEXT]


def override_events(all_events: list[Event], year: int) -> list[Event]:
    return [e for e in all_events if e.year == year and e.kind == OVERRIDE]
