"""UI text lives in the message catalogs: every message has its English translation, no
template or web module shows Chinese text outside a translation call, and English mode
translates what users read (labels, units, inspection kinds, place names)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from jinja2 import Environment, nodes

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "web" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "N_": None, "QueryError": None, "ParamError": None, "ClusterError": None,
            "not_found": None}
HAN = re.compile(r"[\u3400-\u9fff]")


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    """The extraction rules of web/babel.cfg (the same file ``make catalog`` uses)."""
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "web" / "babel.cfg", encoding="utf-8") as fh:
        return parse_mapping_cfg(fh)


def _source_messages() -> set[str | tuple[str, ...]]:
    import sys

    sys.path.insert(0, str(ROOT))
    method_map, options_map = _method_map()
    out: set = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        out.add(message)
    return out


@pytest.fixture(scope="module")
def catalog():
    with open(CATALOG, "rb") as fh:
        return read_po(fh, locale="en")


def test_every_message_has_an_english_translation(catalog):
    messages = _source_messages()
    assert len(messages) > 200
    missing = []
    for message in messages:
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid)
        strings = entry.string if entry else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(msgid)
    assert not missing, f"untranslated (run `make catalog`, then translate): {missing[:10]}"


def test_catalog_has_no_stale_entries_and_placeholders_match(catalog):
    ids = {m[0] if isinstance(m, tuple) else m for m in _source_messages()}
    stale = [m.id for m in catalog if m.id and (m.id[0] if isinstance(m.id, tuple)
                                                else m.id) not in ids]
    assert not stale, f"catalog entries no source uses: {stale[:10]}"
    problems = [(m.id, [str(e) for e in errs]) for m, errs in catalog.check()]
    assert not problems, problems[:5]


# Module-level data whose Chinese text is data, not UI: query examples and the pieces of
# place names that pinyin is made of.
DATA_CONSTANTS = {("views.py", "EXAMPLES"), ("i18n.py", "_SUFFIXES"), ("i18n.py", "_ETHNIC"),
                  ("i18n.py", "_SPELLING"), ("i18n.py", "_ETHNIC_GROUP"), ("fmt.py", "MONEY_UNIT")}


def _han_strings_outside_messages(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(
                node.func, "attr", "")
            if name in KEYWORDS and node.args:
                allowed.update(id(n) for n in ast.walk(node.args[0]))
        elif isinstance(node, ast.Dict):  # codes the data uses (units, kinds) as keys
            allowed.update(id(n) for k in node.keys if k is not None for n in ast.walk(k))
        elif isinstance(node, ast.Compare):
            allowed.update(id(n) for n in ast.walk(node))
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and (path.name, t.id) in DATA_CONSTANTS
                for t in node.targets):
            allowed.update(id(n) for n in ast.walk(node.value))
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and HAN.search(n.value) and id(n) not in allowed
            and not (isinstance(n, ast.Constant) and _is_docstring(tree, n))]


def _is_docstring(tree: ast.AST, const: ast.Constant) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and first.value is const:
                return True
    return False


@pytest.mark.parametrize("path", [*sorted((ROOT / "web").glob("*.py")), ROOT / "app.py"],
                         ids=lambda p: p.name)
def test_no_ui_text_outside_the_catalogs_in_python(path):
    assert _han_strings_outside_messages(path) == []


@pytest.mark.parametrize("path", sorted((ROOT / "templates").glob("*.html")),
                         ids=lambda p: p.name)
def test_no_ui_text_outside_translation_calls_in_templates(path):
    env = Environment(extensions=["jinja2.ext.i18n"])
    tree = env.parse(path.read_text(encoding="utf-8"))
    loose = [n.data.strip() for n in tree.find_all(nodes.TemplateData) if HAN.search(n.data)]
    assert loose == []


# ---------------------------------------------------------------- English mode

def test_english_translates_units_kinds_places_and_levels(client):
    doc = BeautifulSoup(client.get("/?q=整改&lang=en").get_data(as_text=True), "html.parser")
    province = doc.select_one(".facet[data-facet=province] .facet-link .fv").get_text()
    assert re.fullmatch(r"[A-Z][a-z]+( [A-Z][a-z]+)* [\u4e00-\u9fff]+", province), province
    kinds = [el.get_text() for el in doc.select(".facet[data-facet=kind] .fv")]
    assert kinds and all("Inspection (xun" in k for k in kinds), kinds
    levels = {el.get_text() for el in doc.select(".facet[data-facet=level] .fv")}
    assert levels <= {"Central", "Provincial", "Prefecture", "County"}, levels
    meta = doc.select_one(".hit .meta .region").get_text()
    assert re.search(r"[A-Z][a-z]+ (Sheng|Shi|Zizhiqu) ", meta), meta


@pytest.mark.parametrize(("name", "pinyin"), [
    ("湖南省", "Hunan Sheng"), ("重庆市", "Chongqing Shi"), ("陕西省", "Shaanxi Sheng"),
    ("广西壮族自治区", "Guangxi Zhuangzu Zizhiqu"), ("内蒙古自治区", "Neimenggu Zizhiqu"),
    ("湘西土家族苗族自治州", "Xiangxi Tujiazu Miaozu Zizhizhou"), ("上城区", "Shangcheng Qu"),
    ("香港特别行政区", "Xianggang Tebiexingzhengqu"),
])
def test_place_names_in_pinyin(name, pinyin):
    from web.i18n import pinyin_name

    assert pinyin_name(name) == pinyin


def test_english_figures_have_english_units(client):
    doc = BeautifulSoup(client.get("/figures?lang=en").get_data(as_text=True), "html.parser")
    heads = [th.get_text(strip=True) for th in doc.select(".figures-table thead th")]
    assert "Cases opened" in " ".join(heads) or "Problems fed back" in " ".join(heads)
    money = [td for td in doc.select('td[data-label="money_recovered"]') if td.get("title")]
    for td in money:
        assert "yuan" in td.get_text() and "元" not in td.get_text()
