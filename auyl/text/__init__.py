"""Auyl's offline text helper: pure Python, no Django, Kazakh and Russian.

Entry points (all take plain strings, lists and dicts, so the Django side can call them from jobs):

* ``masking.mask(text) -> str`` and ``normalize.prepare(text)`` (clean + mask): personal data (IIN,
  phones, e-mails, names) never reaches storage for analysis, a theme or the LLM client.
* ``language.detect_language(text) -> "kk" | "ru" | "mixed" | "unknown"``.
* ``vectors.get_vectorizer("sparse" | "dense")``: one interface, ``fit`` / ``transform``.
* ``routing.route(text) -> RouteSuggestion(category, unit)`` with the shipped starter model;
  ``routing.train_router(texts, labels, label=...)`` for a community's own model;
  ``Router.suggest(text) -> Suggestion(label, confidence, why, alternatives)``.
* ``duplicates.DuplicateIndex``: ``add(id, text, settlement)``, ``query(text, settlement) ->
  [DuplicateMatch(item_id, score, kind)]``, ``groups()`` - suggestions, never merges.
* ``themes.find_themes(items, edits=None) -> [Theme]`` with items ``{"id", "text", "settlement",
  "author"}``; staff edits (``rename`` / ``merge`` / ``split``) are re-applied on every run.
* ``opinion.opinion_map(votes) -> OpinionMap`` with votes ``(participant, statement, vote)``,
  vote 1 agree / -1 disagree / 0 pass.
* ``llm.LLMClient`` - optional summaries through an OpenAI-compatible API, off by default.
* ``evaluate.evaluate(train_rows, test_rows, text_column, label_column, duplicate_column=None,
  backend="sparse")`` and the CLI ``cli.add_parser(subparsers)`` (``auyl ai evaluate``).
"""
