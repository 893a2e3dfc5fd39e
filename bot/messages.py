"""Every sentence rolebot says on its own behalf, in one place, so wording stays consistent."""

from __future__ import annotations

GREETING = (
    "Hi, I'm rolebot: ask me about {covered} and I'll answer from the knowledge base, with sources."
)
GREETING_WITHOUT_GUIDE = (
    "Hi, I'm rolebot: I answer questions about engineering roles from a curated knowledge "
    "base, with sources."
)
PROMPTS_TITLE = "Try asking"
TRY_OR_HELP = "Try one of these, or type **help** to see what I can do."
NOT_COVERED = "I couldn't find that in the knowledge base, so I won't guess."
COVERS_INTRO = "I can answer questions about:"
# {question}: the knowledge's example question (front matter ``examples``).
TRY_ASKING = 'Try e.g. "{question}"'
# Why a near miss is declined: said before what the knowledge covers.
NOT_COVERED_ROLE = (
    "The knowledge base describes the {covered} role, not {role}, so I won't answer "
    "from the wrong guide."
)
NOT_COVERED_ROLES = (
    "The knowledge base describes the {covered} roles, not {role}, so I won't answer "
    "from the wrong guide."
)
NOT_COVERED_SETTING = (
    "The knowledge base describes the role, not tool settings, thresholds, versions or what "
    "to buy, so I won't guess a value."
)
NOT_COVERED_HOW_TO = (
    "The knowledge base describes the role, not step-by-step setup or usage of tools, "
    "so I won't guess at instructions."
)
# {words}: the question's topical words the knowledge never uses, quoted ("vacation").
NOT_COVERED_TOPIC = (
    "The knowledge base never mentions {words}, so it can't answer that and I won't guess."
)
# A question in another language: the knowledge and the matching are English.
NOT_ENGLISH = (
    "I can only answer questions asked in English (the knowledge base is in English), so "
    "I won't guess at this one."
)
# After a refusal, the lines that share the rest of the question's words: what the knowledge
# does say nearby, clearly not the answer ("is a gym membership part of the benefits?").
CLOSEST = "The closest it comes:"
NOT_COVERED_FIGURE = "The knowledge base gives no figure for that, so I won't guess one."
NOT_COVERED_COMPANY = (
    "The knowledge base has no company-specific policies, processes, reporting lines or "
    "interview loops, so I can't answer that."
)
# A comparison with a role the knowledge does not describe: answered for the covered one.
COMPARE_OTHER_ROLE = (
    "The knowledge base doesn't describe {role}; here is what it says about the {covered} role."
)

NOTHING_MORE = "That is all the knowledge base says about this; here it is again."
# A bare "why?" after an answer: the guide states what, rarely why.
NO_REASONS = (
    "The knowledge base doesn't give reasons beyond what I quoted, so I won't guess. You can "
    'ask about one point, e.g. "more on the first one".'
)
# What "what pushes it higher?" asks after a salary question.
PAY_FACTORS_QUESTION = "what factors affect the salary?"
# "who would the lead report to / whats the next step up": one part declined, one answered.
PART_DECLINED = "On “{part}”: {said}"
# "any tools for bias detection?" when the lines quoted name none.
NO_TOOLS_NAMED = "The knowledge names no specific tools for this; the closest it comes:"
# An answer that came out blank: said, never sent empty.
NOTHING_TO_SAY = (
    "I couldn't put an answer together from the knowledge base for that. Could you rephrase "
    'it, or ask about one point (e.g. "the monitoring duties")?'
)
# "that's not what I asked": the last answer missed.
MISSED = (
    'Sorry that missed. Could you rephrase, or name the part you mean (e.g. "the monitoring '
    "duties\")? I only answer from the knowledge base, so what it doesn't cover gets a "
    "refusal rather than a guess."
)
# "huh?" after an answer.
UNCLEAR = (
    'Which part is unclear? You can ask about one point, e.g. "more on the first one", or '
    'for "a shorter version".'
)
# "which of those is most important?": the guide lists, it does not rank.
# "what's the most important skill for a lead?" asked first: the list, said to be unranked.
NOT_RANKED = "The knowledge base doesn't rank these; here is what it lists:"
NO_RANKING = (
    "The knowledge base lists these without ranking them, so I won't pick one. You can ask "
    'about one point, e.g. "more on the first one".'
)
# "give me an example" when none of the lines just quoted gives one.
NO_EXAMPLES = (
    "The knowledge base gives no examples beyond what I quoted, so I won't make one up. You "
    'can ask about one point, e.g. "more on the first one".'
)
EXAMPLES_INTRO = "Examples the knowledge base gives:"
REASONS_INTRO = "The reasons the knowledge base gives:"
# Framing lines of an extractive answer (no citation number: no source holds them verbatim).
BOTH_LISTED = "Both: the knowledge lists {a} and {b} together and doesn't prefer one."
BOTH_UNCONTRASTED = "The knowledge lists {a} and {b} together and doesn't say how they differ."
NEVER_COMPARED = "The knowledge names {a} and {b} but doesn't say which is {how}."
BOTH_UNRANKED = "The knowledge lists {a} and {b} together and doesn't say which is {how}."
MORE_ITEMS = "…and {count} more in the source."
# "source?" after an answer: where its lines come from.
SOURCES_OF_LAST = "That answer quotes these sections of the knowledge base:"
SOURCES_OF_FIGURES = "Those figures come from these sections of the knowledge base:"
NO_SOURCES = (
    "That reply quoted nothing from the knowledge base. Ask a question about the role and "
    "every line of the answer is cited."
)
# An answer cut short because the question asked for it short ("briefly, …", "tl;dr").
MORE_LINES = "…and {count} more in the full answer."
FIGURES_DIFFER = "Note: {sections} give different figures for this."
CHAIN_AFTER = "After {rung}: {next}."
CHAIN_BEFORE = "Before {rung}: {before}."
CHAIN_TOP = "{rung} is the last rung the knowledge names."
# A rung the ladder names twice ("MLOps Team Lead" beside "Lead MLOps Engineer").
SAME_RUNG = (
    "The knowledge base puts {rung} and {other} on the same rung of its career ladder: one "
    "step under two names."
)
RUNG_ONLY_NAMED = (
    "The knowledge names {rung} only as a rung of the career ladder; it does not describe "
    "that role."
)

