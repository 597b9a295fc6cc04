"""The government real-estate portfolio (Rijksvastgoedbedrijf) of the demo (SPEC §5.4).

About 2,000 buildings at full scale, of which about 140 offices holding some
2,000,000 m² gross floor area in 2024 (Kamerstuk 31490-336), mostly in the
Randstad. Building ids stay the same over the years; at the 2024
reorganisation a building passes to its main user's successor ministry.

The offices of 2024 are shared out so that each ministry's office floor area
follows its staff (the personnel demo's fte share), about 12–13 m² per fte, less
where much of the work is outside offices (prisons, defence bases): no ministry
ends up with several times the floor area its people need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

from jbr.codelists import provinces, reorganisations

from .information_common import YEARS, map_building_users, table, weights_for, year_codes

OFFICES_2024 = {"full": 140, "small": 20}
BUILDINGS = {"full": 2000, "small": 200}
OFFICE_M2_2024 = 2_000_000  # for 140 offices; scaled with the office count

OFFICE_USERS = {
    "AZ": 0.01,
    "BZ": 0.03,
    "BZK": 0.18,
    "DEF": 0.05,
    "EZK": 0.07,
    "FIN": 0.20,
    "IenW": 0.10,
    "JenV": 0.15,
    "LNV": 0.05,
    "OCW": 0.05,
    "SZW": 0.05,
    "VWS": 0.05,
}
OTHER_USERS = {
    "AZ": 0.002,
    "BZ": 0.01,
    "BZK": 0.03,
    "DEF": 0.33,
    "EZK": 0.03,
    "FIN": 0.07,
    "IenW": 0.14,
    "JenV": 0.33,
    "LNV": 0.03,
    "OCW": 0.03,
    "SZW": 0.005,
    "VWS": 0.02,
}
# Province weights by name; the Randstad dominates, offices even more so.
OFFICE_PLACES = {
    "Zuid-Holland": 0.40,
    "Noord-Holland": 0.12,
    "Utrecht": 0.12,
    "Flevoland": 0.03,
    "Groningen": 0.06,
    "Gelderland": 0.06,
    "Noord-Brabant": 0.06,
    "Overijssel": 0.05,
    "Limburg": 0.05,
    "Fryslân": 0.02,
    "Drenthe": 0.02,
    "Zeeland": 0.01,
}
OTHER_PLACES = {
    "Zuid-Holland": 0.18,
    "Noord-Holland": 0.12,
    "Utrecht": 0.10,
    "Flevoland": 0.03,
    "Groningen": 0.05,
    "Gelderland": 0.14,
    "Noord-Brabant": 0.12,
    "Overijssel": 0.06,
    "Limburg": 0.06,
    "Fryslân": 0.04,
    "Drenthe": 0.05,
    "Zeeland": 0.04,
    "Caribisch Nederland": 0.01,
}
CITIES = {
    "Groningen": ("Groningen", "Veendam", "Delfzijl"),
    "Fryslân": ("Leeuwarden", "Heerenveen", "Sneek"),
    "Drenthe": ("Assen", "Emmen", "Veenhuizen"),
    "Overijssel": ("Zwolle", "Enschede", "Deventer", "Almelo"),
    "Flevoland": ("Lelystad", "Almere"),
    "Gelderland": ("Arnhem", "Apeldoorn", "Nijmegen", "Ede", "Doetinchem"),
    "Utrecht": ("Utrecht", "Amersfoort", "Zeist", "Nieuwegein"),
    "Noord-Holland": ("Amsterdam", "Haarlem", "Den Helder", "Alkmaar", "Hoofddorp"),
    "Zuid-Holland": ("Den Haag", "Rotterdam", "Leiden", "Zoetermeer", "Delft", "Dordrecht"),
    "Zeeland": ("Middelburg", "Vlissingen", "Goes"),
    "Noord-Brabant": ("'s-Hertogenbosch", "Eindhoven", "Tilburg", "Breda", "Vught"),
    "Limburg": ("Maastricht", "Heerlen", "Roermond", "Venlo"),
    "Caribisch Nederland": ("Kralendijk", "Oranjestad", "The Bottom"),
}
STREETS = (
    "Rijnstraat",
    "Turfmarkt",
    "Stationsplein",
    "Kerkstraat",
    "Marktplein",
    "Parkweg",
    "Wilhelminalaan",
    "Europalaan",
    "Koningskade",
    "Prinses Beatrixlaan",
    "Nieuwe Uitleg",
    "Bezuidenhoutseweg",
    "Stadhuisplein",
    "Croeselaan",
    "Laan van Puntenburg",
)
KINDS = {"JenV": "Justitieel complex", "DEF": "Defensieterrein", "IenW": "Steunpunt"}
# Office floor area per fte relative to the Rijk (assumed): less where much of the work
# is not done at an office desk.
OFFICE_INTENSITY = {"DEF": 0.5, "JenV": 0.6, "AenM": 0.8}

SCHEMA = (
    ("gebouw_id", pa.string()),
    ("naam", pa.string()),
    ("ministerie", pa.string()),
    ("provincie", pa.string()),
    ("bvo_m2", pa.float64()),
    ("werkplekken", pa.int64()),
    ("kantoor", pa.bool_()),
    ("leegstand_m2", pa.float64()),
    ("jaar", pa.int64()),
)


@dataclass(frozen=True)
class Portfolio:
    """Every building that is in the portfolio in any demo year (arrays, one entry a building)."""

    gebouw_id: np.ndarray
    naam: np.ndarray
    user: np.ndarray  # main user before the 2024 reorganisation
    user_after: np.ndarray  # main user after it
    provincie: np.ndarray
    bvo_m2: np.ndarray
    werkplekken: np.ndarray  # -1 = not recorded
    kantoor: np.ndarray
    first_year: np.ndarray
    last_year: np.ndarray
    vacancy: np.ndarray  # (building, year) share of bvo empty

    def active(self, year: int) -> np.ndarray:
        return (self.first_year <= year) & (self.last_year >= year)

    def user_in(self, year: int) -> np.ndarray:
        """Main users valid on 31 December of ``year``."""
        valid = np.isin(self.user_after, year_codes(year))
        return np.where(valid, self.user_after, self.user)


def _pick_places(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    known = [p for p in provinces() if p.name_nl in weights]
    w = np.array([weights[p.name_nl] for p in known])
    return rng.choice(np.arange(len(known)), size=n, p=w / w.sum())


def portfolio(rng: np.random.Generator, scale: str) -> Portfolio:
    """Draw the portfolio once; each year's register is a view of it."""
    offices_2024 = OFFICES_2024[scale]
    n_office = round(offices_2024 * 1.08)
    n = BUILDINGS[scale] + round(BUILDINGS[scale] * 0.04)
    office = np.zeros(n, dtype=bool)
    office[rng.choice(n, n_office, replace=False)] = True
    codes = np.array(year_codes(YEARS[0]))
    user = np.where(
        office,
        rng.choice(codes, n, p=weights_for(codes, OFFICE_USERS)),
        rng.choice(codes, n, p=weights_for(codes, OTHER_USERS)),
    )
    known = [p for p in provinces() if p.name_nl in OTHER_PLACES]
    place = np.where(
        office, _pick_places(rng, OFFICE_PLACES, n), _pick_places(rng, OTHER_PLACES, n)
    )
    provincie = np.array([known[i].code for i in place])
    province_name = [known[i].name_nl for i in place]

    # Who leaves or joins: a few offices are sold off over the years (fewer, larger
    # offices), a few other buildings come and go.
    first_year = np.full(n, YEARS[0])
    last_year = np.full(n, YEARS[-1])
    leaving_offices = rng.choice(np.flatnonzero(office), n_office - offices_2024, replace=False)
    last_year[leaving_offices] = rng.integers(YEARS[0], YEARS[-1], leaving_offices.size)
    others = np.flatnonzero(~office)
    churn = rng.choice(others, round(others.size * 0.08), replace=False)
    half = churn.size // 2
    last_year[churn[:half]] = rng.integers(YEARS[0], YEARS[-1], half)
    first_year[churn[half:]] = rng.integers(YEARS[0] + 1, YEARS[-1] + 1, churn.size - half)

    bvo = np.where(
        office, rng.lognormal(np.log(10_000), 0.8, n), rng.lognormal(np.log(2_500), 1.1, n)
    )
    in_2024 = office & (last_year == YEARS[-1])
    bvo[office] *= OFFICE_M2_2024 * offices_2024 / 140 / bvo[in_2024].sum()
    bvo = np.round(np.clip(bvo, 150, None), -1)
    user, user_after = _office_users(rng, office, in_2024, bvo, user)
    # An office of 2024 stands where its ministry's staff work (AZ's in The Hague).
    for i, k in _office_places(rng, user_after, np.flatnonzero(in_2024), known).items():
        provincie[i], province_name[i] = known[k].code, known[k].name_nl
    workplaces = np.where(
        office,
        np.round(bvo / rng.uniform(17, 24, n)),
        np.where(rng.random(n) < 0.5, np.round(bvo / rng.uniform(60, 120, n)), -1),
    ).astype(int)
    vacancy = np.where(
        rng.random((n, len(YEARS))) < 0.08, rng.uniform(0.03, 0.5, (n, len(YEARS))), 0.0
    )
    vacancy[rng.random(n) < 0.6] = 0.0  # vacancy sticks to a minority of buildings

    ids = rng.choice(np.arange(1, 10_000), n, replace=False)
    ids.sort()
    streets = rng.choice(np.array(STREETS), n)
    numbers = rng.integers(1, 250, n)
    names = []
    for i in range(n):
        city = str(rng.choice(CITIES.get(province_name[i], (province_name[i],))))
        kind = "Rijkskantoor" if office[i] else KINDS.get(str(user[i]), "Rijksgebouw")
        names.append(f"{kind} {city}, {streets[i]} {numbers[i]}")
    return Portfolio(
        gebouw_id=np.array([f"RVB-{i:06d}" for i in ids]),
        naam=np.array(names),
        user=user,
        user_after=user_after,
        provincie=provincie,
        bvo_m2=bvo,
        werkplekken=workplaces,
        kantoor=office,
        first_year=first_year,
        last_year=last_year,
        vacancy=vacancy,
    )


