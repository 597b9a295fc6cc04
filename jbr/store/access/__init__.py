"""``access/``: who may deliver and what is public: portal tokens, uploads and publications
(SPEC §2, §7).

All three are append-only, like the rest of the store: a token is revoked by stamping
``revoked`` once (never cleared), a year is published by adding a publication row with a
snapshot of its public figures, and every upload attempt of the portal is logged,
accepted or not. A store without these tables has no tokens, no uploads and **nothing
published** (the safe default).

The modules, each importing only those above it:

- ``tables``: the access tables, created when first used; a read-only connection;
- ``tokens``: portal tokens and their roles (create, revoke, check a secret);
- ``uploads``: the portal's log of upload attempts;
- ``published``: publications and their figure snapshots (the embargo).
"""
