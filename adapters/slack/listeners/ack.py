"""The acknowledgement half of every listener: answer Slack now, work later.

The app runs with ``process_before_response=True``: the ack function runs inside the HTTP
request and the work is a bolt *lazy listener* queued on the executor. So Slack gets its
200 at once even when every worker thread is busy with slow answers.
"""

from __future__ import annotations

from slack_bolt import Ack


def acknowledge(ack: Ack) -> None:
    ack()
