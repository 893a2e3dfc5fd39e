"""Block Kit rendering: Slack's size limits, mrkdwn conversion, escaping, long answers."""

from __future__ import annotations

from adapters.slack.blocks import render
from adapters.slack.layout import MAX_MESSAGES, MAX_SECTION_CHARS
from adapters.slack.mrkdwn import to_mrkdwn, to_plain
from bot.models import Answer, Source
from bot.toolkit import DeliveryClaims, split_text
from tests.fakes.slack_api import FakeSlack, block_problems
from tests.slack.conftest import CannedBot
from tests.slack.harness import CHANNEL, feedback, visible_text


def _source(n: int, text: str = "text") -> Source:
    return Source(n, "Lead MLOps Engineer", f"Section {n}", "lead.md", 0.9, text)


def long_answer(lines: int = 400, width: int = 150) -> Answer:
    body = [
        f"Section {n} [{n % 3 + 1}]:" if n % 20 == 0 else f"- item {n} " + "x" * width
        for n in range(lines)
    ]
    return Answer("\n".join(body), True, "extractive", [_source(n) for n in (1, 2, 3)])


def test_long_answer_is_split_into_messages_slack_accepts() -> None:
    answer = long_answer()

    parts = render(answer, answer_id="a1")

    assert len(parts) > 1
    for part in parts:
        assert block_problems(part.blocks, part.text) == []
    # Sources and 👍/👎 come once, at the end; no line of the answer is lost.
    assert [p.blocks[-1]["type"] for p in parts][-1] == "context_actions"
    assert sum(b["type"] == "context_actions" for p in parts for b in p.blocks) == 1
    shown = "\n".join(b["text"]["text"] for p in parts for b in p.blocks if b["type"] == "section")
    assert shown.count("• item ") == sum(1 for n in range(400) if n % 20)


def test_long_answer_arrives_in_the_thread_in_order(start_slack, fake_slack: FakeSlack) -> None:
    slack = start_slack(CannedBot(long_answer()))
    question = slack.mention("tell me everything")

    answers = fake_slack.wait_for(
        lambda: (m := slack.wait_answer(CHANNEL, question["ts"])) and feedback(m[-1]) and m,
        what="the last part of a split answer",
    )
    assert not [
        c
        for c in fake_slack.calls
        if c.method.startswith("chat.")
        and block_problems(c.args.get("blocks") or [], c.args.get("text", ""))
    ]
    assert len(answers) > 1
    text = "\n".join(visible_text(m) for m in answers)
    assert text.index("item 1 ") < text.index("item 399 ") < text.index("*Sources*")


def test_a_single_huge_line_is_cut_to_fit() -> None:
    pieces = split_text("word " * 2000, MAX_SECTION_CHARS)
    assert len(pieces) == 4
    assert all(len(p) <= 3000 for p in pieces)


def test_core_markdown_becomes_slack_mrkdwn_with_knowledge_text_escaped() -> None:
    text = "Monitoring Issues [1]:\n- Use **alerts** & <dashboards>\n- See [docs](https://x.io)"
    assert to_mrkdwn(text, links={"https://x.io"}) == (
        "*Monitoring Issues* [1]\n• Use *alerts* &amp; &lt;dashboards&gt;\n• See <https://x.io|docs>"
    )


def test_only_links_the_sources_contain_are_live() -> None:
    text = "Log in at [Verify your account](https://evil.example/login) or see [docs](https://x.io)"
    answer = Answer(text + " [1]", True, "llm", [_source(1, "Docs live at https://x.io.")])

    [part] = render(answer)

    shown = visible_text({"blocks": part.blocks})
    assert "Verify your account" in shown and "evil.example" not in shown
    assert "<https://x.io|docs>" in shown
    sections = [b["text"] for b in part.blocks if b["type"] == "section"]
    assert all(s["verbatim"] is True for s in sections)  # no bare address is auto-linked


def test_a_runaway_answer_is_a_handful_of_messages_not_hundreds() -> None:
    answer = Answer(("- word " + "x" * 90 + "\n") * 20_000 + "[1]", True, "llm", [_source(1)])

    parts = render(answer, answer_id="a1")

    assert len(parts) <= MAX_MESSAGES + 1
    assert all(block_problems(p.blocks, p.text) == [] for p in parts)
    assert "shortened" in visible_text({"blocks": parts[-1].blocks})
    assert feedback({"blocks": parts[-1].blocks})  # feedback still comes at the end


def test_user_text_loses_slack_markup_and_the_bots_mention() -> None:
    slack_text = "<@UBOT> what about <#C1|ml-team> &amp; <https://a.io|this> for <@U2>?"
    assert to_plain(slack_text, bot_user_id="UBOT") == "what about #ml-team & this for @U2?"


def test_answer_with_a_note_shows_it_to_the_user() -> None:
    answer = Answer("Text [1]", True, "extractive", [_source(1)], note="Generation was off.")
    [part] = render(answer)
    assert ":warning: Generation was off." in str(part.blocks)


def test_deduplicator_forgets_keys_after_their_time() -> None:
    now = [0.0]
    seen = DeliveryClaims(namespace="slack", ttl=10, clock=lambda: now[0])
    assert seen.claim("event:1")
    assert not seen.claim("event:1")
    now[0] = 11
    assert seen.claim("event:1")
