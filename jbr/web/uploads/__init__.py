"""``uploads/``: receiving a delivery through the portal: size, type, a safe place, a capped
reader, jbr's own store.

The file is written under ``<store dir>/uploads/<random id>/<clean name>``: the
directory is generated, the client's name is reduced to one plain file name. The file is
then read and checked in a worker process with memory and time caps (``jbr.web.worker``),
without the store lock; a worker that passes a cap is killed and the supplier told why.
Only storing the checked rows takes the lock (``jbr.store.load.store_checked``), with one
more rule first, for every file (an identical one too): every row must be for the token's
ministry, and a combination delivered by another portal supplier is not replaced. A
rejected file stores nothing and is deleted again; every attempt is logged in the store's
``uploads`` table.

The modules, each importing only those above it:

- ``problems``: the portal's own problems (a rule broken, a worker stopped by a cap);
- ``arrival``: the file as it arrives: its size cap, a harmless name, its type;
- ``acceptance``: own ministry only, and not over another portal supplier's delivery;
- ``parents``: the parent rows a child theme refers to, snapshot and change mark;
- ``storing``: check in a worker, store and log under the lock;
- ``receive``: one upload from stream to ``Received`` (``receive``, ``receive_upload``).
"""
