"""The columnar limit: the gender figure and the worklist total computed with plain pandas over flat rows."""

import pandas as pd

from gapkit.figures.base import run_query
from gapkit.model.tables import GROUP_VALUES, GROUPS


def extract(endpoint) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The flat rows, extracted once (through the same query-file path as every figure)."""
    values, _ = run_query(endpoint, "flat_gender_values")
    articles, _ = run_query(endpoint, "flat_articles")
    return values.frame, articles.frame


def gender_groups(values: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """people per (site, gender group), one group per person, as DESIGN.md defines it."""
    group_of = {qid: group for group, qids in GROUP_VALUES.items() for qid in qids}
    per_person = values.assign(group=values["value"].map(group_of).fillna("other")).groupby("person")["group"]
    groups = per_person.first().where(per_person.nunique() == 1, "other")  # a mix of groups is "other"
    joined = articles.assign(gender=articles["person"].map(groups).fillna("no_gender"))
    counts = joined.groupby(["site", "gender"]).size().rename("people").reset_index()
    return counts[counts["gender"].isin(GROUPS)]


def worklist_total(articles: pd.DataFrame, target_site: str, k: int = 1) -> int:
    """Humans with no article on the target site and at least k Wikipedia articles."""
    counts = articles.groupby("person").size()
    in_target = counts.index.isin(articles.loc[articles["site"] == target_site, "person"])
    return int(((~in_target) & (counts >= k)).sum())
