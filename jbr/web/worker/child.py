"""The forked child: caps itself, reads and checks one file as ``jbr load`` would, and
writes the checked rows as Parquet next to the upload."""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path
from typing import Any

from ...deliveries.problems import Problem
from .job import MEMORY, Checked


def check_file(
    path: Path, theme: str | None, lang: str, parents: dict[str, str], out: Path, memory: int
) -> Checked:
    """Read and check ``path`` as ``jbr load`` would (in this process), parents of child
    rows from the Parquet snapshots in ``parents``; write each valid sheet's typed rows to
    ``out/part-N.parquet``."""
    import duckdb

    from ...deliveries.problems import file_problem
    from ...deliveries.read.sheet import RawSheet
    from ...deliveries.validate import check_files, errors
    from ...sql import sql_text

    out.mkdir(parents=True, exist_ok=True)
    spill = out / "spill"
    con = duckdb.connect(
        ":memory:",
        config={
            "threads": 1,  # two cores are shared with the server and the other uploads
            "memory_limit": f"{max(64 << 20, memory // 2) >> 20}MB",
            "temp_directory": str(spill),
        },
    )
    con.execute("SET enable_progress_bar = false")
    read: list[RawSheet] = []
    try:
        store_parents = {}
        for name, snapshot in parents.items():
            view = f"parent_{name}"
            con.execute(
                f"CREATE TEMP VIEW {view} AS SELECT * FROM read_parquet({sql_text(snapshot)})"
            )
            store_parents[name] = view
        [(_, sheets, problems)] = check_files(con, [path], theme, lang, store_parents, True, read)
        if any(_out_of_memory(p) for p in problems):
            return Checked(failure=MEMORY)
        if errors(problems) or not sheets:
            return Checked(problems or [file_problem(path.name, "geen_gegevens", lang)])
        written = []
        for i, s in enumerate(sheets):
            file = out / f"part-{i}.parquet"
            cols = ", ".join(f'"{c}"' for c in s.theme.column_names)
            con.execute(
                f"COPY (SELECT {cols}, _row, _ministerie, _jaar FROM {s.typed}) "
                f"TO {sql_text(str(file))} (FORMAT parquet)"
            )
            written.append(
                {"theme": s.theme.name, "sheet": s.raw.sheet, "rows": s.rows, "file": str(file)}
            )
        return Checked(problems, written)
    except duckdb.OutOfMemoryException:
        return Checked(failure=MEMORY)
    finally:
        for sheet in read:
            sheet.drop(con)
        con.close()


def _out_of_memory(p: Problem) -> bool:
    return p.rule == "bestand_onleesbaar" and "out of memory" in p.message.lower()


def run_child(job: dict[str, Any]) -> None:
    """Run one job in a forked child and leave with ``os._exit`` (never returns)."""
    code = 0
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # fd 1 is the host's line to the server: keep it clean
        limits = job["limits"]
        for kind, value in (
            (resource.RLIMIT_AS, limits["address_space"]),
            (resource.RLIMIT_CPU, int(limits["seconds"]) + 1),
            (resource.RLIMIT_FSIZE, limits["file_bytes"]),
        ):
            resource.setrlimit(kind, (value, value))
        result = check_file(
            Path(job["path"]),
            job["theme"],
            job["lang"],
            job["parents"],
            Path(job["out"]),
            limits["memory_bytes"],
        )
        body = {
            "problems": [p.as_dict() for p in result.problems],
            "sheets": result.sheets,
            "failure": result.failure,
        }
        result_file = Path(job["out"]) / "result.json"
        partial = result_file.with_suffix(".part")
        partial.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        partial.replace(result_file)
    except MemoryError:
        code = 3
    except BaseException as e:  # a bug: say so in one line on stderr, the server log
        code = 4
        try:
            sys.stderr.write(f"jbr upload worker: unexpected {type(e).__name__}: {e}\n")
            sys.stderr.flush()
        except BaseException:
            pass
    os._exit(code)
