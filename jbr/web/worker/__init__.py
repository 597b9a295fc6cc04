"""Reading and checking an upload in a separate process, with memory and time caps.

Reading a file is where a small upload can cost a lot: one cell at XFD1048576 makes the
xlsx reader allocate 512 GiB, one at J1000000 costs 40 s and 2.4 GB. So ``jbr serve``
never reads an upload itself. A *host* process (``host()`` in a fresh interpreter,
started by the server at the first upload; jbr's readers imported once) forks a fresh
child for each upload. The child caps its own address space, CPU time and file size
(``setrlimit``), reads and checks the file with jbr's own readers and validator in an
in-memory DuckDB, and writes the checked rows as Parquet next to the upload. The host
watches each child's resident memory and wall time and kills it past the caps; the
server turns a killed child into a clear problem for the supplier. None of this holds
the store lock: the server takes it only to store rows a child checked
(``jbr.store.load.store_checked``).

Why a host that forks, not ``multiprocessing``: a child must start in milliseconds (a
fresh interpreter importing DuckDB and jbr takes ~2 s), fork must happen in a
single-threaded process (the server runs threads), and a child must never re-import the
program that started the server (``multiprocessing`` re-runs ``__main__``).

The modules, each importing only those above it:

- ``job``: the caps a job runs under (``Limits``) and what it yields (``Checked``);
- ``child``: the forked child: caps itself, reads and checks one file, writes the rows;
- ``host``: the host loop: a child per job, watched for memory and time;
- ``server``: the server's handle on the host (``Workers``).

This package re-exports their public names (the server starts the host as
``from jbr.web.worker import host; host()``).
"""

from .child import check_file
from .host import host
from .job import CRASH, MEMORY, TIME, Checked, Limits
from .server import Workers

__all__ = ["CRASH", "MEMORY", "TIME", "Checked", "Limits", "Workers", "check_file", "host"]
