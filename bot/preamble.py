"""What a chat message says before its question: a greeting, the bot's name, "quick q:".

"Hi! what does a lead MLOps engineer do?" asks what "what does a lead MLOps engineer do?"
asks; left in, "hi" would be a word the knowledge never mentions and the question would be
declined for it. A message that is nothing but a greeting is left as it is (it asks for
help).
"""

from __future__ import annotations

import re

_PREAMBLE = re.compile(
    r"^\s*(?:"
    r"(?:hi|hello|hey|hiya|howdy|yo|greetings|good\s+(?:morning|afternoon|evening)|"
    r"morning|afternoon|evening)(?:\s+(?:there|all|team|everyone|folks))?\b"
    r"|@?rolebot\b"
    r"|(?:a\s+)?quick\s+(?:q|question)\b|q\b(?=\s*:)|question\b(?=\s*:)"
    r"|(?:please|pls|plz)\b(?=\s*[,:])"
    # "anyone know what skills…", "I was wondering what…": asking around the question
    r"|(?:does\s+)?(?:any(?:one|body)|someone|somebody)\s+know\b(?=\s+(?:what|which|how|if|whether|"
    r"who|when|where|why)\b)"
    r"|(?:do\s+you\s+know|i\s+(?:was\s+)?wonder(?:ing)?|i'?m\s+wondering|wondering)\b"
    r"(?=\s+(?:what|which|how|if|whether|who|when|where|why)\b)"
    r")[\s,!.:;-]*",
    re.IGNORECASE,
)


def without_preamble(text: str) -> str:
    """``text`` without the greeting, name and "quick q:" before its question; ``text``
    itself when nothing else is left."""
    rest = text
    while (match := _PREAMBLE.match(rest)) and match.end() > 0:
        rest = rest[match.end() :]
    return rest if rest.strip() else text
