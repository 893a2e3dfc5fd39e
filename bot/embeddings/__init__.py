"""Text embeddings: the local ONNX MiniLM by default, OpenAI-compatible on request."""
