"""Languages: Flask-Babel set-up, the request's language, and English forms of names.

Chinese (``zh_CN``) is the default and the catalogs' source language: message ids
are the Chinese texts, ``web/translations/en`` translates them. Place names have
no catalog entry; in English they are shown in Hanyu Pinyin beside the Chinese
(``Hunan Sheng 湖南省``), from pypinyin."""

from __future__ import annotations

import re
from functools import lru_cache

from flask import Flask, g, request
from flask_babel import Babel, force_locale, gettext
from pypinyin import lazy_pinyin

LANGS = {"zh": "zh_CN", "en": "en"}  # the ``lang`` parameter → Babel locale
LANG_COOKIE = "lang"

# Administrative suffixes, longest first, and the ethnic names of autonomous areas,
# so that 湘西土家族苗族自治州 reads "Xiangxi Tujiazu Miaozu Zizhizhou".
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "地区", "新区",
             "省", "市", "县", "区", "旗", "盟", "州")
_ETHNIC = ("维吾尔", "哈萨克", "柯尔克孜", "达斡尔", "鄂温克", "鄂伦春", "塔吉克", "蒙古",
           "土家", "布依", "哈尼", "傈僳", "拉祜", "纳西", "景颇", "朝鲜", "仡佬", "锡伯",
           "毛南", "仫佬", "普米", "独龙", "撒拉", "保安", "东乡", "裕固", "壮", "回", "藏",
           "苗", "彝", "侗", "瑶", "白", "傣", "黎", "佤", "羌", "土", "畲", "水", "满", "怒",
           "各")
_ETHNIC_GROUP = "(?:" + "|".join(_ETHNIC) + ")族"
_ETHNIC_RE = re.compile(f"(?:{_ETHNIC_GROUP})+$")
_SPELLING = {"陕西": "Shaanxi"}  # the official spelling that tells it from 山西 Shanxi


def current_lang() -> str:
    return getattr(g, "lang", "zh")


def select_lang() -> None:
    """The request's language: ``?lang=``, else the cookie, else Chinese."""
    lang = request.args.get("lang")
    if lang not in LANGS:
        lang = request.cookies.get(LANG_COOKIE)
    g.lang = lang if lang in LANGS else "zh"


def N_(message: str) -> str:
    """Mark a message id for extraction where it is translated later (``both``, ``_``)."""
    return message


def both(message: str, **params: object) -> tuple[str, str]:
    """A message in Chinese and in English (JSON error bodies carry both)."""
    zh = message % params if params else message
    with force_locale("en"):
        return zh, gettext(message, **params)


def _cap(syllables: list[str]) -> str:
    return "".join(syllables).capitalize()


@lru_cache(maxsize=4096)
def pinyin_name(name: str) -> str:
    """``湖南省`` → ``Hunan Sheng``; ``广西壮族自治区`` → ``Guangxi Zhuangzu Zizhiqu``."""
    base, words = name, []
    for suffix in _SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            base, words = base[:-len(suffix)], [_cap(lazy_pinyin(suffix))]
            break
    if words and words[0].startswith("Zizhi") and (m := _ETHNIC_RE.search(base)):
        ethnic = re.findall(_ETHNIC_GROUP, m.group(0))
        base = base[:m.start()]
        words = [_cap(lazy_pinyin(e)) for e in ethnic] + words
    head = _SPELLING.get(base) or _cap(lazy_pinyin(base))
    return " ".join([head, *words]) if base else " ".join(words)


def pinyin_short(name: str) -> str:
    """A place in pinyin without its administrative suffix, for chart labels: ``Hunan``."""
    return pinyin_name(name).split(" ")[0]


def place(name: str) -> str:
    """A place name for display: as is in Chinese, pinyin beside it in English (a value
    typed in Latin letters, such as a filter ``province=Hunan``, is shown as typed)."""
    if not name or current_lang() != "en" or name.isascii():
        return name
    return f"{pinyin_name(name)} {name}"


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "zh_CN")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "web/translations")
    Babel(app, locale_selector=lambda: LANGS[current_lang()])


def extract_vocabulary(fileobj, keywords, comment_tags, options):
    """Babel extractor for the indexer's figure labels and reasons, which the app
    translates by value (``gettext(LABELS[key])``): one definition, in
    ``analysis/vocab.py``."""
    from analysis.vocab import FIGURE_LABELS as LABELS
    from analysis.vocab import FIGURE_REASONS as REASONS

    for label in LABELS.values():
        yield 0, "gettext", label, ["figure label (indexer/figures.py)"]
    for reason in REASONS.values():
        yield 0, "gettext", reason, ["why a figure is shown (indexer/figures.py)"]
