"""The hybrid retriever is a real LangChain retriever: LCEL chains compose with it."""

from __future__ import annotations

from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.retrieval.langchain_retriever import HybridLangChainRetriever
from bot.settings import Settings


def test_retriever_composes_in_a_chain_and_returns_cited_documents(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    retriever = HybridLangChainRetriever(index=bot.index, k=3)

    def sections(docs: list[Document]) -> list[str]:
        return [d.metadata["section"] for d in docs]

    chain = retriever | RunnableLambda(sections)
    found = chain.invoke("which MLOps tools should they know?")
    assert len(found) == 3
    assert any(s.startswith("Requirements › Technical Skills") for s in found)
    docs = retriever.invoke("what are the common challenges?")
    assert docs[0].metadata["title"] == "Lead MLOps Engineer"
    assert docs[0].page_content and docs[0].id
