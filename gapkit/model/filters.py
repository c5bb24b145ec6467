"""The shared filters (gender group, region, country, occupation, birth years): checked once, bound into every query."""

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gapkit.errors import BadInput
from gapkit.model.identifiers import parse_qid, parse_year
from gapkit.model.tables import CONTINENTS, GROUPS, NO_COUNTRY, REGION_LABELS, UNMAPPED


@dataclass(frozen=True)
class Filters:
    """Which people a figure or worklist counts; every field optional. Build it with `make_filters`."""

    gender: str | None = None  # a gender group
    region: str | None = None  # a continent QID, "unmapped" or "no_country"
    country: tuple[str, ...] = ()  # countries of citizenship: any of them
    occupation: tuple[str, ...] = ()  # own occupations: any of them
    narrower: bool = False  # the occupations also match their narrower occupations (P279 paths)
    born_from: int | None = None  # historical years, inclusive; unknown years are left out when either is set
    born_to: int | None = None
    living: str | None = None  # DESIGN.md "Living": yes, no or unknown (birth year unknown, no date of death)
    living_since: int | None = None  # the earliest birth year of someone who may be living, fixed when made
    # (QID, label) of the chosen countries and occupations that have one: what describe() and exports name them
    # by ("occupation writer (Q36180)"); the query parameters never use them. Set with `named`.
    labels: tuple[tuple[str, str], ...] = ()

    def params(self) -> dict[str, object]:
        """The query parameters of queries/fragments/person_filters.rq; absent filters leave no trace."""
        params: dict[str, object] = {}
        if self.gender:
            params["gender_filter"] = [self.gender]
        if self.region == UNMAPPED:
            params["unmapped_filter"] = True
        elif self.region == NO_COUNTRY:
            params["no_country_filter"] = True
        elif self.region:
            params["region_filter"] = [self.region]
        if self.country:
            params["country_filter"] = list(self.country)
        if self.occupation:
            params["occupation_tree_filter" if self.narrower else "occupation_filter"] = list(self.occupation)
        if self.born_from is not None or self.born_to is not None:
            params["born_filter"] = (self.born_from, self.born_to)
        if self.living:
            params["living_filter"] = [self.living]
            params["living_since"] = [self.living_since]
        return params

    def scope(self) -> dict[str, object]:
        """The filters that are set, as written beside exports and into page URLs."""
        scope: dict[str, object] = {}
        if self.gender:
            scope["gender"] = self.gender
        if self.region:
            scope["region"] = self.region
        if self.country:
            scope["country"] = ",".join(self.country)
            if any(self.label(qid) for qid in self.country):
                scope["country_labels"] = [self.label(qid) for qid in self.country]
        if self.occupation:
            scope["occupation"] = ",".join(self.occupation)
            scope["narrower"] = self.narrower
            if any(self.label(qid) for qid in self.occupation):
                scope["occupation_labels"] = [self.label(qid) for qid in self.occupation]
        if self.born_from is not None:
            scope["born_from"] = self.born_from
        if self.born_to is not None:
            scope["born_to"] = self.born_to
        if self.living:
            scope["living"] = self.living
        return scope

    def describe(self) -> str:
        """One line for a chart footer or a page: which people are counted."""
        parts = []
        if self.gender:
            parts.append(f"gender group {self.gender.replace('_', ' ')}")
        if self.region:
            parts.append(f"region {REGION_LABELS.get(self.region, self.region)}")
        if self.country:
            parts.append("citizens of " + " or ".join(self.named_item(qid) for qid in self.country))
        if self.occupation:
            tree = " or narrower" if self.narrower else ""
            parts.append("occupation " + " or ".join(self.named_item(qid) for qid in self.occupation) + tree)
        if self.born_from is not None or self.born_to is not None:
            low = "" if self.born_from is None else _year_text(self.born_from)
            high = "" if self.born_to is None else _year_text(self.born_to)
            parts.append(f"born {low}-{high} (unknown years left out)")
        if self.living:
            parts.append(LIVING_TEXT[self.living].format(since=self.living_since))
        return "Filters: " + "; ".join(parts) + "." if parts else ""

    def named(self, labels: Mapping[str, str]) -> "Filters":
        """These filters with the labels of their chosen countries and occupations (from `labels`, QID -> label;
        an empty or absent label leaves the QID alone)."""
        chosen = dict.fromkeys((*self.country, *self.occupation))
        found = tuple((qid, str(labels[qid])) for qid in chosen if labels.get(qid))
        return dataclasses.replace(self, labels=found)

    def label(self, qid: str) -> str:
        """The label of a chosen country or occupation, empty when it has none."""
        return dict(self.labels).get(qid, "")

    def named_item(self, qid: str) -> str:
        """A chosen country or occupation as a caption names it: "writer (Q36180)", else the QID."""
        label = self.label(qid)
        return f"{label} ({qid})" if label else qid

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return bool(self.params())


NO_FILTERS = Filters()
LIVING = ("yes", "no", "unknown")
LIVING_YEARS = 115  # DESIGN.md "Living": born within the last 115 years and no date of death
LIVING_TEXT = {
    "yes": "may be living (no date of death, born {since} or later)",
    "no": "not living (a date of death, or born before {since})",
    "unknown": "living unknown (no date of death, birth year unknown)",
}
REGION_CHOICES = (*CONTINENTS, UNMAPPED, NO_COUNTRY)


def _year_text(year: int) -> str:
    return f"{-year} BCE" if year < 0 else str(year)


def _qids(values: Iterable[object] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(parse_qid(v) for v in values or ()))


def make_filters(
    gender: object = None,
    region: object = None,
    country: Iterable[object] | None = None,
    occupation: Iterable[object] | None = None,
    narrower: bool = False,
    born_from: object = None,
    born_to: object = None,
    living: object = None,
    this_year: int | None = None,
) -> Filters:
    """Checked filters from user input (CLI options or URL parameters); raises BadInput in one sentence."""
    if gender not in (None, "") and gender not in GROUPS:
        raise BadInput(f"{str(gender)[:30]!r} is not a gender group (choose one of: {', '.join(GROUPS)}).")
    if region not in (None, "") and region not in REGION_CHOICES:
        raise BadInput(
            f"{str(region)[:30]!r} is not a region (a continent QID such as Q46, or unmapped, or no_country)."
        )
    low = None if born_from in (None, "") else parse_year(born_from)
    high = None if born_to in (None, "") else parse_year(born_to)
    if low is not None and high is not None and low > high:
        raise BadInput(f"The birth years run backwards ({low} is after {high}).")
    if living not in (None, "") and living not in LIVING:
        raise BadInput(f"{str(living)[:30]!r} is not a living status (choose yes, no or unknown).")
    occupations = _qids(occupation)
    this_year = this_year or datetime.date.today().year
    return Filters(
        gender=gender or None,
        region=region or None,
        country=_qids(country),
        occupation=occupations,
        narrower=bool(narrower and occupations),
        born_from=low,
        born_to=high,
        living=living or None,
        living_since=this_year - LIVING_YEARS + 1 if living else None,
    )
