"""Reading the curated knowledge: Markdown documents with front matter, and their chunks."""
