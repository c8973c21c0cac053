"""Themes: cluster a set of texts (a contest's ideas, a month's appeals, a poll's answers) into topics.

Each theme has a readable label made of the texts' own key words (Kazakh words for Kazakh texts, Russian
for Russian ones, chosen by class-based TF-IDF over lemmas), the number of distinct residents per
settlement, and 3-5 representative texts (nearest to the theme's centre: an extractive summary).

Every text is masked before anything else happens, so no personal data can reach a label or a
representative text. Staff edits (rename, merge, split) are plain dicts kept by the platform and
re-applied after every clustering run; themes are matched to edits by a key derived from their key
words, falling back to key-word overlap when new texts shifted a theme a little.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from auyl.text.clustering import choose_k, default_k_candidates, kmeans, reduce, topic_dims
from auyl.text.duplicates import canonical
from auyl.text.language import detect_language
from auyl.text.normalize import lemma, prepare, stop_words, tokenize

Item = Mapping[str, object] | str
MATCH_JACCARD = 0.3


@dataclass
class Theme:
    """One theme: stable key, label, key words, members, residents per settlement, representatives."""

    key: str
    label: str
    keywords: list[str]
    labels_by_language: dict[str, str]
    item_ids: list[str]
    authors_by_settlement: dict[str, int]
    representatives: list[dict[str, str]]
    edited: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.item_ids)


@dataclass
class _Corpus:
    ids: list[str]
    texts: list[str]  # masked
    settlements: list[str]
    authors: list[str]
    languages: list[str]
    Z: np.ndarray
    lemma_lists: list[list[str]]
    surfaces: list[list[tuple[str, str]]]  # (lemma, surface) per text


def _normalise_items(items: Iterable[Item]) -> tuple[list[str], list[str], list[str], list[str]]:
    ids, texts, settlements, authors = [], [], [], []
    for n, item in enumerate(items):
        if isinstance(item, str):
            item = {"text": item}
        item_id = str(item.get("id", n))
        ids.append(item_id)
        texts.append(prepare(str(item.get("text", ""))))
        settlements.append(str(item.get("settlement") or ""))
        authors.append(str(item.get("author") or item_id))
    return ids, texts, settlements, authors


def _theme_key(keywords: Sequence[str]) -> str:
    return hashlib.sha1(" ".join(sorted(keywords[:5])).encode()).hexdigest()[:10]


def _keywords(corpus: _Corpus, groups: list[list[int]], top: int = 8) -> list[list[str]]:
    """Class-based TF-IDF: frequent in this theme, rare in the others."""
    counts = [Counter(lem for i in g for lem in set(corpus.lemma_lists[i])) for g in groups]
    doc_freq = Counter(lem for c in counts for lem in c)
    out = []
    for g, c in zip(groups, counts, strict=True):
        scored = {lem: (n / len(g)) * math.log(1 + len(groups) / doc_freq[lem]) for lem, n in c.items() if n > 1
                  or len(g) < 3}
        out.append([lem for lem, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:top]])
    return out


def _labels(corpus: _Corpus, members: list[int], keywords: list[str]) -> dict[str, str]:
    """Per language present in the theme: the most frequent surface word of each top key word."""
    by_language: dict[str, str] = {}
    for language in ("kk", "ru"):
        surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        for i in members:
            if corpus.languages[i] in (language, "mixed"):
                for lem, surface in corpus.surfaces[i]:
                    surfaces[lem][surface] += 1
        words = [surfaces[k].most_common(1)[0][0] for k in keywords if surfaces.get(k)][:3]
        if words:
            by_language[language] = ", ".join(words)
    return by_language


def _build(corpus: _Corpus, members: list[int], keywords: list[str], key: str | None = None) -> Theme:
    by_language = _labels(corpus, members, keywords)
    main = Counter(corpus.languages[i] for i in members).most_common(1)[0][0]
    label = by_language.get(main) or next(iter(by_language.values()), ", ".join(keywords[:3]))
    residents: dict[str, set[str]] = defaultdict(set)
    for i in members:
        residents[corpus.settlements[i]].add(corpus.authors[i])
    centre = corpus.Z[members].mean(axis=0)
    order = sorted(members, key=lambda i: -float(corpus.Z[i] @ centre))
    reps: list[dict[str, str]] = []
    seen: set[str] = set()
    want = 5 if len(members) >= 8 else 3
    for i in order:
        canon = canonical(corpus.texts[i])
        if canon in seen:
            continue
        seen.add(canon)
        reps.append({"id": corpus.ids[i], "text": corpus.texts[i]})
        if len(reps) == want:
            break
    return Theme(key or _theme_key(keywords), label, keywords, by_language, [corpus.ids[i] for i in members],
                 {s: len(a) for s, a in sorted(residents.items())}, reps)


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def _find(themes: list[Theme], key: str, keywords: Sequence[str], members: Sequence[str] = ()) -> Theme | None:
    """The current theme an edit refers to: same key, else most of its texts, else similar key words."""
    for theme in themes:
        if theme.key == key:
            return theme
    if members:
        wanted = set(members)
        best = max(themes, key=lambda t: len(wanted & set(t.item_ids)), default=None)
        if best is not None and len(wanted & set(best.item_ids)) >= 0.4 * len(wanted):
            return best
    best = max(themes, key=lambda t: _jaccard(t.keywords, keywords), default=None)
    if best is not None and _jaccard(best.keywords, keywords) >= MATCH_JACCARD:
        return best
    return None


def rename_edit(theme: Theme, label: str) -> dict[str, object]:
    """An edit that renames ``theme`` on this and every later run."""
    return {"op": "rename", "key": theme.key, "keywords": list(theme.keywords), "members": list(theme.item_ids),
            "label": label}


def merge_edit(themes: Sequence[Theme], label: str | None = None) -> dict[str, object]:
    """An edit that merges ``themes`` into one."""
    return {"op": "merge", "keys": [t.key for t in themes], "keywords": [list(t.keywords) for t in themes],
            "members": [list(t.item_ids) for t in themes], "label": label}


def split_edit(theme: Theme, parts: int = 2) -> dict[str, object]:
    """An edit that splits ``theme`` into ``parts`` sub-themes."""
    return {"op": "split", "key": theme.key, "keywords": list(theme.keywords), "members": list(theme.item_ids),
            "parts": parts}


def _apply(corpus: _Corpus, themes: list[Theme], edit: Mapping[str, object], seed: int) -> list[Theme]:
    index = {item_id: n for n, item_id in enumerate(corpus.ids)}
    op = edit.get("op")
    if op == "rename":
        theme = _find(themes, str(edit["key"]), list(edit.get("keywords") or []),  # type: ignore[call-overload]
                      list(edit.get("members") or []))  # type: ignore[call-overload]
        if theme is not None:
            theme.label = str(edit["label"])
            theme.edited.append("renamed")
        return themes
    if op == "merge":
        keys = list(edit["keys"])  # type: ignore[call-overload]
        kws = list(edit.get("keywords") or [[] for _ in keys])  # type: ignore[call-overload]
        mem = list(edit.get("members") or [[] for _ in keys])  # type: ignore[call-overload]
        found = [t for t in (_find(themes, str(k), kw, m) for k, kw, m in zip(keys, kws, mem, strict=True)) if t]
        found = list({id(t): t for t in found}.values())
        if len(found) < 2:
            return themes
        members = [index[i] for t in found for i in t.item_ids]
        merged = _build(corpus, members, [k for t in found for k in t.keywords][:8],
                        key="m-" + hashlib.sha1(" ".join(sorted(map(str, keys))).encode()).hexdigest()[:10])
        if edit.get("label"):
            merged.label = str(edit["label"])
        merged.edited.append("merged")
        return [t for t in themes if all(t is not f for f in found)] + [merged]
    if op == "split":
        theme = _find(themes, str(edit["key"]), list(edit.get("keywords") or []),  # type: ignore[call-overload]
                      list(edit.get("members") or []))  # type: ignore[call-overload]
        parts = int(edit.get("parts", 2))  # type: ignore[call-overload]
        if theme is None or theme.size < parts:
            return themes
        members = [index[i] for i in theme.item_ids]
        labels = kmeans(corpus.Z[members], parts, seed)
        groups = [[m for m, lab in zip(members, labels, strict=True) if lab == p] for p in range(parts)]
        groups = [g for g in groups if g]
        children = []
        for g, kw in zip(groups, _keywords(corpus, groups), strict=True):
            child = _build(corpus, g, kw, key=f"{theme.key}:{(kw or ['-'])[0]}")
            child.edited.append("split")
            children.append(child)
        return [t for t in themes if t is not theme] + children
    raise ValueError(f"unknown theme edit {op!r}")


def find_themes(items: Iterable[Item], edits: Sequence[Mapping[str, object]] | None = None,
                k: int | None = None, seed: int = 0) -> list[Theme]:
    """Cluster ``items`` (dicts with "text" and optional "id", "settlement", "author", or plain strings).

    ``k`` fixes the number of themes; by default it is chosen by silhouette among a few candidates.
    ``edits`` (from :func:`rename_edit`, :func:`merge_edit`, :func:`split_edit`) are applied in order.
    Themes are returned largest first.
    """
    ids, texts, settlements, authors = _normalise_items(items)
    if not texts:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    stops = stop_words()
    lemma_lists: list[list[str]] = []
    surfaces: list[list[tuple[str, str]]] = []
    for text in texts:
        pairs = [(lemma(tok), tok) for tok in tokenize(text)]
        pairs = [(lem, tok) for lem, tok in pairs if lem not in stops and tok not in stops and len(lem) > 1]
        surfaces.append(pairs)
        lemma_lists.append([lem for lem, _ in pairs])
    candidates = [k] if k else default_k_candidates(len(texts))
    min_df = 2 if len(texts) >= 50 else 1
    X = TfidfVectorizer(analyzer=lambda lems: lems, min_df=min_df, dtype=np.float32).fit_transform(lemma_lists)
    Z = reduce(X, dims=topic_dims(max(candidates)), seed=seed)
    corpus = _Corpus(ids, texts, settlements, authors, [detect_language(t) for t in texts], Z, lemma_lists,
                     surfaces)
    k = k or choose_k(Z, candidates, seed)
    labels = kmeans(Z, k, seed)
    groups = [list(np.flatnonzero(labels == c)) for c in range(max(labels) + 1)]
    groups = [[int(i) for i in g] for g in groups if g]
    themes = [_build(corpus, g, kw) for g, kw in zip(groups, _keywords(corpus, groups), strict=True)]
    for edit in edits or ():
        themes = _apply(corpus, themes, edit, seed)
    return sorted(themes, key=lambda t: (-t.size, t.key))
