"""Intent routing: drafts, salary lookups, help and questions, decided without an LLM."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.errors import EvalFileError
from bot.evaluation_routing import routing_accuracy
from bot.jobdesc import JDRequest
from bot.knowledge.documents import load_knowledge
from bot.models import Turn
from bot.routing import route
from bot.salary import SALARY_TABLE_FILE, load_salary_table
from bot.settings import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"


@pytest.fixture(scope="module")
def roles():
    return load_salary_table(KNOWLEDGE / SALARY_TABLE_FILE, load_knowledge(KNOWLEDGE)).role_terms()


def test_a_jd_request_is_routed_with_its_options(roles):
    routed = route("draft a JD for a senior MLOps engineer in fintech", roles)
    assert routed.intent == "job_description"
    assert routed.job == JDRequest("MLOps engineer", "senior", None, "finance", False)


def test_a_salary_question_is_routed_with_its_text(roles):
    routed = route("how much does a lead MLOps engineer make in New York?", roles)
    assert routed.intent == "salary"
    assert routed.query == "how much does a lead MLOps engineer make in New York?"
    assert routed.job is None


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what skills should I put in a job description?", "question"),
        ("how do I write a job posting that attracts MLOps people?", "question"),
        ("Could you draft a job description for a senior MLOps engineer?", "job_description"),
        ("job description for lead mlops, remote", "job_description"),
        ("salary expectations for lead mlops", "salary"),
        ("compare senior vs lead salary", "salary"),
        ("lead mlops range?", "salary"),
        ("what does a lead MLOps engineer do?", "question"),
        ("what's included in total compensation?", "question"),
        ("how much experience does a lead mlops engineer need?", "question"),
        ("hello", "help"),
        # about the bot itself: what it covers and where its answers come from
        ("what topics do you cover?", "help"),
        ("what do you know?", "help"),
        ("where does this info come from?", "help"),
        ("help me", "help"),
        ("what do you know about kubernetes?", "question"),
        ("   ", "help"),
        ("jd senior MLOps engineer, healthcare, remote", "job_description"),
        ("jd pastry chef", "job_description"),
        ("job description tips?", "question"),
        ("draft a JD for a junior mlops engineer in austin", "job_description"),
        # who pays more, with no role or level named, asks what pay depends on
        ("do big companies pay more?", "question"),
        ("which industries pay the most?", "question"),
        # ... or with the role named: the figures have no industry or employer to look up
        ("which industries pay a premium for mlops", "question"),
        # "how much" with a role, a rung or a place is the price of a person
        ("how much for a lead mlops engineer in berlin", "salary"),
        ("how much for a lead in austin?", "salary"),
        ("how much is the market worth?", "question"),
        ("how much experience do i need?", "question"),
        ("which companies pay the most for a lead mlops?", "question"),
        ("good morning", "help"),
        ("hey rolebot :wave:", "help"),
        ("do leads earn more than seniors?", "salary"),
        ("does a lead mlops engineer earn more in new york?", "salary"),
        # thanks closes a thread; thanks before a question does not
        ("thanks!", "help"),
        ("great, thank you 👍", "help"),
        ("thanks, what about the salary?", "salary"),
        ("thanks, what skills does a lead need?", "question"),
        # a question and a pay question with no role to look up are answered together;
        # with a role, the lookup stays (its table is the better answer)
        ("what tools do they use and how much do they make?", "question"),
        ("what tools do they use? and also what do they get paid?", "question"),
        ("how much does a lead mlops engineer make and what skills do they need?", "salary"),
        ("what is the salary for a lead mlops engineer in nyc and what about seattle?", "salary"),
        # an offer as a noun asks for figures; the verb does not
        ("what's a fair offer for a lead mlops engineer in seattle?", "salary"),
        ("what does a lead mlops engineer offer a team?", "question"),
        ("what's a competitive offer for a lead in new york?", "salary"),
        # paying for a thing is no one's pay; paying for someone is
        ("does the employer pay for a masters degree?", "question"),
        ("will they pay for certifications?", "question"),
        ("how much do companies pay for a lead mlops engineer?", "salary"),
        ("what should we pay for this role in seattle?", "salary"),
        ("do they pay more for kubernetes skills?", "question"),
        ("do leads get paid overtime?", "question"),
        ("are leads paid well in seattle?", "salary"),
        ("how much are leads paid in nyc?", "salary"),
        # what raises pay is advice, not a lookup for the role "which skills"
        ("which skills raise the salary?", "question"),
        ("what boosts pay for a lead?", "question"),
        # a rate of something else is no pay rate; how much pay depends on a factor is advice
        ("what's the growth rate of mlops jobs?", "question"),
        ("what's the day rate for a lead mlops engineer?", "salary"),
        ("lead mlops rate?", "salary"),
        ("how much does company size matter for pay?", "question"),
        ("does lead mlops pay vary by city?", "question"),
        # figures for the role pointed at; a budget for something else is a question
        ("what's a reasonable budget for this hire?", "salary"),
        ("what's the budget for the role?", "salary"),
        ("what's a reasonable budget for ml tooling?", "question"),
        # a role and a place and nothing else: the slash command's words typed in a chat
        ("lead mlops engineer san francisco", "salary"),
        ("lead mlops engineer austin", "salary"),
        ("senior mlops engineer in Berlin?", "salary"),
        ("lead mlops engineer", "question"),
        ("lead mlops engineer skills austin", "question"),
        ("what does a lead mlops engineer do in austin?", "question"),
        # what people make happen is no pay: "make" counts before pay words or the end
        ("how do they make experiments reproducible?", "question"),
        ("how do leads make decisions?", "question"),
        ("what do they earn these days", "salary"),
        ("what do directors earn, roughly?", "salary"),
        # a thing named before "make" is what they make, not what they are paid
        ("what are common mistakes mlops leads make?", "question"),
        ("what decisions do leads make?", "question"),
        ("what does a lead make?", "salary"),
        ("what kind of money do leads make?", "salary"),
        ("what would an mlops lead make in ny?", "salary"),
        ("what's the biggest mistake a new lead makes?", "question"),
        ("what's the most a lead makes?", "salary"),
        ("what's the average lead make?", "salary"),
    ],
)
def test_tricky_messages(roles, text, intent):
    assert route(text, roles).intent == intent


def test_the_knowledge_questions_in_the_eval_set_stay_questions(roles):
    """Every eval question is a question, except the two out-of-scope salary asks, which the
    salary lookup answers with "I don't have figures for that role"."""
    questions = yaml.safe_load((PROJECT_ROOT / "eval" / "questions.yaml").read_text())["questions"]
    routed = {q["question"]: route(q["question"], roles).intent for q in questions}
    not_questions = {text for text, intent in routed.items() if intent != "question"}
    assert not_questions == {
        "what is a good pastry chef salary?",
        "what's the salary of a data analyst in Berlin?",
    }


def test_routing_eval_set_has_enough_varied_cases_and_all_pass(roles):
    path = PROJECT_ROOT / "eval" / "routing.yaml"
    cases = yaml.safe_load(path.read_text())["cases"]
    assert len(cases) >= 25
    assert {c["intent"] for c in cases} == {"question", "salary", "job_description", "help"}
    accuracy, failures = routing_accuracy(path, roles)
    assert failures == []
    assert accuracy == 1.0


def test_routing_accuracy_reports_each_miss(tmp_path: Path, roles):
    path = tmp_path / "routing.yaml"
    path.write_text(
        "cases:\n"
        "  - {text: 'senior mlops salary', intent: salary}\n"
        "  - {text: 'what does an MLOps engineer do?', intent: salary}\n",
        encoding="utf-8",
    )
    accuracy, failures = routing_accuracy(path, roles)
    assert accuracy == 0.5
    assert failures == ["'what does an MLOps engineer do?': expected salary, got question"]


def test_an_unknown_intent_in_the_cases_is_refused(tmp_path: Path, roles):
    path = tmp_path / "routing.yaml"
    path.write_text("cases:\n  - {text: hi, intent: greeting}\n", encoding="utf-8")
    with pytest.raises(EvalFileError, match="case 1 has intent 'greeting'"):
        routing_accuracy(path, roles)


@pytest.mark.parametrize(
    ("follow_up", "level", "location", "industry", "remote"),
    [
        ("make it remote", "lead", "Austin", None, True),
        ("now for a senior", "senior", "Austin", None, False),
        ("same but in healthcare", "lead", "Austin", "healthcare", False),
        ("and for seattle?", "lead", "Seattle", None, False),
    ],
)
def test_a_change_to_the_draft_just_asked_for_is_that_draft_changed(
    roles, follow_up, level, location, industry, remote
):
    history = [
        Turn("user", "draft a jd for a lead mlops engineer in austin"),
        Turn("assistant", "# Lead MLOps Engineer\n\n**Location:** Austin"),
    ]
    routed = route(follow_up, roles, history)
    assert routed.intent == "job_description"
    assert routed.job == JDRequest("mlops engineer", level, location, industry, remote)


def test_changes_to_a_draft_add_up_and_a_question_about_it_stays_a_question(roles):
    history = [
        Turn("user", "draft a jd for a lead mlops engineer"),
        Turn("assistant", "# Lead MLOps Engineer"),
        Turn("user", "now for a senior"),
        Turn("assistant", "# Senior MLOps Engineer"),
    ]
    assert route("make it remote", roles, history).job == JDRequest(
        "mlops engineer", "senior", None, None, True
    )
    assert route("what skills should it list?", roles, history).intent == "question"
    # after something else, "make it remote" changes no draft
    assert route("make it remote", roles, [Turn("user", "what are the skills?")]).job is None


@pytest.mark.parametrize(
    "edit", ["shorter", "add python", "remove the salary section", "make it more formal"]
)
def test_editing_a_drafts_wording_is_told_drafts_are_rebuilt_not_edited(roles, edit):
    # "shorter" was declined for "berlin", "add python" got the languages line and "remove
    # the salary section" a salary lookup for the role "remove section".
    history = [
        Turn("user", "draft a job posting for a senior mlops engineer in berlin"),
        Turn("assistant", "# Senior MLOps Engineer"),
    ]
    routed = route(edit, roles, history)
    assert routed.intent == "help" and routed.edit
    # with no draft before it, "add python" is no edit
    assert not route(edit, roles, [Turn("user", "what skills does a lead need?")]).edit
