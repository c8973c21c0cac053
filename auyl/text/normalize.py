"""Normalisation of Kazakh and Russian text into comparable tokens.

Russian words are lemmatised with pymorphy3 (only words its dictionary knows, so Kazakh words typed
without Kazakh letters are not "guessed" into Russian). Kazakh words are matched against a shipped
Kazakh->Russian glossary of frequent appeal vocabulary, so that "ұңғыма" and "скважина" become the same
feature; other Kazakh words stay as folded surface forms and are covered by character n-grams.
"""

from __future__ import annotations

import re
from functools import cache

from auyl.text._resources import DATA_DIR, word_list
from auyl.text.cleaning import clean_text
from auyl.text.language import KAZAKH_LETTERS
from auyl.text.masking import MASK_TOKENS

_FOLD = str.maketrans("әғқңөұүһіё", "агкноууhие")
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_MASKS = re.compile("|".join(re.escape(t) for t in MASK_TOKENS))


def fold(text: str) -> str:
    """Lower-case and replace Kazakh-only letters (and ё) by their plain look-alikes.

    Residents type Kazakh without its letters on many phones ("жок" for "жоқ"); folding makes both
    spellings one feature.
    """
    return text.lower().translate(_FOLD)


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens without masking placeholders, punctuation and pure numbers."""
    text = _MASKS.sub(" ", text)
    return [t for t in _TOKEN.findall(text.lower()) if not t.isdigit()]


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def stop_words() -> frozenset[str]:
    """Russian lemmas and Kazakh surface forms (also folded) that carry no topic."""
    words = set(word_list("stop_ru.txt")) | set(word_list("stop_kk.txt"))
    return frozenset(words | {fold(w) for w in words})


@cache
def _glossary() -> tuple[dict[str, str], list[tuple[str, str]], dict[tuple[str, str], str]]:
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    pairs: dict[tuple[str, str], str] = {}
    for line in (DATA_DIR / "kk_ru_glossary.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        *kk_words, ru = line.split()
        kk = fold(" ".join(kk_words))
        ru = ru.replace("ё", "е")
        if " " in kk:
            first, second = kk.split(" ", 1)
            pairs[(first, second.rstrip("*"))] = ru
        elif kk.endswith("*"):
            prefixes.append((kk[:-1], ru))
        else:
            exact[kk] = ru
    prefixes.sort(key=lambda p: -len(p[0]))
    return exact, prefixes, pairs


@cache
def _pairs_by_first_word() -> dict[str, list[tuple[str, str]]]:
    """The glossary's two-word terms indexed by their first word, in file order (one look-up per token)."""
    index: dict[str, list[tuple[str, str]]] = {}
    for (first, second), ru in _glossary()[2].items():
        index.setdefault(first, []).append((second, ru))
    return index


@cache
def _ru_synonyms() -> dict[str, str]:
    pairs = (line.split() for line in (DATA_DIR / "ru_synonyms.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#"))
    return {a.replace("ё", "е"): b.replace("ё", "е") for a, b in pairs}


# Kazakh inflectional endings (folded spelling), longest first: plural, possessive, case, and a few
# frequent verb endings. Stripping them is crude but gives one stem for "аптадан", "аптада", "апта".
_KK_ENDINGS = sorted(
    """лар лер дар дер тар тер ларым лерим ларын лерин лары лери дары дери тары тери
    ымыз имиз мыз миз ыныз иниз ныз низ ым им ың иң ы и сы си ын ин н
    дын дин тын тин нын нин ның нің га ге ка ке ка на не а е ды ди ты ти ны ни ду ду
    да де та те нда нде дан ден тан тен нан нен мен пен бен менен пенен бенен
    дагы деги тагы теги ндагы ндеги гы ги кы ки
    ган ген кан кен ып ип п ады еди йды йди ды ди майды мейди байды бейди пайды пейди
    у уге уга""".split(),
    key=len,
    reverse=True,
)


@cache
def kazakh_stem(folded: str) -> str:
    """Strip up to three Kazakh endings from a folded word, keeping a stem of at least 3 letters."""
    word = folded
    for _ in range(3):
        for ending in _KK_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


@cache
def kazakh_to_russian(folded: str) -> str | None:
    """Russian lemma for a (folded) Kazakh word form, or None if the glossary does not know it."""
    exact, prefixes, _ = _glossary()
    if folded in exact:
        return exact[folded]
    for stem, ru in prefixes:
        if folded.startswith(stem) and len(folded) - len(stem) <= 8:
            return ru
    return None


@cache
def lemma(token: str) -> str:
    """Normalise one lower-case token.

    Russian words: pymorphy3 lemma, then the shared lemma of its near-synonyms. Kazakh words (and words
    pymorphy3 does not know): the glossary's Russian lemma, else a crude Kazakh stem of the folded form.
    """
    folded = fold(token)
    if not (KAZAKH_LETTERS & set(token)):
        exact, _, _ = _glossary()
        if token in exact:  # short Kazakh words typed without Kazakh letters ("су", "жол")
            return exact[token]
        morph = _morph()
        if morph.word_is_known(token):
            normal = morph.parse(token)[0].normal_form.replace("ё", "е")
            return _ru_synonyms().get(normal, normal)
    return kazakh_to_russian(folded) or kazakh_to_russian(kazakh_stem(folded)) or kazakh_stem(folded)


def lemmas(text: str, drop_stop_words: bool = True) -> list[str]:
    """Lemmas of ``text`` in order; Kazakh two-word terms ("су құбыры") become one Russian lemma."""
    tokens = tokenize(clean_text(text))
    pairs = _pairs_by_first_word()
    stops = stop_words()
    out: list[str] = []
    skip = False
    for i, tok in enumerate(tokens):
        if skip:
            skip = False
            continue
        if i + 1 < len(tokens):
            first, second = fold(tok), fold(tokens[i + 1])
            hit = next((ru for b, ru in pairs.get(first, ()) if second.startswith(b)), None)
            if hit is not None:
                out.append(hit)
                skip = True
                continue
        lem = lemma(tok)
        if drop_stop_words and (lem in stops or tok in stops or len(lem) < 2):
            continue
        out.append(lem)
    return out


@cache
def prepare(text: str) -> str:
    """Cleaned and masked text: the only form of a resident's text that analysis may keep or show."""
    from auyl.text.masking import mask

    return mask(clean_text(text))
