"""Failures the tenth independent review found, each asked as the reviewer asked it: a reply
that came out empty, follow-ups that lost or misread the thread, pay questions misrouted or
misparsed, and salary replies that said the same thing twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import messages
from bot.cli.render import format_reply
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, Reply, Request, SalaryResult, Turn
from bot.service import RoleBot
from tests.chat import answer, follow, module_bot


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory, built_data_dir: Path, embedder: MiniLMEmbeddings
) -> RoleBot:
    return module_bot(tmp_path_factory, built_data_dir, embedder, "round10")


def thread(bot: RoleBot, *turns: str) -> Reply:
    """The reply to the last of ``turns``, each earlier one answered in the same thread."""
    history: list[Turn] = []
    for text in turns[:-1]:
        reply = bot.handle(Request(text=text, history=list(history)))
        history += [Turn("user", text), Turn("assistant", format_reply(reply))]
    return bot.handle(Request(text=turns[-1], history=history))


def test_why_after_a_declined_ranking_is_never_an_empty_reply(bot: RoleBot) -> None:
    # "why?" after "which of those matter most?" came back with 0 characters.
    reply = thread(
        bot, "What tools does a lead use for ci/cd?", "which of those matter most?", "why?"
    )
    assert isinstance(reply, Answer)
    assert reply.answer == messages.NO_REASONS


def test_a_blank_answer_is_said_never_sent() -> None:
    from bot.service import _bounded

    reply = _bounded(Answer(answer="  \n", found=True, mode="extractive"))
    assert isinstance(reply, Answer)
    assert reply.answer == messages.NOTHING_TO_SAY and not reply.found


def test_and_another_one_after_the_talent_shortage_one(bot: RoleBot) -> None:
    # "and security?" re-sent the Skilled Talent Shortage block.
    reply = thread(
        bot,
        "what are common challenges for mlops leads",
        "how do they solve the talent shortage one?",
        "and security?",
    )
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer.startswith("Security Concerns [1]:")
    assert "talent" not in reply.answer.lower()


def test_automl_is_the_guides_automated_ml_platforms(bot: RoleBot) -> None:
    # 'never mentions "trending in automl platforms"', though the trends name DataRobot's.
    reply = follow(bot, "whats trending in mlops", "what about automl platforms?")
    assert reply.found
    assert "DataRobot" in reply.answer.split("\n\n")[0]


def test_which_pays_the_most_after_industries_is_the_industry_factor(bot: RoleBot) -> None:
    # It looked up the lead's figures and said "no salary figures for Most" (a Czech town).
    reply = thread(bot, "what industries hire mlops leads", "which pays the most?")
    assert isinstance(reply, Answer) and reply.found
    assert "Industry: Certain sectors (e.g., finance, healthcare) may offer premium" in (
        reply.answer
    )
    assert "Most" not in reply.answer


def test_the_most_wed_pay_is_the_upper_end(bot: RoleBot) -> None:
    # 'I don't have salary figures for "most d have"'.
    reply = bot.handle(Request(text="whats the most we'd realistically have to pay a lead"))
    assert isinstance(reply, SalaryResult) and reply.found
    assert reply.message.startswith("Upper end:") and "$244,210" in reply.message


def test_what_pushes_it_higher_after_a_salary_reply_gives_the_factors(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "pushes"'.
    reply = thread(
        bot, "whats the most we'd realistically have to pay a lead", "what pushes it higher?"
    )
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer.startswith("Factors Affecting Salary [1]:")
    assert "Location: Major tech hubs" in reply.answer


def test_how_much_should_we_offer_is_a_lookup(bot: RoleBot) -> None:
    # It quoted the mid-level range first, as text, with a note that the sections disagree.
    reply = bot.handle(Request(text="how much should we offer a lead mlops engineer?"))
    assert isinstance(reply, SalaryResult) and reply.found
    assert reply.message.startswith("Typical range: $190,000–$230,000 a year")


def test_whether_on_call_is_paid_is_a_policy_not_a_lookup(bot: RoleBot) -> None:
    # Nine salary figures, 1,956 characters.
    reply = bot.handle(Request(text="is on-call paid for MLOps engineers on our team?"))
    assert isinstance(reply, Answer) and not reply.found
    assert "$" not in reply.answer
    # someone's pay is still looked up
    paid = bot.handle(Request(text="are mlops engineers paid well in london?"))
    assert isinstance(paid, SalaryResult) and paid.found


def test_where_a_figure_goes_is_no_place(bot: RoleBot) -> None:
    # "The knowledge base has no salary figures for Job Posting".
    reply = bot.handle(Request(text="what salary should I put in the job posting?"))
    assert isinstance(reply, SalaryResult) and reply.found
    assert "Job Posting" not in format_reply(reply)
    assert reply.message.startswith("Typical range:")
    midwest = bot.handle(Request(text="lead mlops salary in the midwest"))
    assert isinstance(midwest, SalaryResult)
    assert midwest.message.startswith("The knowledge base has no salary figures for Midwest;")


def test_pay_at_a_named_employer_says_it_has_none_for_it(bot: RoleBot) -> None:
    # It opened "Typical range: …" and never said it has nothing Google-specific.
    for text in (
        "what is the salary of a Lead MLOps Engineer at Google?",
        "how much does a lead mlops engineer make at google",
    ):
        reply = bot.handle(Request(text=text))
        assert isinstance(reply, SalaryResult)
        assert reply.message.startswith("The knowledge base has no salary figures for Google;")


def test_a_salary_reply_says_what_is_missing_once(bot: RoleBot) -> None:
    # The first line said London has no figures, and a note said it again; "a lead" is the
    # guide's role named in shorthand, not "no role was named".
    reply = bot.handle(Request(text="how much does a lead make in london?"))
    assert isinstance(reply, SalaryResult)
    shown = format_reply(reply)
    assert shown.startswith("The knowledge base has no salary figures for London;")
    assert "specific to London" not in shown
    assert "No role was named" not in shown
    # JSON readers have no first line: the note stays in the data
    assert any("specific to London" in n for n in reply.to_json()["notes"])


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # the closest lines were quoted as the answer
        ("is MLflow better than Weights & Biases for experiment tracking?", '"weights"'),
        ("what Terraform modules should I use for a Kubeflow cluster?", "step-by-step"),
        ("what p99 latency should we alert on for a model serving endpoint?", "thresholds"),
        ("how did Netflix solve model drift?", "company-specific"),
        ("what does a head of AI own for model governance?", "not a head of AI"),
    ],
)
def test_tenth_review_near_misses_are_declined(bot: RoleBot, question: str, said: str) -> None:
    reply = answer(bot, question)
    assert not reply.found
    assert said in reply.answer.splitlines()[0]


def test_a_near_miss_as_a_follow_up_is_declined_too(bot: RoleBot) -> None:
    # "how did Netflix solve model drift?" after the challenges got the drift lines.
    reply = follow(
        bot,
        "what are the common challenges for an MLOps lead?",
        "how did Netflix solve model drift?",
    )
    assert not reply.found
    # the challenge's own solution is still the guide's
    fixed = follow(
        bot, "what are the common challenges for an MLOps lead?", "how do I fix the first one?"
    )
    assert fixed.found and "Solution: Implement robust data governance" in fixed.answer


def test_installing_a_tool_a_list_names_is_a_how_to(bot: RoleBot) -> None:
    # "how do I install the first one?" got the programming-language lines.
    reply = follow(bot, "what tools does a lead use?", "how do I install the first one?")
    assert not reply.found
    assert reply.answer.startswith(messages.NOT_COVERED_HOW_TO)


def test_which_certification_is_best_says_the_guide_does_not_rank(bot: RoleBot) -> None:
    # "Relevant certifications (e.g., Azure, AWS) are beneficial" alone read as a ranking.
    reply = answer(bot, "which MLOps certification is the best one to get?")
    assert reply.answer.startswith(messages.NOT_RANKED)
    assert "Relevant certifications (e.g., Azure, AWS) are beneficial" in reply.answer


def test_w_is_with(bot: RoleBot) -> None:
    # 'The knowledge base doesn't describe work w data scientists'.
    reply = answer(bot, "how does a lead mlops work w data scientists")
    assert reply.answer.startswith("Cross-functional Collaboration [1]:")
    assert "doesn't describe" not in reply.answer


def test_a_tech_interview_screens_technical_skills(bot: RoleBot) -> None:
    # Only the soft skills.
    reply = answer(bot, "which skills should we screen for in the tech interview")
    assert reply.answer.startswith("Technical Skills [1]:")
    assert "Docker and Kubernetes" in reply.answer


def test_two_questions_one_declined_answer_the_other(bot: RoleBot) -> None:
    # The whole message was declined as a reporting line, though the guide names the rung
    # after the lead's.
    reply = answer(bot, "who would the lead report to / whats the next step up")
    assert reply.found
    first, second = reply.answer.splitlines()[:2]
    assert first.startswith("On “who would the lead report to”: ")
    assert messages.NOT_COVERED_COMPANY in first
    assert second == "After MLOps Team Lead: Director of MLOps."


def test_the_next_step_up_asked_first_is_after_the_guides_rung(bot: RoleBot) -> None:
    reply = answer(bot, "whats the next step up")
    assert reply.answer.startswith("After MLOps Team Lead: Director of MLOps.")


def test_does_that_include_leads_with_the_line_naming_it(bot: RoleBot) -> None:
    # The five overview responsibilities, none of which mentions decommissioning.
    reply = follow(
        bot, "what does the lead do about model lifecycle", "does that include decommissioning?"
    )
    assert reply.answer.startswith("Manage model workflows from onboarding to decommissioning [1]")


def test_tools_for_something_the_guide_names_no_tool_for_say_so(bot: RoleBot) -> None:
    # "any tools for that?" after bias repeated the bias lines and added "cataloging tools",
    # which read as bias tools.
    reply = thread(
        bot, "what does governance look like in mlops", "what about bias?", "any tools for that?"
    )
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer.startswith(messages.NO_TOOLS_NAMED)
    assert "Implement bias detection and mitigation strategies" in reply.answer
    # a list that names tools is no such case
    named = answer(bot, "what tools does a lead use for ci/cd?")
    assert not named.answer.startswith(messages.NO_TOOLS_NAMED)


def test_which_tools_for_that_tho_after_alert_metrics_stays_on_monitoring(bot: RoleBot) -> None:
    # A Technical Skills summary (Python, Java, Scala, Docker/K8s).
    reply = thread(
        bot,
        "best practices for monitoring models?",
        "what metrics should we alert on?",
        "which tools for that tho",
    )
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer.startswith(messages.NO_TOOLS_NAMED)
    assert "Set up monitoring tools for metrics like response time" in reply.answer
    assert "Scala" not in reply.answer


def test_two_rungs_compared_get_their_lines_and_the_ladder_only(bot: RoleBot) -> None:
    # After the two rung lines: an unrelated challenge, its solution and a soft skill.
    reply = answer(bot, "hows a lead different from a senior mlops engineer")
    assert reply.answer.splitlines()[:3] == [
        "Career Progression [1]:",
        "- Senior MLOps Engineer: Assume leadership roles, guide teams, and make strategic "
        "decisions.",
        "- Lead MLOps Engineer: Oversee the work of other MLOps Engineers, ensure timely project "
        "completion, and lead the development of machine learning pipelines.",
    ]
    assert "Challenge:" not in reply.answer
    assert "Communication" not in reply.answer


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # the eleventh review's: each was answered from loosely related lines
        ("what PSI value for data drift should trigger retraining?", "thresholds"),
        ("does our company pay relocation for MLOps leads?", "company-specific"),
        ("how does Uber's Michelangelo platform handle model deployment?", "company-specific"),
        ("how does Airflow compare to Kubeflow for ML pipelines?", '"airflow"'),
        ("what is shadow deployment in MLOps?", '"shadow deployment"'),
    ],
)
def test_eleventh_review_near_misses_are_declined(bot: RoleBot, question: str, said: str) -> None:
    reply = bot.handle(Request(text=question))
    assert isinstance(reply, Answer) and not reply.found
    assert said in reply.answer.splitlines()[0]


def test_which_one_to_learn_first_is_an_order_the_guide_does_not_give(bot: RoleBot) -> None:
    reply = follow(bot, "what tools does a lead use?", "which one should i learn first?")
    assert reply.answer == messages.NO_RANKING


def test_whats_trending_is_the_trends_list(bot: RoleBot) -> None:
    # Four of the eight trends, the intro's first half shown as a fact.
    reply = answer(bot, "whats trending in mlops")
    assert reply.answer.startswith("Industry Trends [1]:\n- Market Growth:")
    assert "evolving rapidly" not in reply.answer


@pytest.mark.parametrize(
    "question",
    [
        # only the four soft skills
        "which skills should we screen for in a lead mlops eng",
        "what skills should we look for in a lead mlops engineer",
    ],
)
def test_skills_to_screen_for_are_the_skills_a_lead_needs(bot: RoleBot, question: str) -> None:
    reply = answer(bot, question)
    assert reply.answer.startswith("Essential Skills [1]:")
    assert "Python" in reply.answer


@pytest.mark.parametrize(
    "question",
    [
        # 'never mentions "worry"', 'never mentions "watch"'
        "what trends should i watch in mlops",
        "security stuff - what should a lead worry about",
    ],
)
def test_chat_verbs_are_no_topic(bot: RoleBot, question: str) -> None:
    reply = answer(bot, question)
    assert reply.found and "never mentions" not in reply.answer


def test_what_a_director_of_mlops_makes_is_a_lookup(bot: RoleBot) -> None:
    # Answered from the text, with unrelated lines and no word on the missing figure.
    reply = bot.handle(Request(text="what does a director of mlops make"))
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith("The knowledge base has no director figure;")


def test_a_remark_then_a_figure_stays_in_the_salary_thread(bot: RoleBot) -> None:
    # "that seems low, whats typical for a lead?" got the bonus list and the salary factors.
    reply = thread(bot, "mlops team lead avg salary", "that seems low, whats typical for a lead?")
    assert isinstance(reply, SalaryResult)
    assert [f.label for f in reply.ranges] == ["Typical range"]


def test_the_top_of_the_range_is_the_upper_end_highest_first(bot: RoleBot) -> None:
    # It opened with the typical range; "Up to $244,210" was in the third row.
    reply = bot.handle(Request(text="what's the top of the range for a lead mlops eng?"))
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith("Upper end: $244,210 a year")


def test_a_title_named_in_full_is_that_titles_figures(bot: RoleBot) -> None:
    # Nine rows, the lead's and the team lead's among them, and no headline.
    for text in ("mlops engineer salary", "how much do mlops engineers make"):
        reply = bot.handle(Request(text=text))
        assert isinstance(reply, SalaryResult)
        assert {f.role for f in reply.ranges} == {"MLOps Engineer"}


def test_extras_besides_base_are_the_additional_compensation(bot: RoleBot) -> None:
    # It opened with what drives salary up.
    reply = answer(
        bot, "what should we put in the offer besides base salary for a lead mlops hire?"
    )
    assert reply.answer.startswith("Additional Compensation [1]:")


def test_and_another_thing_the_last_answer_quoted_is_that_line(bot: RoleBot) -> None:
    # "and code reviews?" and then "shorter" re-sent the same two-line block.
    reply = thread(bot, "how should we structure ml projects", "and code reviews?")
    assert isinstance(reply, Answer)
    assert reply.answer.splitlines()[1:] == [
        "- Establish clear workflows for code reviews and version control"
    ]


def test_shorter_after_a_short_answer_is_its_first_line(bot: RoleBot) -> None:
    # "tl;dr" re-sent the two lines word for word.
    reply = thread(
        bot, "what does a lead mlops engineer do for scalability", "what infra tools?", "tl;dr"
    )
    first = thread(bot, "what does a lead mlops engineer do for scalability", "what infra tools?")
    assert isinstance(reply, Answer) and isinstance(first, Answer)
    assert reply.answer != first.answer
    assert len(reply.answer) < len(first.answer)


def test_a_line_labelled_with_just_what_is_asked_leads(bot: RoleBot) -> None:
    # Career advice ("Develop skills to…") instead of the lead's own Team Leadership duty.
    reply = answer(bot, "what does the lead do for team leadership?")
    assert reply.answer.startswith("Team Leadership: Guide MLOps teams, make strategic decisions")


def test_solution_or_fix_alone_after_a_challenge_is_its_solution(bot: RoleBot) -> None:
    # 'never mentions "fix"'; "solution?" re-sent the block, and "shorter" then said only
    # "That is all the knowledge base says about this; here it is again."
    fix = thread(bot, "what are the main challenges with data mgmt", "fix?")
    assert isinstance(fix, Answer) and fix.found
    assert fix.answer.splitlines()[1].startswith("- Solution: Implement robust data governance")
    replies = [
        thread(bot, "what are the security challenges", "solution?"),
        thread(bot, "what are the security challenges", "solution?", "shorter"),
    ]
    for reply in replies:
        assert isinstance(reply, Answer)
        assert "- Solution: Implement strong access controls" in reply.answer
        assert messages.NOTHING_MORE not in reply.answer


def test_and_another_partner_after_with_is_that_partner(bot: RoleBot) -> None:
    # "and devops?" was declined: "not data scientists".
    reply = thread(bot, "how does a lead collaborate with data scientists", "and devops?")
    assert isinstance(reply, Answer) and reply.found
    assert "DevOps teams" in reply.answer


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # the twelfth review's: answered as if covered
        ("does a CTO need to know Kubernetes?", "not a CTO"),
        ("does the company pay relocation for MLOps leads moving to Seattle?", "company-specific"),
        ("what is a feature store and should we use Feast?", '"feature store"'),
    ],
)
def test_twelfth_review_near_misses_are_declined(bot: RoleBot, question: str, said: str) -> None:
    reply = bot.handle(Request(text=question))
    assert isinstance(reply, Answer) and not reply.found
    assert said in reply.answer.splitlines()[0]


def test_the_version_of_a_listed_thing_is_a_setting(bot: RoleBot) -> None:
    reply = follow(
        bot,
        "which ML frameworks should a lead know?",
        "what's the latest stable version of the first one?",
    )
    assert reply.answer.startswith(messages.NOT_COVERED_SETTING)


def test_equity_as_part_of_pay_is_the_additional_compensation(bot: RoleBot) -> None:
    # Three base-salary ranges, no word of equity.
    reply = bot.handle(Request(text="do lead MLOps engineers get equity as part of their pay?"))
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer.startswith("Stock options or equity grants [1]")


def test_an_offer_in_euros_for_a_rung_in_a_city_is_looked_up(bot: RoleBot) -> None:
    # Answered with the salary factors; never said there are no Berlin or euro figures.
    reply = bot.handle(Request(text="we can offer €150k for a lead in berlin, competitive?"))
    assert isinstance(reply, SalaryResult) and reply.found
    assert reply.message.startswith("The knowledge base has no salary figures for Berlin;")
    assert "none in euros" in reply.message


def test_which_pays_more_after_two_lookups_compares_the_last_two_rungs(bot: RoleBot) -> None:
    # The salary factors, after a senior lookup and then a lead one.
    reply = thread(bot, "salary for senior mlops engineer", "what about lead?", "which pays more?")
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith("Higher: Lead MLOps Engineer, $190,000–$230,000 a year")


def test_which_one_pays_more_of_the_kinds_asked_about_earlier(bot: RoleBot) -> None:
    # The location line, though the thread was about industries.
    reply = thread(
        bot,
        "which industries hire mlops leads most",
        "should i specialize?",
        "which one pays more?",
    )
    assert isinstance(reply, Answer)
    assert reply.answer.startswith("Industry: Certain sectors (e.g., finance, healthcare) may")


def test_a_topic_named_before_a_dash_is_kept(bot: RoleBot) -> None:
    # "expected" alone found the Unrealistic Expectations challenge.
    reply = answer(bot, "governance stuff - what's expected")
    assert "governance" in reply.answer.split("\n", 2)[1].lower()
    assert not reply.answer.startswith("Unrealistic Expectations")


def test_an_ask_with_no_topic_is_about_the_context_before_it(bot: RoleBot) -> None:
    # Soft skills, automation and "training opportunities" for the talent shortage.
    reply = answer(bot, "hiring is hard, we can't find mlops ppl. what does the guide suggest?")
    assert reply.answer.startswith("Skilled Talent Shortage [1]:")
    assert "Solution: Consider global talent acquisition" in reply.answer


def test_a_salary_note_is_said_once_in_a_thread(bot: RoleBot) -> None:
    # The conflict and estimate notes (about 450 characters) came back on every follow-up.
    first = bot.handle(Request(text="how much does a lead mlops engineer make?"))
    later = thread(
        bot, "how much does a lead mlops engineer make?", "and in new york?", "and in seattle?"
    )
    assert isinstance(first, SalaryResult) and isinstance(later, SalaryResult)
    conflict = next(n for n in first.notes if "gives different figures" in n)
    assert conflict in format_reply(first)
    assert conflict not in format_reply(later)
    # the data keeps it
    assert conflict in later.to_json()["notes"]
