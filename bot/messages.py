"""Every sentence rolebot says on its own behalf, in one place, so wording stays consistent."""

from __future__ import annotations

NOT_COVERED = "I couldn't find that in the knowledge base, so I won't guess."
COVERS_INTRO = "I can answer questions about:"
TRY_ASKING = 'Try e.g. "what does a lead MLOps engineer own for monitoring?"'
# Why a near miss is declined: said before what the knowledge covers.
NOT_COVERED_ROLE = (
    "The knowledge base describes the {covered} role, not {role}, so I won't answer "
    "from the wrong guide."
)
NOT_COVERED_HOW_TO = (
    "The knowledge base describes the role, not step-by-step setup or usage of tools, "
    "so I won't guess at instructions."
)
NOT_COVERED_COMPANY = (
    "The knowledge base has no company-specific policies, processes or interview loops, "
    "so I can't answer that."
)
# A comparison with a role the knowledge does not describe: answered for the covered one.
COMPARE_OTHER_ROLE = (
    "The knowledge base doesn't describe {role}; here is what it says about the {covered} role."
)

NOTHING_MORE = "That is all the knowledge base says about this; here it is again."
# Framing lines of an extractive answer (no citation number: no source holds them verbatim).
BOTH_LISTED = "Both: the knowledge lists {a} and {b} together and doesn't prefer one."
MORE_ITEMS = "…and {count} more in the source."
FIGURES_DIFFER = "Note: {sections} give different figures for this."
CHAIN_AFTER = "After {rung}: {next}."
CHAIN_BEFORE = "Before {rung}: {before}."
CHAIN_TOP = "{rung} is the last rung the knowledge names."

LLM_UNAVAILABLE = (
    "Generation was unavailable ({reason}), so this answer is quoted directly from the "
    "knowledge base."
)
LLM_UNCITED = (
    "The generated answer did not cite the knowledge base, so this answer is quoted directly "
    "from it."
)

TOO_LONG = (
    "That message is {length:,} characters long and I can read up to {limit:,}. "
    "Could you send just the question?"
)
EMPTY = "Ask me about an engineering role, for example: {example}"
INDEX_UNAVAILABLE = (
    "The knowledge index is unavailable right now ({reason}). Please try again in a minute; "
    "if it persists, ask an admin to run 'rolebot ingest'."
)
INTERNAL_ERROR = (
    "Something went wrong on my side while answering (reference {ref}). Please try again."
)

HELP = """I answer questions about engineering roles from a curated knowledge base.
- Ask anything: "what does a lead MLOps engineer own for monitoring?"
- Salaries: "salary lead mlops engineer new york"
- Job descriptions: "jd senior MLOps engineer, healthcare, remote"
- Follow-up questions in the same thread use what was said before.
Every answer cites its sources as [1], [2], ..."""
