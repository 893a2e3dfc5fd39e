"""Acknowledge first, exactly-once replies under Slack's retries, signatures, rate limits."""

from __future__ import annotations

import threading
import time

from bot.models import HelpReply, Reply, Request
from tests.fakes.slack_api import FakeSlack
from tests.slack.conftest import CannedBot
from tests.slack.harness import CHANNEL, SlackClientSide, visible_text

QUESTION = "what does a lead MLOps engineer own for monitoring?"


class GatedBot:
    """An engine that does not answer until the test lets it: 'answering takes long'.

    Whether Slack's 200 came before an answer is then a question of order, not of speed:
    nothing can finish while the gate is shut, so ``answered`` is 0 until ``release``.
    """

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self._lock = threading.Lock()
        self.running = 0
        self.answered = 0
        self._all_busy = threading.Condition(self._lock)

    def handle(self, request: Request) -> Reply:
        with self._lock:
            self.running += 1
            self._all_busy.notify_all()
        self.started.set()
        self.release.wait(timeout=30)
        with self._lock:
            self.answered += 1
        return HelpReply("done thinking")

    def wait_running(self, count: int) -> None:
        with self._lock:
            assert self._all_busy.wait_for(lambda: self.running >= count, timeout=15)


def test_event_is_acknowledged_before_the_answer_is_ready(start_slack, fake_slack: FakeSlack):
    bot = GatedBot()
    slack = start_slack(bot)
    event = slack.user_message(QUESTION, channel="D1", channel_type="im")

    result = slack.event(event)

    assert result.status == 200
    assert bot.answered == 0  # Slack had its 200 while the engine was still thinking
    assert bot.started.wait(timeout=10)
    [status] = slack.bot_messages("D1", None)
    assert "Thinking" in status["text"]
    bot.release.set()
    [answer] = slack.wait_answer("D1", None)
    assert "done thinking" in visible_text(answer)


def test_slash_command_is_acknowledged_before_the_answer_is_ready(
    start_slack, fake_slack: FakeSlack
):
    bot = GatedBot()
    slack = start_slack(bot)

    result, reply_to = slack.command("/ask", QUESTION)

    assert result.status == 200
    assert bot.answered == 0
    assert "Working on it" in result.json()["text"]
    bot.release.set()
    [response] = slack.wait_responses(reply_to)
    assert response["text"] == "done thinking"


def test_acknowledgements_need_no_free_worker(start_slack, fake_slack: FakeSlack):
    bot = GatedBot()
    slack = start_slack(bot)  # the harness gives the app 8 worker threads
    for n in range(10):
        slack.event(slack.user_message(f"slow question {n}", channel=f"D{n}", channel_type="im"))
    bot.wait_running(8)  # every worker is now stuck in the engine; two questions queue

    command, reply_to = slack.command("/ask", QUESTION)
    event = slack.event(slack.user_message(QUESTION, channel="DLAST", channel_type="im"))

    assert (command.status, event.status) == (200, 200)
    assert bot.answered == 0  # acknowledged while no worker could have done anything
    assert "Working on it" in command.json()["text"]
    bot.release.set()
    [response] = slack.wait_responses(reply_to)
    assert response["text"] == "done thinking"
    [answer] = slack.wait_answer("DLAST", None)
    assert "done thinking" in visible_text(answer)


def test_status_message_shows_while_answering(start_slack, fake_slack: FakeSlack):
    bot = GatedBot()
    slack = start_slack(bot)
    question = slack.mention(QUESTION)
    assert bot.started.wait(timeout=10)

    [status] = slack.bot_messages(CHANNEL, question["ts"])
    assert "Thinking" in status["text"]
    bot.release.set()
    [answer] = slack.wait_answer(CHANNEL, question["ts"])
    assert answer["ts"] == status["ts"]  # the status became the answer


def test_retry_of_an_event_already_handled_posts_one_reply(start_slack, fake_slack: FakeSlack):
    bot = CannedBot(HelpReply("one reply"))
    slack = start_slack(bot)
    event = slack.user_message(QUESTION, channel="D1", channel_type="im")
    assert slack.event(event, event_id="EvSAME").status == 200
    slack.wait_answer("D1", None)

    work_done = slack.wait_idle()

    for attempt in (1, 2, 3):
        assert slack.event(event, event_id="EvSAME", retry_num=attempt).status == 200

    assert slack.wait_idle() == work_done  # the retries were dropped before any handler ran
    assert len(slack.bot_messages("D1", None)) == 1
    assert len(bot.requests) == 1


def test_retry_of_an_event_that_never_arrived_is_answered(start_slack, fake_slack: FakeSlack):
    slack = start_slack(CannedBot(HelpReply("answered late")))
    event = slack.user_message(QUESTION, channel="D1", channel_type="im")

    assert slack.event(event, event_id="EvLOST", retry_num=1).status == 200

    [answer] = slack.wait_answer("D1", None)
    assert "answered late" in visible_text(answer)


