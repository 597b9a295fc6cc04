"""``charts/``: the report's and the site's charts, one idea per module.

Two kinds, both drawn from ``PublishedFigures`` (suppressed figures are gaps, never drawn):
the Rijk figure of an indicator over the years (``trend``), and the ministries of a year
as bars (``bars.py`` beside this package, with the same style, axes, words and drawing).
Each is a Vega-Lite spec (built with Altair) rendered offline as SVG by vl-convert and
embedded inline in the HTML; the PDFs take the same drawing in fewer elements, as an
image (``svgprint.py``).

Accessibility (SPEC §6, WCAG 2.1 AA):

- ``Chart.alt`` states the trend in words — first and last value, the peak when it lies
  in between, the target and its status, the prognosis — and is the visible caption;
- ``Chart.description`` is the SVG's accessible name (and, through its ``<title>``, the
  PDF figure's alternative text: the print image's ``alt``): what the picture is — a line
  per year, which years, how the target and the prognosis are drawn, the axis unit — so
  that it adds to the caption instead of repeating it (a screen reader reads both);
- colour is never the only carrier: the series differ in colour (each ≥ 4.5:1 on white),
  dash and point shape, and a legend names them; the chart's data are in the table
  beside it.

The modules, each importing only those above it:

- ``style``: colours, font, size, tick count and the configuration every spec ends with;
- ``words``: the charts' words, from the catalogue (``jbr/locale/*/grafieken.toml``);
- ``axes``: honest axes: the years labelled on a time axis, amounts in millions;
- ``model``: ``Chart``, which indicators get a trend and the figures it draws, and the
  version of the drawing code that names the site's chart files;
- ``rows``: the data rows a trend draws: the series, the target's line, the prognosis;
- ``alt_text``: the trend in words (the caption) and what the picture is (its name);
- ``render``: the SVG (vl-convert) and the tick labels a reader sees;
- ``trend``: the trend's Vega-Lite spec and ``trend_chart``, the whole chart.

Importers name the module that holds what they use; this package imports none of them.
"""
