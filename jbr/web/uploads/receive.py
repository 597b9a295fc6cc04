"""Receiving one upload: kept in a private place, its type checked, read and checked in a
worker, stored; every attempt logged and every file not stored deleted again."""

from __future__ import annotations

import functools
import hashlib
import logging
import shutil
import uuid
from dataclasses import dataclass, field
from typing import BinaryIO

import anyio
from fastapi import Request, UploadFile

from ...deliveries.problems import Problem
from ...store.access.tokens import Token
from ...store.history import SHRINK_RULE, Replacement
from ...store.load import REJECTED, STORED, LoadOutcome
from ..gate import Settings, StoreGate
from ..worker import Workers
from .arrival import TooLarge, safe_name, type_problem
from .storing import WORK, UploadAttempt, check_and_store, log_attempt

log = logging.getLogger("jbr.web")

CHUNK = 1 << 20


@dataclass
class Received:
    """What became of one upload."""

    upload_id: int | None
    file_name: str
    status: str  # stored | unchanged | rejected
    delivery_id: int | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    # what the stored file replaced (or, refused for shrinking, would have replaced)
    replaces: list[Replacement] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def needs_confirmation(self) -> bool:
        """Refused only because it replaces a delivery with far fewer rows (SPEC §7)."""
        return bool(self.errors) and all(p.rule == SHRINK_RULE for p in self.errors)


async def receive_upload(
    request: Request,
    token: Token,
    file: UploadFile,
    theme: str | None,
    lang: str,
    allow_shrink: bool = False,
) -> Received:
    """``receive`` in a worker thread of the uploads' own limiter: uploads waiting for a
    reader wait here, without holding threads the other pages need."""
    state = request.app.state
    return await anyio.to_thread.run_sync(
        functools.partial(
            receive,
            state.gate,
            state.settings,
            state.workers,
            token,
            file.filename,
            file.file,
            theme,
            lang,
            allow_shrink,
        ),
        limiter=state.upload_threads,
    )


def receive(
    gate: StoreGate,
    settings: Settings,
    workers: Workers,
    token: Token,
    client_name: str | None,
    stream: BinaryIO,
    theme: str | None = None,
    lang: str = "nl",
    allow_shrink: bool = False,
) -> Received:
    """Keep the upload in a private place, check its type, read and check it in a worker,
    store it; log the attempt.

    ``allow_shrink``: the supplier confirmed replacing a delivery with far fewer rows."""
    name = safe_name(client_name)
    folder = settings.upload_dir / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=False)
    path = folder / name
    digest, size = hashlib.sha256(), 0
    try:
        with path.open("wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > settings.max_upload_bytes:
                    raise TooLarge(settings.max_upload_bytes)
                digest.update(chunk)
                out.write(chunk)
        upload = UploadAttempt(token, path, size, digest.hexdigest(), settings.upload_dir)
        problem = type_problem(path, name, lang)
        upload_id: int | None = None
        if problem is not None:
            outcome = LoadOutcome(path, REJECTED, problems=[problem])
        else:
            outcome, upload_id = check_and_store(gate, workers, upload, theme, lang, allow_shrink)
        if upload_id is None:  # not logged with the store step: log it now
            upload_id = gate.retry_busy(lambda: log_attempt(gate, upload, outcome))
        result = Received(
            upload_id,
            name,
            outcome.status,
            outcome.delivery_id,
            outcome.rows,
            outcome.problems,
            outcome.replaces,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(folder / WORK, ignore_errors=True)
    if outcome.status != STORED:
        shutil.rmtree(folder, ignore_errors=True)
    log.info(
        "upload %s by token %s (%s, %s): %s, delivery %s, %d error(s)",
        result.upload_id,
        token.token_id,
        token.supplier,
        token.ministerie,
        result.status,
        result.delivery_id,
        len(result.errors),
    )
    return result
