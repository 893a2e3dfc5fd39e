"""Hybrid retrieval: dense vectors from Chroma and BM25 over the same chunks, fused by rank."""
