"""Sentences only the Teams adapter says; the engine's own wording lives in ``bot.messages``."""

from __future__ import annotations

GREETING = (
    "Hi, I'm rolebot. I answer questions about engineering roles from a curated knowledge "
    "base, with sources. Type **help** to see what I can do."
)
STREAM_INFORMATIVE = "Searching the knowledge base…"
WORKING_ON_IT = "Working on it. This one takes a little longer; I'll post the answer here shortly."
TURN_FAILED = (
    "Sorry, something went wrong on my side (reference {ref}). Please try again in a moment."
)
LATE_ANSWER_FAILED = (
    "Sorry, I couldn't finish that answer (reference {ref}). Please ask again in a moment."
)
VOTE_THANKS_UP = "Thanks for the 👍, noted."
VOTE_THANKS_DOWN = "Thanks for the 👎, noted. It helps us fix the knowledge base."
VOTE_UNKNOWN = "I couldn't find that answer any more, so the vote wasn't recorded."
HELPFUL = "👍 Helpful"
NOT_HELPFUL = "👎 Not helpful"
SOURCES = "Sources"
SALARY_TITLE = "Salary: {query}"
CONTINUED = "(continued)"
JD_REVIEWER_NOTES = "Reviewer notes (also at the end of the Markdown; delete before posting)"
