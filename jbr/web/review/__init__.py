"""``review/``: review before publication in the portal and the API (wederhoor, SPEC §8,
issue 17).

A *reviewer* token (``jbr token create --role reviewer --ministry M``) sees only its own
ministry's figures and records per chapter "akkoord" or a comment; which ministry is
never taken from the URL or the body, always from the token, so a reviewer can neither
see nor judge another ministry's figures (another ministry's page is 404, as if it did
not exist). A *coordinator* token (the JBR team) reads the state of every ministry and
chapter and each ministry's figures, and decides nothing here (overrides are
``jbr review override``). A supplier's token has no part in the review.

A decision names the fingerprint of the figures the reviewer saw: if they were sent
again meanwhile, the decision is refused (409) and the page shows the new figures.

The modules, each importing only those above it:

- ``scope``: what a request may name (year, chapter, a ministry the token may see);
- ``records``: the review's state read from the store, a decision recorded;
- ``pages``: the portal pages (``portal_router``);
- ``api``: the API (``api_router``).

Its words, in Dutch and English, are in ``jbr/locale/<lang>/wederhoor.toml``.
"""
