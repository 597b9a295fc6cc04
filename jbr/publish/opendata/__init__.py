"""``opendata/``: every published figure as a Frictionless Data Package and as Parquet
(SPEC §6), one idea per module.

What is public comes from the store's publication snapshots (``jbr publish --year Y``,
``jbr.store.access``): a year that was never published is in no file here. Each
publication event is a version of the set; a second publication of a year is a
correction, and every earlier version stays downloadable under ``versions/<n>/``.

Files (the current version at the top, each version complete in its own folder):

- ``figures.csv`` / ``.parquet``: one row per published figure (SPEC §2's keys plus the
  figure's permanent URL). Every row has a value or a marker with its reason in
  ``notes``: a figure describing fewer than ten persons has an empty ``value``,
  ``suppressed=true`` and the mark ``*`` — never the number; a figure that could not
  be computed (no base, nothing delivered) the mark ``.``. Values are rounded to the
  precision of their indicator (``indicators.csv`` column ``decimals``), the precision
  the report prints, so that no float noise (2095.216899999989) is published.
- ``indicators.csv`` / ``.parquet``: the catalogue (SPEC §5) the figures refer to.
- ``ministries.csv`` / ``.parquet``: the ministry code list (and ``RIJK``).
- ``datapackage.json``: table schemas, keys, licence CC0-1.0, sources, versions.
- ``dcat.jsonld``: the DCAT-AP-DONL record for data.overheid.nl (``dcat.py``).

The modules, each importing only those above it:

- ``values``: a value at its indicator's precision, or a marker with its reason;
- ``permalinks``: a figure's permanent URL path and a category's anchor;
- ``schema``: the tables' fields (Table Schema) and keys, with or without a base URL;
- ``tables``: the rows of ``figures``, ``indicators`` and ``ministries``;
- ``package``: the ``datapackage.json`` descriptor of a version, and its URLs;
- ``write``: the files of every version, a version once written kept (``write_opendata``).

Importers name the module that holds what they use; this package imports none of them.
The data set is described in Dutch only (its readers are data.overheid.nl's), so its
texts stay in these modules rather than in the language catalogue.
"""