def _office_targets() -> dict[str, float]:
    """Share of the 2024 office floor area per ministry of 31 December 2024: its fte
    share in the personnel demo × OFFICE_INTENSITY."""
    from ._people_tables import Lists, ministry_shares

    lists = Lists.load()
    shares = ministry_shares(lists, date(YEARS[-1], 12, 31))
    weight = {
        code: float(share) * OFFICE_INTENSITY.get(code, 1.0)
        for code, share in zip(lists.ministries, shares, strict=True)
        if share > 0
    }
    total = sum(weight.values())
    return {code: w / total for code, w in weight.items()}


def _office_users(
    rng: np.random.Generator,
    office: np.ndarray,
    in_2024: np.ndarray,
    bvo: np.ndarray,
    drawn: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Main users before and after the 2024 reorganisation.

    The offices still in use in 2024 go, largest first, to the ministry furthest below
    its target floor area (_office_targets), so floor area follows staff; their user
    before the reorganisation is the successor's predecessor (KGG's office was EZK's).
    Every other building keeps its drawn user and passes to a successor by
    successor_shares.
    """
    after = map_building_users(drawn, rng)
    before = drawn.astype(object).copy()
    after = after.astype(object)
    targets = _office_targets()
    codes = list(targets)
    want = np.array([targets[c] for c in codes]) * bvo[in_2024].sum()
    have = np.zeros(len(codes))
    predecessor = {r.new: r.old for r in reorganisations()}
    for i in sorted(np.flatnonzero(in_2024), key=lambda i: (-bvo[i], i)):
        k = int(np.argmax(want - have))
        have[k] += bvo[i]
        after[i] = codes[k]
        before[i] = predecessor.get(codes[k], codes[k])
    return before.astype(str), after.astype(str)


def _office_places(
    rng: np.random.Generator, users: np.ndarray, rows: np.ndarray, known: list
) -> dict[int, int]:
    """For each office row, a province (index into ``known``) drawn from where its user's
    staff work in the personnel demo (posts abroad left out)."""
    from ._people_tables import Lists, province_weights

    lists = Lists.load()
    weights = province_weights(lists)
    codes = [p.code for p in known]
    columns = [lists.provinces.index(c) for c in codes if c in lists.provinces]
    places = [k for k, c in enumerate(codes) if c in lists.provinces]
    out = {}
    for i in rows:
        w = weights[lists.ministries.index(str(users[i])), columns]
        out[int(i)] = places[int(rng.choice(len(places), p=w / w.sum()))]
    return out


def register(buildings: Portfolio, year: int) -> pa.Table:
    """The ``gebouwen`` register of ``year`` (with its ``jaar``)."""
    rows = np.flatnonzero(buildings.active(year))
    vacant = np.round(buildings.bvo_m2[rows] * buildings.vacancy[rows, year - YEARS[0]], -1)
    workplaces = buildings.werkplekken[rows]
    return table(
        {
            "gebouw_id": buildings.gebouw_id[rows],
            "naam": buildings.naam[rows],
            "ministerie": buildings.user_in(year)[rows],
            "provincie": buildings.provincie[rows],
            "bvo_m2": buildings.bvo_m2[rows],
            "werkplekken": pa.array(workplaces, type=pa.int64(), mask=workplaces < 0),
            "kantoor": buildings.kantoor[rows],
            "leegstand_m2": vacant,
            "jaar": np.full(rows.size, year),
        },
        SCHEMA,
    )