LLM_UNAVAILABLE = (
    "Generation was unavailable ({reason}), so this answer is quoted directly from the "
    "knowledge base."
)

SALARY_RESTRICTED = (
    "Sorry, salary figures are restricted here. Ask in a channel where salary lookups are "
    "allowed, or ask an admin to add you."
)
SALARY_FIGURES_WITHHELD = (
    "Salary figures are restricted here, so I left out the lines that state them; ask an "
    "admin if you need access."
)
SALARY_FIGURES_ONLY = (
    "The part of the knowledge base that answers this states salary figures, which are "
    "restricted here."
)
SALARY_FIGURES_WITHHELD_JD = (
    "Salary figures are restricted here, so this draft has no compensation figures; ask "
    "someone with access to add them before posting."
)
ANSWER_SHORTENED = "The answer was too long for chat, so it was shortened."

TOO_LONG = (
    "That message is {length:,} characters long and I can read up to {limit:,}. "
    "Could you send just the question?"
)
INDEX_UNAVAILABLE = (
    "The knowledge index is unavailable right now ({reason}). Please try again in a minute; "
    "if it persists, ask an admin to run 'rolebot ingest'."
)
RATE_LIMITED = (
    "You've asked me {limit} questions in the last minute, which is as many as I take from "
    "one person. Please ask again in {seconds} seconds; nothing you sent is lost, just send "
    "it again then."
)
INTERNAL_ERROR = (
    "Something went wrong on my side while answering (reference {ref}). Please try again."
)

# The reply to "thanks!" or "ok": short, and never an answer to a question nobody asked.
WELCOME = "Happy to help! Ask me anything else about the role, or type **help** for what I can do."

# The examples come from the knowledge (front matter ``examples``), so a new role's guide
# brings its own.

HELP = """I answer questions about engineering roles from a curated knowledge base.
- Ask anything: "{question}"
- Salaries: "{salary}"
- Job descriptions: "{job_description}"
- Follow-up questions in the same thread use what was said before.
Every answer cites its sources as [1], [2], ..."""

HELP_ROLES = "Roles covered: {roles}."
# "how do I write a good job description for an MLOps role?": what a draft holds, and how
# to ask for one (the section names are the drafts' own headings).
JD_ADVICE = (
    'I can draft one from the knowledge base: ask e.g. "{example}" (name a level, place or '
    "industry, or leave them out). A draft has About the role, Responsibilities, Required "
    "qualifications, Preferred qualifications, Skills and tools, Compensation and Benefits "
    "from the knowledge, placeholders for what only you know (About us, How to apply, Equal "
    "opportunity), and reviewer notes to delete before posting."
)
# "make the JD shorter": drafts come whole, from the knowledge.
# "add python and spark" when the draft already has them.
JD_ALREADY_LISTED = "The draft already lists {things}."
JD_NO_EDITS = (
    "I draft a job description in one go from the knowledge base and can't rewrite a draft; "
    'edit it directly, or ask for another level, place or industry, e.g. "{example}".'
)

# Job-description drafts: placeholders for what a posting needs and the knowledge cannot say.
# Every one starts with "[TODO:" so a reviewer (or a script) can find what is left to fill.
JD_TODO_MARK = "[TODO:"
JD_TODO_ABOUT_US = (
    "[TODO: company name and a short “about us”: what the company does, the team this role "
    "joins, and why the work matters.]"
)
JD_TODO_ROLE_SUMMARY = (
    "[TODO: describe this role in two or three sentences; the knowledge base does not "
    "describe it (see the reviewer notes).]"
)
JD_TODO_EXPERIENCE = (
    "[TODO: the years and kind of experience you expect at this level; the knowledge base "
    "states experience only for another level (see the reviewer notes).]"
)
JD_TODO_COMPENSATION_RESTRICTED = (
    "[TODO: the salary range. Salary figures are restricted for you here, so ask someone "
    "with access to add them before posting.]"
)
JD_TODO_BENEFITS = (
    "[TODO: confirm which of these your company offers and add the details (bonus, equity, "
    "benefits, leave).]"
)
JD_TODO_HOW_TO_APPLY = (
    "[TODO: how to apply: the link or address, what to send, and the closing date.]"
)
JD_TODO_EQUAL_OPPORTUNITY = "[TODO: your company's equal-opportunity statement.]"
JD_TODO_SALARY_LEVEL = (
    "[TODO: the salary range; the knowledge base has no figure for a {title} "
    "(the reviewer notes list the nearest figures it has).]"
)
JD_TODO_SALARY_PLACE = (
    "[TODO: the salary range for {place}; the knowledge base has no figure for {place} "
    "(the reviewer notes list the nearest figures it has).]"
)
JD_REVIEWER_HEADING = "Reviewer notes — delete this block before posting"
JD_REVIEWER_FILL = "Replace every “[TODO: …]” placeholder above before posting."
