"""Personnel (SPEC §5.1, chapter "Personeel"): the staff at year end, their profile,
absence, vacancies and spending (``staff``), and the flows between month-ends (``flows``)."""

from . import flows, staff  # noqa: F401  (register the computations)
