"""What rolebot says on Slack on its own behalf (the engine's wording lives in bot.messages)."""

from __future__ import annotations

THINKING = ":hourglass_flowing_sand: Thinking…"
ASSISTANT_STATUS = "is searching the knowledge base…"
WORKING_ON_COMMAND = ":hourglass_flowing_sand: Working on it…"

TEAM_NOT_ALLOWED = (
    "Sorry, rolebot isn't enabled for your workspace. Ask your Slack admin if you need it."
)
MISSING_SCOPE = (
    "I can't read the earlier messages of this conversation: this Slack app lacks the "
    "`{scope}` scope. A workspace admin can add it (OAuth & Permissions, or "
    "adapters/slack/manifest.yaml) and reinstall the app. Meanwhile I answer without them."
)
SOMETHING_WENT_WRONG = (
    "Something went wrong on my side while replying (reference {ref}). Please try again."
)

SOURCES_HEADING = "*Sources*"
SHARE_BUTTON = "Share in channel"
SHARED_BY = "Shared by <@{user}>"
HELPFUL_UP = "👍 Helpful"
HELPFUL_DOWN = "👎 Not helpful"
HELPFUL_UP_LABEL = "This answer was helpful"
HELPFUL_DOWN_LABEL = "This answer was not helpful"
THANKS_FOR_FEEDBACK = "Thanks, your feedback was saved."
FEEDBACK_UNKNOWN = "Sorry, I couldn't find that answer any more, so the vote wasn't saved."
FILE_NOT_ATTACHED = (
    "I couldn't attach the Markdown file here (I may not be a member of this channel)."
)
SALARY_KNOWN_ROLES = "Roles I have figures for: {roles}"
SALARY_FIELDS = ("*Role*", "*Figure*", "*Location*", "*Source*")
JD_REVIEWER_NOTES = "Reviewer notes (also at the end of the .md file; delete before posting):"
