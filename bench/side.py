"""One side of the benchmark, run in its own process so peak memory is its own.

``python bench/side.py rolebot|recipe DATA_DIR`` prints one JSON object with ingest time,
retrieval hit@4, context/answer fact recall and warm query latencies.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.evaluation import EvalCase, load_cases, section_matches  # noqa: E402
from bot.knowledge.documents import load_knowledge  # noqa: E402
from bot.settings import load_settings  # noqa: E402

REPEAT = 3


def section_lines(knowledge: Path) -> dict[str, list[str]]:
    """Every section's own lines (and its subsections'), to judge plain text chunks."""
    lines: dict[str, list[str]] = {}
    for doc in load_knowledge(knowledge):
        for section in doc.sections:
            for block in section.blocks:
                for depth in range(1, len(section.path) + 1):
                    key = " › ".join(section.path[:depth])
                    lines.setdefault(key, []).append(block.text)
    return lines


def warm_latency_ms(
    call: Callable[[EvalCase], object], cases: list[EvalCase]
) -> tuple[float, float]:
    """p50 and p95 in milliseconds of ``call`` over ``cases``, ``REPEAT`` times each."""
    samples = []
    for _ in range(REPEAT):
        for case in cases:
            start = time.perf_counter()
            call(case)
            samples.append((time.perf_counter() - start) * 1000)
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def run_rolebot(data_dir: Path, cases: list[EvalCase]) -> dict[str, Any]:
    from bot.answering.followup import retrieval_query
    from bot.app import build_rolebot
    from bot.embeddings.minilm import MiniLMEmbeddings
    from bot.evaluation import evaluate_splits
    from bot.index.chroma import open_chroma
    from bot.index.ingest import ingest
    from bot.models import Answer, Request, Turn

    settings = load_settings(data_dir=data_dir, llm="off")
    embedder = MiniLMEmbeddings()
    embedder.warm_up()
    client = open_chroma(settings)
    start = time.perf_counter()
    ingest(client=client, embedder=embedder, knowledge_dir=settings.knowledge_dir, progress=False)
    ingest_s = time.perf_counter() - start
    bot = build_rolebot(settings, client=client, embedder=embedder)
    retriever = bot.index.retriever()
    hits = context_facts = answer_facts = 0.0
    in_scope = [c for c in cases if not c.out_of_scope]
    for case in in_scope:
        found = retriever.search(retrieval_query(case.question, case.turns))
        if any(
            section_matches(h.chunk.section, e, group=h.chunk.group)
            for h in found
            for e in case.sections
        ):
            hits += 1
        context = " ".join(h.chunk.text for h in found).lower()
        answer = bot.ask(case.question, case.turns).answer.lower()
        context_facts += sum(f.lower() in context for f in case.facts) / len(case.facts)
        answer_facts += sum(f.lower() in answer for f in case.facts) / len(case.facts)

    def ask_uncached(case: EvalCase) -> object:
        retriever.forget_vectors()  # every timed question is embedded, as a new one would be
        return bot.ask(case.question, case.turns)

    p50, p95 = warm_latency_ms(ask_uncached, in_scope)

    def rank(question: str, history: list[Turn]) -> list[tuple[str, bool]]:
        found = retriever.search(retrieval_query(question, history))
        return [(h.chunk.section, h.chunk.group) for h in found]

    def reply(question: str, history: list[Turn]) -> Answer:
        got = bot.handle(Request(text=question, history=history))
        if isinstance(got, Answer):
            return got
        text = getattr(got, "message", "") or getattr(got, "text", "")
        return Answer(str(text), bool(getattr(got, "found", False)), "extractive")

    splits = evaluate_splits(cases, rank=rank, answer=reply)
    n = len(in_scope)
    return {
        "ingest_s": ingest_s,
        "hit_at_4": hits / n,
        "context_fact_recall": context_facts / n,
        "answer_fact_recall": answer_facts / n,
        "ask_p50_ms": p50,
        "ask_p95_ms": p95,
        "splits": {name: result.metrics() for name, result in splits.items()},
    }


def run_recipe(data_dir: Path, cases: list[EvalCase]) -> dict[str, Any]:
    """The plain LangChain recipe: 1000/200 character splits, same embeddings, top-4 in Chroma."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from bot.embeddings.factory import as_langchain
    from bot.embeddings.minilm import MiniLMEmbeddings

    settings = load_settings(data_dir=data_dir)
    embedder = MiniLMEmbeddings()
    embedder.warm_up()
    start = time.perf_counter()
    docs = [
        Document(page_content=p.read_text(encoding="utf-8"), metadata={"path": p.name})
        for p in sorted(settings.knowledge_dir.glob("*.md"))
    ]
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(
        docs
    )
    client = chromadb.PersistentClient(
        path=str(data_dir / "recipe"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    store = Chroma.from_documents(splits, as_langchain(embedder), client=client)
    ingest_s = time.perf_counter() - start
    lines = section_lines(settings.knowledge_dir)
    in_scope = [c for c in cases if not c.out_of_scope]
    hits = context_facts = 0.0
    for case in in_scope:
        query = " ".join([*case.history[-1:], case.question])
        found = store.similarity_search(query, k=4)
        text = " ".join(d.page_content for d in found)
        if any(line in text for e in case.sections for line in lines.get(e, [])):
            hits += 1
        context_facts += sum(f.lower() in text.lower() for f in case.facts) / len(case.facts)
    p50, p95 = warm_latency_ms(lambda case: store.similarity_search(case.question, k=4), in_scope)
    n = len(in_scope)
    return {
        "ingest_s": ingest_s,
        "hit_at_4": hits / n,
        "context_fact_recall": context_facts / n,
        # The recipe has no answerer of its own without an LLM: its "answer" is the context.
        "answer_fact_recall": context_facts / n,
        "ask_p50_ms": p50,
        "ask_p95_ms": p95,
    }


def main() -> None:
    side, data_dir = sys.argv[1], Path(sys.argv[2])
    cases, _ = load_cases(load_settings().eval_path)
    result = run_rolebot(data_dir, cases) if side == "rolebot" else run_recipe(data_dir, cases)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