def test_repeated_slash_command_delivery_is_answered_once(start_slack, fake_slack: FakeSlack):
    bot = CannedBot(HelpReply("once"))
    slack = start_slack(bot)
    _, first = slack.command("/ask", QUESTION, trigger_id="trigger-same")
    slack.wait_responses(first)

    _, second = slack.command("/ask", QUESTION, trigger_id="trigger-same")
    slack.wait_idle()

    assert slack.responses(second) == []
    assert len(bot.requests) == 1


def test_requests_with_bad_signatures_get_401_and_reach_no_handler(
    start_slack, fake_slack: FakeSlack
):
    bot = CannedBot(HelpReply("answered"))
    slack = start_slack(bot)
    event = slack.user_message(QUESTION, channel="D1", channel_type="im")
    body = slack.event_body(event, event_id="EvBAD")
    stale = int(time.time()) - 6 * 60

    missing = slack.post(body, "application/json", signed=False)
    wrong = slack.post(body, "application/json", signature="v0=" + "0" * 64)
    too_old = slack.post(body, "application/json", timestamp=stale)

    assert [missing.status, wrong.status, too_old.status] == [401, 401, 401]
    assert slack.wait_idle() == 0  # no handler ever started
    assert bot.requests == []
    assert slack.bot_messages("D1", None) == []
    assert fake_slack.calls_to("chat.postMessage") == []


def test_slash_command_with_a_bad_signature_gets_401(start_slack, fake_slack: FakeSlack):
    bot = CannedBot(HelpReply("answered"))
    slack = start_slack(bot)
    result = slack.post(
        "command=%2Fask&text=hi", "application/x-www-form-urlencoded", signature="v0=deadbeef"
    )
    assert result.status == 401
    assert slack.wait_idle() == 0
    assert bot.requests == []


def test_rate_limited_web_api_call_is_retried_and_the_answer_arrives(
    start_slack, fake_slack: FakeSlack
):
    slack = start_slack(CannedBot(HelpReply("after a wait")))
    fake_slack.rate_limit_once("chat.postMessage")
    event = slack.user_message(QUESTION, channel="D1", channel_type="im")
    slack.event(event)

    [answer] = slack.wait_answer("D1", None)
    assert "after a wait" in visible_text(answer)
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # the 429, then the retry


def test_rate_limited_response_url_is_retried(start_slack, fake_slack: FakeSlack):
    slack = start_slack(CannedBot(HelpReply("after a wait")))
    fake_slack.rate_limit_once("respond")

    _, reply_to = slack.command("/ask", QUESTION)

    responses = slack.wait_responses(reply_to, count=2)
    assert responses[-1]["text"] == "after a wait"


def test_engine_failure_still_gets_a_plain_reply(start_slack, fake_slack: FakeSlack):
    class BrokenBot:
        def handle(self, request: Request) -> Reply:
            raise RuntimeError("boom")

    slack = start_slack(BrokenBot())
    event = slack.user_message(QUESTION, channel="D1", channel_type="im")
    slack.event(event)

    [answer] = slack.wait_answer("D1", None)
    assert "Something went wrong on my side" in visible_text(answer)
    assert "boom" not in visible_text(answer)


def test_health_check_answers_without_a_signature(slack: SlackClientSide):
    import urllib.request

    url = slack.url.replace("/slack/events", "/healthz")
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == b"ok"


def test_a_follow_up_after_an_edit_or_a_deletion_sees_the_thread_as_it_is_now(
    start_slack, fake_slack: FakeSlack
) -> None:
    """Threads already read are kept, so a follow-up reads only what is new; an edited or
    deleted message makes the kept copy wrong, so the thread is read again in full."""
    bot = CannedBot(HelpReply("ok"))
    slack = start_slack(bot)
    question = slack.mention(QUESTION)
    root = question["ts"]
    slack.wait_answer(CHANNEL, root)
    first = slack.user_message("and for drift?", thread_ts=root)
    slack.event(first)
    fake_slack.wait_for(lambda: len(bot.requests) == 2, what="the first follow-up")
    slack.event(slack.user_message("and for cost?", thread_ts=root))
    fake_slack.wait_for(lambda: len(bot.requests) == 3, what="the second follow-up")

    def said_by_user(request: Request) -> list[str]:
        return [t.text for t in request.history if t.role == "user"]

    assert said_by_user(bot.requests[2]) == [QUESTION, "and for drift?"]

    edited = fake_slack.edit_message(CHANNEL, first["ts"], "and for security?")
    change = {
        "type": "message",
        "subtype": "message_changed",
        "channel": CHANNEL,
        "message": edited,
        "ts": fake_slack.next_ts(),
    }
    assert slack.event(change).status == 200
    slack.event(slack.user_message("and tools?", thread_ts=root))
    fake_slack.wait_for(lambda: len(bot.requests) == 4, what="the follow-up after the edit")
    assert "and for security?" in said_by_user(bot.requests[3])

    fake_slack.edit_message(CHANNEL, first["ts"], "and for people?")
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": CHANNEL,
        "previous_message": {**edited, "text": "and for security?"},
        "ts": fake_slack.next_ts(),
    }
    assert slack.event(deleted).status == 200
    slack.event(slack.user_message("and hiring?", thread_ts=root))
    fake_slack.wait_for(lambda: len(bot.requests) == 5, what="the follow-up after the deletion")
    assert "and for people?" in said_by_user(bot.requests[4])
