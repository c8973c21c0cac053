"""Language identification for Kazakh / Russian / mixed texts.

Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) are the strongest signal, but many residents type Kazakh on a
phone without them, so frequent Kazakh function words and endings (also in the "plain" spelling) and
frequent Russian function words are counted as well.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["kk", "ru", "mixed", "unknown"]

KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_WORD = re.compile(r"[^\W\d_]+")

# Frequent Kazakh words, including the spelling without Kazakh-only letters.
KK_MARKERS = frozenset(
    """және жане мен біз биз бізге бизге біздің биздин бизде сіз сиз сіздер сиздер жоқ жок бар керек емес
    бұл бул осы сол мына ол олар неге қашан кашан қалай калай қайда кайда кім ким үшін ушин ушын деп еді
    әлі али тағы тагы енді енди бірақ бирак өте оте ғой гой қой ма ме ба бе па пе
    сәлеметсіз салеметсиз салеметсизбе сәлеметсіздер рахмет өтінемін отинемин сұраймыз сураймыз
    сұраймын сураймын беріңіз бериниз беріңіздер берсеңіз берсениз беріңізші керек кажет қажет
    ауыл ауылда ауылы ауылға ауылдың ауылдагы ауылдағы көше коше көшесі кошеси көшеде кошеде үй уй үйге уйге
    су жарық жарык жол жолы жолда мектеп мектепке бала балалар баламыз күн кун күні куни ай жыл жылы
    екі еки үш уш бір бир жоқпыз болды болмайды болады келмейді келмейди келеді келеди жатыр тұр тур
    беру салу алып жанына орын кейин гана кана коп кезек келсен биреу тустен жиналатын
    жасау жасап істемейді истемейди жұмыс жумыс әкім аким әкімдік акимдик мырза ханым
    """.split()
)
RU_MARKERS = frozenset(
    """и в во не на что с со по у уже как это для нет есть из за от до к о об а но или же бы ли
    мы нас нам наш наша наши вы вас вам ваш он она они их его её ее меня мне мой моя мои
    прошу просим пожалуйста пажалуйста здравствуйте здраствуйте здрасьте добрый день спасибо
    очень когда где почему кто можно нужно надо будет было был была были сделать помогите
    улица улице улицы дом дома село селе села вода воды дорогу дорога свет света уже только
    вообще нельзя просто сейчас опять тоже весь вся всё все потом тут там здесь даже еще ещё
    """.split()
)
# Kazakh endings on words that have no Kazakh-only letter ("ауылдагы", "кошеси", "келмейди").
_KK_ENDINGS = re.compile(r"(?:дагы|дегі|дағы|тагы|ның|нің|нын|нин|дын|дин|мыз|миз|ңыз|ңіз|ныз|низ|шы|ши|ймыз|ймиз|"
                         r"сына|сине|ына|ине|лары|лери|дары|дери|тары|тери|"
                         r"ған|ген|ган|кан|қан|пыз|пиз|йды|йди|мейди|майды|мейді)$")


def kazakh_letter_share(text: str) -> float:
    """Share of Cyrillic words that contain at least one Kazakh-only letter."""
    words = [w for w in _WORD.findall(text) if _is_cyrillic(w)]
    if not words:
        return 0.0
    return sum(1 for w in words if KAZAKH_LETTERS & set(w)) / len(words)


def _is_cyrillic(word: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in word)


def language_scores(text: str) -> tuple[float, float]:
    """Return (Kazakh evidence, Russian evidence) counted over the words of ``text``."""
    kk = ru = 0.0
    for raw in _WORD.findall(text):
        w = raw.lower()
        if not _is_cyrillic(w):
            continue
        if KAZAKH_LETTERS & set(w):
            kk += 1.0
        elif w in KK_MARKERS:
            kk += 0.8
        elif w in RU_MARKERS:
            ru += 1.0
        elif len(w) > 4 and _KK_ENDINGS.search(w):
            kk += 0.4
        elif w.endswith(("ть", "ться", "ого", "его", "ому", "ая", "ые", "ий", "ый", "ой", "ет", "ит", "ют",
                         "ют", "ся", "ение", "ания", "ости")):
            ru += 0.5
    return kk, ru


def detect_language(text: str) -> Language:
    """Classify ``text`` as "kk", "ru", "mixed" or "unknown" (no Cyrillic words at all)."""
    kk, ru = language_scores(text)
    total = kk + ru
    if total == 0:
        return "unknown" if not any(_is_cyrillic(w) for w in _WORD.findall(text)) else "ru"
    share = kk / total
    if share >= 0.85:
        return "kk"
    if share <= 0.15 or kk < 1.0:
        return "ru"
    if ru < 1.0:
        return "kk"
    return "mixed"
