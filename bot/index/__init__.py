"""The Chroma-backed index: versioned collections behind one pointer, built aside and swapped."""
