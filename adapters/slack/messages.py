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

# The Home tab
HOME_TITLE = "rolebot"
HOME_COVERS = "*What I cover*"
HOME_DOCUMENT = "*{title}*  ·  last reviewed {reviewed}"
HOME_NOT_REVIEWED = "not stated"
HOME_NOTHING_COVERED = "The knowledge base is empty or could not be read; ask an admin."
HOME_TRY = "*Try asking* (the answer comes in your DM with me)"
HOME_HOW = "*How to ask*"
# The examples are the knowledge's (front matter ``examples``), escaped for mrkdwn.
HOME_COMMANDS = (
    "• DM me, or mention @rolebot in a channel: the answer comes in a thread with its "
    "sources; reply in the thread to follow up.\n"
    "• `/ask {question}`: an answer with sources, "
    "posted in the channel.\n"
    "• `/{salary}`: salary figures as the knowledge states them, "
    "shown only to you.\n"
    "• `/{job_description}`: a job-description draft, shown only "
    "to you, with a button to share it."
)
HOME_SALARY = "*Who may see salary figures*"
SALARY_EVERYONE = "Everyone in this workspace."
SALARY_LISTED = "Only {who}."
SALARY_COUNTED = (
    "Only the {people} and {channels} your admins have allowed "
    "(ROLEBOT_SALARY_ALLOWED_USERS and ROLEBOT_SALARY_ALLOWED_CHANNELS)."
)
SALARY_NOBODY = "Nobody on Slack: figures are restricted and no Slack user or channel is allowed."
SALARY_YOU_MAY = "You can see them."
SALARY_YOU_MAY_NOT = "You can't see them; an admin can add you."
YOU_ASKED = "*You asked:* {question}"
