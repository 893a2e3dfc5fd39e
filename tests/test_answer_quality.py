"""The failures graded in the answers issue, each asked with its quoted question: facts not
sections, a direct first line, disagreements shown, near misses declined, follow-ups that
keep their intent, and every [n] pointing at the source that holds the cited line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot import messages
from bot.answering.coverage import Topic, topic_of, uncovered
from bot.answering.shape import listed_questions
from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.evaluation import repeated_units
from bot.jobdesc import assemble
from bot.models import Answer, HelpReply, Request, SalaryResult, Turn
from bot.service import RoleBot
from bot.settings import load_settings

CITED = re.compile(r"\s*\[(\d+)\]\s*:?$")


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory, built_data_dir: Path, embedder: MiniLMEmbeddings
) -> RoleBot:
    """One bot over its own copy of the built index for every question in this module."""
    target = tmp_path_factory.mktemp("quality") / "data"
    shutil.copytree(built_data_dir, target)
    return build_rolebot(load_settings(data_dir=target, llm="off"), embedder=embedder)


def ask(bot: RoleBot, question: str, *history: str) -> Answer:
    reply = bot.handle(Request(text=question, history=[Turn("user", h) for h in history]))
    assert isinstance(reply, Answer)
    return reply


def cited_lines(answer: Answer) -> list[tuple[int, str]]:
    """(source number, quoted text) for every line that quotes the knowledge."""
    out: list[tuple[int, str]] = []
    current: int | None = None
    for line in answer.answer.splitlines():
        mark = CITED.search(line)
        if line.endswith(":") and mark:  # a section heading: its list follows
            current = int(mark.group(1))
        elif mark:  # a lead line quoting one unit
            out.append((int(mark.group(1)), CITED.sub("", line)))
        elif line.startswith("- ") and current is not None:
            out.append((current, line[2:]))
    return out


def assert_citations_hold(answer: Answer) -> None:
    sources = {s.n: s for s in answer.sources}
    numbers = sorted(sources)
    assert numbers == list(range(1, len(numbers) + 1))  # numbered from 1, no gaps
    for n, text in cited_lines(answer):
        source_text = sources[n].text
        # A group line is "Subsection: item; item": each item is in the cited source.
        pieces = text.split(": ", 1)[-1].split("; ") if text not in source_text else [text]
        for piece in pieces:
            assert piece in source_text, (n, piece, sources[n].section)


COVERED = (
    "- Lead MLOps Engineer: Overview, Core Responsibilities, Requirements, Career Development, "
    "Market Demand, Salary Ranges (US Market, 2024), Industry Trends, Essential Soft Skills, "
    "Best Practices, Common Challenges"
)


def assert_lists_what_is_covered(answer: Answer) -> None:
    assert not answer.found and answer.sources == []
    lines = answer.answer.splitlines()
    assert lines[1:3] == ["I can answer questions about:", COVERED]
    assert lines[3].startswith("Try e.g. ")


# ------------------------------------------------------------------ near misses


def test_why_have_the_role_is_answered_with_what_the_role_is_for(bot: RoleBot) -> None:
    # "companies" alone matched the remote-work trend ("…work for companies in high-paying
    # regions"); the question is why the role exists.
    answer = ask(bot, "why do companies need a lead mlops engineer?")
    first = answer.answer.splitlines()[0]
    assert "This role is crucial in bridging the gap between data science and operations" in first
    assert "Remote Work" not in answer.answer
    assert_citations_hold(answer)
    # what the role does keeps the opening sentence alone, and room for the duties
    does = ask(bot, "what does a lead mlops engineer do?")
    assert "This role is crucial" not in does.answer
    assert "- Team Leadership: Guide MLOps teams" in does.answer


def test_a_tool_how_to_is_declined_not_answered_with_the_duties(bot: RoleBot) -> None:
    answer = ask(bot, "how do I configure Kubeflow pipelines")
    assert_lists_what_is_covered(answer)
    assert "not step-by-step" in answer.answer
    assert "CI/CD" not in answer.answer and "MLflow, Kubeflow" not in answer.answer


def test_a_company_policy_is_declined_not_answered_with_pay(bot: RoleBot) -> None:
    answer = ask(bot, "what's the PTO policy for the lead mlops role here?")
    assert_lists_what_is_covered(answer)
    assert "company-specific policies" in answer.answer
    assert "highest-paid" not in answer.answer


@pytest.mark.parametrize(
    "question",
    ["does Google hire lead mlops engineers remotely?", "is Netflix hiring mlops leads?"],
)
def test_one_employers_hiring_is_declined_not_answered_with_the_remote_trend(
    bot: RoleBot, question: str
) -> None:
    answer = ask(bot, question)
    assert_lists_what_is_covered(answer)
    assert "company-specific policies" in answer.answer
    assert "Remote Work" not in answer.answer


@pytest.mark.parametrize(
    ("question", "line"),
    [
        # hiring for a skill a tool names is no employer's hiring
        ("how do I hire a lead with Kubernetes skills?", "Expertise in Docker and Kubernetes"),
        # preparing for the role is becoming one, not a procedure
        ("how do I prepare for the lead role?", "The path to becoming a Lead MLOps Engineer"),
    ],
)
def test_hiring_for_a_skill_and_preparing_for_the_role_are_answered(
    bot: RoleBot, question: str, line: str
) -> None:
    answer = ask(bot, question)
    assert answer.found and line in answer.answer


def test_another_role_is_declined_and_named(bot: RoleBot) -> None:
    answer = ask(bot, "what skills does a lead data scientist need?")
    assert_lists_what_is_covered(answer)
    assert answer.answer.startswith(
        "The knowledge base describes the Lead MLOps Engineer role, not a lead data scientist"
    )
    assert "TensorFlow" not in answer.answer


def test_a_comparison_is_answered_for_this_role_and_says_the_other_is_not_described(
    bot: RoleBot,
) -> None:
    answer = ask(bot, "how does this role differ from a data scientist?")
    assert answer.found
    first = answer.answer.splitlines()[0]
    assert first == (
        "The knowledge base doesn't describe a data scientist; here is what it says about "
        "the Lead MLOps Engineer role."
    )
    assert_citations_hold(answer)


def test_a_follow_up_about_another_role_is_declined(bot: RoleBot) -> None:
    answer = ask(bot, "what about for a data scientist?", "what skills does a lead mlops need?")
    assert not answer.found and "not a data scientist" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "how does a lead work with data scientists?",
        "what's the handoff between data scientists and mlops like?",
        "how should the lead collaborate with devops engineers and data scientists?",
    ],
)
def test_a_role_named_as_a_partner_is_not_mistaken_for_the_subject(
    bot: RoleBot, question: str
) -> None:
    answer = ask(bot, question)
    assert answer.found, answer.answer
    assert "Work closely with data scientists, software engineers, and DevOps teams" in (
        answer.answer
    )
    assert_citations_hold(answer)


# ------------------------------------------------------------------ uncovered topics


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("how many weeks of vacation does a lead mlops engineer typically get?", '"vacation",'),
        ("do mlops leads get a home office stipend?", '"home", "office" or "stipend",'),
        ("what's the best vector database for a RAG app?", '"vector", "database" or "rag",'),
        # as the user wrote it; two words joined with "or"
        ("is there an on-call rotation for this role?", '"on-call" or "rotation",'),
        # "involve" frames the question and is no topic: the guide's "involves" is no answer
        ("does the role involve on-call?", '"on-call",'),
        # "require" frames a yes/no question: the guide's Requirements do not answer it
        ("does the role require travel?", '"travel",'),
        # two words the guide uses, never together
        ("is this a part time role?", '"part-time",'),
        ("is this a full-time job?", '"full-time",'),
        # any letters: a word is named whole, not cut at its accent
        ("is there a résumé template for this role?", '"résumé" or "template",'),
    ],
)
def test_a_topic_the_guide_never_discusses_is_declined_naming_the_missing_words(
    bot: RoleBot, question: str, named: str
) -> None:
    answer = ask(bot, question)
    assert_lists_what_is_covered(answer)
    first = answer.answer.splitlines()[0]
    assert first.startswith(f"The knowledge base never mentions {named} so it can't answer")
    # Not the loosely related lines retrieval found (years of experience, salary figures).
    assert "2-5 years" not in answer.answer and "$" not in answer.answer


# ------------------------------------------------------------------ figures asked for


@pytest.mark.parametrize(
    "question",
    [
        "how much does an AWS certification cost?",
        "what percentage of leads work remotely?",
        "how much does a lead spend on cloud per month?",
        "what's the ratio of leads to seniors on a team?",
        "how much of their time is spent coding?",
        "what time do leads start work?",  # a time of day: no guide line states one
    ],
)
def test_a_figure_the_knowledge_does_not_give_is_declined_not_answered_with_another(
    bot: RoleBot, question: str
) -> None:
    answer = ask(bot, question)
    assert answer.answer.splitlines()[0] == messages.NOT_COVERED_FIGURE
    assert_lists_what_is_covered(answer)
    # Not a salary range, the market's size or the job-growth percentage instead.
    assert "$" not in answer.answer and "%" not in answer.answer


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("how much RAM do training servers need?", '"RAM",'),
        ("how many GPUs does a typical ml platform run?", '"GPUs",'),
    ],
)
def test_a_count_of_something_the_knowledge_never_mentions_is_declined_naming_it(
    bot: RoleBot, question: str, named: str
) -> None:
    answer = ask(bot, question)
    assert answer.answer.startswith(f"The knowledge base never mentions {named}")
    assert "$" not in answer.answer


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        # a percentage, not the market's dollar figures or its CAGR that rank beside it
        ("what percentage growth in jobs is predicted?", "21% increase in jobs"),
        ("what's the percentage increase in mlops jobs?", "21% increase in jobs"),
        # the market's worth, not a salary under a "US Market" heading
        ("how much is the mlops market worth?", "$5.9 billion"),
        # a span of time: years of experience, not refused for the word "long" or "ready"
        ("how long does it take to become a lead?", "years of experience"),
        ("how many years until someone is ready to be a lead?", "7-9 years"),
        ("how many years of hands-on mlops work are required?", "2-5 years"),
    ],
)
def test_a_figure_question_leads_with_a_figure_of_the_kind_asked_for(
    bot: RoleBot, question: str, figure: str
) -> None:
    answer = ask(bot, question)
    assert answer.found
    assert figure in answer.answer.splitlines()[0]
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("how much kubernetes should they know?", "Expertise in Docker and Kubernetes"),
        ("how much python do they need?", "Proficiency in Python, Java, and Scala"),
        ("how much cloud knowledge do they need?", "Familiarity with AWS, GCP, and Azure"),
        # how much pay depends on something: the factors, not a salary figure first
        ("how much does company size matter for pay?", "Company Size: Larger tech companies"),
    ],
)
def test_how_much_of_a_skill_or_a_factor_is_answered_from_the_text_not_as_a_figure(
    bot: RoleBot, question: str, line: str
) -> None:
    answer = ask(bot, question)
    assert answer.found and line in answer.answer
    assert "$" not in answer.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("what is a feature store?", "feature store"),
        ("what's a model registry?", "model registry"),
        ("explain shadow deployment", "shadow deployment"),
    ],
)
def test_a_term_the_knowledge_never_uses_is_declined_not_defined_from_a_shared_word(
    bot: RoleBot, question: str, term: str
) -> None:
    # "feature store" is not "feature sets", whatever the lines share.
    answer = ask(bot, question)
    assert not answer.found
    assert answer.answer.startswith(f'The knowledge base never mentions "{term}"')


@pytest.mark.parametrize(
    "question",
    [
        "what is model drift?",
        "what are experiment tracking tools?",
        "what are reproducibility practices?",
        "what are they accountable for?",
    ],
)
def test_a_term_whose_words_the_knowledge_uses_is_answered(bot: RoleBot, question: str) -> None:
    answer = ask(bot, question)
    assert answer.found and answer.sources
    assert_citations_hold(answer)


def test_generic_chat_words_are_not_the_topic_and_shorthand_is_spelled_out(bot: RoleBot) -> None:
    snapshot = bot.index.retriever().snapshot
    topic = topic_of(
        "what stuff do folks usually need to know about k8s, any tips?",
        snapshot,
        ignore=snapshot.title_terms,
    )
    assert topic.unknown == () and "kubernet" in topic.known
    topic = topic_of("do mlops leads get a gym membership?", snapshot, ignore=snapshot.title_terms)
    assert topic.unknown == ("gym", "membership") and not topic.known


def test_an_answer_sharing_none_of_the_question_is_uncovered_whatever_the_similarity() -> None:
    def similar() -> float:
        return 0.9

    gym = Topic(frozenset({"benefit"}), ("gym",))
    assert uncovered(gym, frozenset({"salari", "rang"}), similar)
    assert not uncovered(gym, frozenset({"benefit", "packag"}), similar)
    assert not uncovered(Topic(frozenset({"kubernet"}), ()), frozenset(), similar)


def test_an_answer_sharing_words_is_still_uncovered_when_the_question_is_unlike_any_line() -> None:
    # "how long is the probation period…": "period" is shared, half the topic, yet the
    # question without the role's name is barely like anything in the knowledge.
    probation = Topic(frozenset({"period"}), ("probation",))
    assert uncovered(probation, frozenset({"period"}), lambda: 0.11)
    assert not uncovered(probation, frozenset({"period"}), lambda: 0.20)  # the bound itself
    assert not uncovered(probation, frozenset({"period"}), lambda: 0.25)
    # sharing a third or less of the topic needs more likeness to count as answered
    gym = Topic(frozenset({"benefit", "member"}), ("gym",))
    assert uncovered(gym, frozenset({"benefit"}), lambda: 0.22)
    assert not uncovered(gym, frozenset({"benefit"}), lambda: 0.35)


def test_a_follow_up_on_an_uncovered_topic_is_declined_too(bot: RoleBot) -> None:
    answer = ask(bot, "and what about vacation?", "what does total comp usually include?")
    assert not answer.found and '"vacation"' in answer.answer


def test_a_one_letter_language_counts_as_a_word_of_the_question(bot: RoleBot) -> None:
    answer = ask(
        bot, "and R, is it any use?", "what languages should a candidate be able to code in?"
    )
    assert answer.found and "Familiarity with R is advantageous" in answer.answer


# ------------------------------------------------------------------ everyday wording


@pytest.mark.parametrize(
    ("question", "heading", "line"),
    [
        (
            "besides base pay, what extras do folks usually get?",
            "Additional Compensation [1]:",
            "Performance bonuses",
        ),
        ("which cloud stuff should I brush up on?", "Cloud Platforms [1]:", "AWS, GCP, and Azure"),
        (
            "what do folks usually use to keep track of experiments?",
            "Experimentation and Tracking [1]:",
            "experiment management platforms",
        ),
        (
            "any advice on handling execs who expect magic from AI?",
            "Unrealistic Expectations [1]:",
            "explain limitations",
        ),
        ("what perks come with the role?", "Additional Compensation [1]:", "Performance bonuses"),
    ],
)
def test_everyday_words_get_the_section_that_answers(
    bot: RoleBot, question: str, heading: str, line: str
) -> None:
    answer = ask(bot, question)
    assert answer.found and answer.answer.splitlines()[0] == heading
    assert line in answer.answer
    assert_citations_hold(answer)


# ------------------------------------------------------------------ facts, not sections


def test_a_yes_no_question_leads_with_the_line_that_answers_it(bot: RoleBot) -> None:
    answer = ask(bot, "is kubernetes required?")
    assert answer.answer.splitlines()[0] == "Expertise in Docker and Kubernetes [1]"
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    "question",
    ["is demand for lead mlops engineers growing?", "are lead mlops engineers in demand?"],
)
def test_a_lead_in_stating_a_claim_answers_a_question_about_that_claim(
    bot: RoleBot, question: str
) -> None:
    # "The demand … is robust and continues to grow, driven by several key factors:" says
    # yes before it introduces its list; it is a fact, not a frame around the list below it,
    # and the list's intro words are not quoted.
    answer = ask(bot, question)
    first = answer.answer.splitlines()[0]
    assert first == "The demand for Lead MLOps Engineers is robust and continues to grow [1]"
    assert "driven by" not in answer.answer
    assert_citations_hold(answer)


def test_a_sentence_summing_up_a_section_alone_comes_with_the_parts_it_sums_up(
    bot: RoleBot,
) -> None:
    # Only Career Development's opening sentence matches "how do I become…"; alone it says
    # "a combination of technical expertise, leadership skills, and strategic vision" and
    # nothing a reader can act on, so its parts follow it.
    answer = ask(bot, "how do I become a lead mlops engineer?")
    lines = answer.answer.splitlines()
    assert lines[0].startswith("The path to becoming a Lead MLOps Engineer involves")
    for part in ("Technical Foundation: ", "Career Progression: ", "Leadership and Strategic"):
        assert any(line.startswith(f"- {part}") for line in lines), part
    assert_citations_hold(answer)


def test_a_sentence_naming_a_sections_parts_gives_way_to_the_part_asked_about(
    bot: RoleBot,
) -> None:
    answer = ask(bot, "what experience do I need to be a lead mlops engineer?")
    assert "a combination of technical prowess, experience, and soft skills" not in answer.answer
    assert answer.answer.startswith("Experience [1]:\n- Minimum 2-5 years of hands-on MLOps")
    # …and the years the guide gives elsewhere are shown as differing, not hidden.
    assert "3-6 years of experience" in answer.answer
    assert "give different figures" in answer.answer
    assert_citations_hold(answer)


def test_who_pays_more_is_answered_from_what_pay_depends_on_not_a_table(bot: RoleBot) -> None:
    answer = ask(bot, "do big companies pay more?")
    assert answer.answer.splitlines()[0] == (
        "Company Size: Larger tech companies or well-funded startups might provide more "
        "competitive packages. [1]"
    )
    assert "salary figures" not in answer.answer
    assert_citations_hold(answer)


def test_tool_choice_leads_with_the_answer_and_quotes_only_that_line(bot: RoleBot) -> None:
    answer = ask(bot, "mlflow or kubeflow?")
    lines = answer.answer.splitlines()
    assert lines[0].startswith("Both:") and "MLflow" in lines[0] and "Kubeflow" in lines[0]
    assert lines[1] == "Proficiency in ML lifecycle management tools (MLflow, Kubeflow) [1]"
    assert len(answer.answer) < 250  # not the 919-character skills list
    assert "Python" not in answer.answer and "Docker" not in answer.answer
    assert_citations_hold(answer)


def test_career_path_reaches_director_and_has_no_intro_sentence(bot: RoleBot) -> None:
    answer = ask(bot, "what's the career path")
    assert answer.answer.splitlines()[0].startswith("The career progression typically follows:")
    for rung in ("Junior MLOps Engineer", "Senior MLOps Engineer", "Director of MLOps"):
        assert rung in answer.answer
    assert "Here's a comprehensive guide" not in answer.answer
    assert_citations_hold(answer)


def test_a_question_naming_one_rung_is_not_answered_with_the_whole_ladder(bot: RoleBot) -> None:
    answer = ask(bot, "how does a lead mlops engineer mentor juniors?")
    assert "→" not in answer.answer
    assert "including mentoring" in answer.answer.splitlines()[1]
    # …while a question about the ladder itself still leads with it
    ladder = ask(bot, "how do I progress in mlops?")
    assert ladder.answer.startswith("The career progression typically follows: Junior")


@pytest.mark.parametrize(
    "question",
    [
        "what does a lead mlops engineer do day to day?",
        "what is a typical day like for a lead mlops engineer?",
        "what does a lead own?",
        # the "s" of "what's" is no other word
        "what's a typical day like?",
        "what's the typical day of a lead mlops engineer?",
    ],
)
def test_chat_words_for_a_chapter_get_that_chapters_list(bot: RoleBot, question: str) -> None:
    answer = ask(bot, question)
    lines = answer.answer.splitlines()
    assert lines[0] == "Core Responsibilities [1]:"
    assert (
        lines[1]
        == "- ML Model Deployment and Management: Drive prototypes from development to production"
    )
    assert_citations_hold(answer)


def test_chat_words_for_a_chapter_with_a_narrower_ask_get_the_facts_for_it(bot: RoleBot) -> None:
    # "own" names the responsibilities, "when models break in prod" is what is asked.
    answer = ask(bot, "what does a lead own when models break in prod?")
    lines = answer.answer.splitlines()
    assert lines[:2] == [
        "Troubleshooting and Documentation [1]:",
        "- Resolve production issues related to ML model deployment and performance",
    ]
    assert not answer.answer.startswith("Core Responsibilities [1]:")


@pytest.mark.parametrize(
    "question",
    [
        "what's the difference between a senior and a lead mlops engineer?",
        "should I hire a lead mlops engineer or a senior one?",
    ],
)
def test_two_rungs_compared_get_each_rungs_own_line_first(bot: RoleBot, question: str) -> None:
    lines = ask(bot, question).answer.splitlines()
    assert lines[:3] == [
        "Career Progression [1]:",
        "- Senior MLOps Engineer: Assume leadership roles, guide teams, and make strategic "
        "decisions.",
        "- Lead MLOps Engineer: Oversee the work of other MLOps Engineers, ensure timely "
        "project completion, and lead the development of machine learning pipelines.",
    ]


def test_two_lists_asked_at_once_are_both_shown_with_citations_that_follow_on(
    bot: RoleBot,
) -> None:
    answer = ask(bot, "what are the responsibilities and challenges?")
    lines = answer.answer.splitlines()
    assert lines[0] == "Core Responsibilities [1]:"
    assert "Common Challenges [2]:" in lines
    assert [s.section for s in answer.sources] == ["Core Responsibilities", "Common Challenges"]
    assert_citations_hold(answer)


def test_a_question_and_a_pay_question_are_both_answered(bot: RoleBot) -> None:
    answer = ask(bot, "what tools do they use and how much do they make?")
    text = answer.answer.split("Sources:")[0]
    assert text.startswith("Technical Skills [1]:")
    assert "MLflow" in text and "$" in text
    assert_citations_hold(answer)
    # a question leaning on the first is not cut off from it
    security = ask(bot, "what are the security headaches and how do they get handled?")
    assert security.answer.startswith("Security Concerns [1]:")
    assert "Troubleshooting" not in security.answer


def test_two_lists_one_of_which_the_knowledge_lacks_get_one_answer(bot: RoleBot) -> None:
    # "hobbies" alone would be declined; the question as a whole still gets its answer,
    # without a refusal pasted under it.
    answer = ask(bot, "what are the responsibilities and hobbies?")
    assert answer.found and answer.answer.startswith("Core Responsibilities [1]:")
    assert "never mentions" not in answer.answer
    assert_citations_hold(answer)


def test_another_rung_asked_about_gets_its_own_line_of_the_ladder_first(bot: RoleBot) -> None:
    answer = ask(bot, "what does a senior mlops engineer do?")
    assert answer.answer.splitlines()[0] == (
        "Senior MLOps Engineer: Assume leadership roles, guide teams, and make strategic "
        "decisions. [1]"
    )
    assert_citations_hold(answer)


def test_the_guides_own_rung_named_in_a_question_is_not_another_rung(bot: RoleBot) -> None:
    # "lead" is the guide's own level: the question is about Kubernetes, not the Lead rung.
    answer = ask(bot, "does a lead mlops engineer need kubernetes?")
    assert answer.answer.splitlines()[0] == "Expertise in Docker and Kubernetes [1]"


def test_a_rung_the_knowledge_only_names_is_said_to_be_only_named(bot: RoleBot) -> None:
    lines = ask(bot, "what does a director of mlops do?").answer.splitlines()
    assert lines[0] == (
        "The knowledge names Director of MLOps only as a rung of the career ladder; it does "
        "not describe that role."
    )
    assert lines[1].startswith("The career progression typically follows: Junior")


def test_day_to_day_question_gets_the_responsibilities_first(bot: RoleBot) -> None:
    answer = ask(bot, "what are they on the hook for day to day")
    assert answer.found
    assert "Responsibilities" in answer.sources[0].section
    assert "Career Progression" not in answer.answer and "Essential Skills" not in answer.answer
    assert "Drive prototypes from development to production" in answer.answer
    assert "Monitor real-time performance of deployed models" in answer.answer
    assert_citations_hold(answer)


def test_monitoring_ownership_starts_with_the_monitoring_duties(bot: RoleBot) -> None:
    answer = ask(bot, "What does a Lead MLOps Engineer own for monitoring?")
    first = answer.sources[0].section
    assert first == "Core Responsibilities › Performance Monitoring and Optimization"
    assert not answer.answer.startswith("Monitoring Issues")
    assert "error rates" in answer.answer and "Establish alerts" in answer.answer
    assert_citations_hold(answer)


def test_a_list_question_gets_that_whole_list_and_not_its_neighbours(bot: RoleBot) -> None:
    answer = ask(bot, "what does total comp usually include besides base?")
    assert [s.section for s in answer.sources] == [
        "Salary Ranges (US Market, 2024) › Additional Compensation"
    ]
    for item in ("Performance bonuses", "Stock options", "Profit-sharing", "benefits packages"):
        assert item in answer.answer
    assert "Remember that total compensation often includes" not in answer.answer


def test_a_list_named_by_the_question_wins_over_a_lead_in_that_mentions_its_words(
    bot: RoleBot,
) -> None:
    # The soft-skills list is introduced by "…a blend of technical expertise and soft
    # skills…:", which is closer to the question than any one technical skill.
    answer = ask(bot, "what technical skills does a lead mlops engineer need?")
    assert answer.sources[0].section == "Requirements › Technical Skills"
    assert "Soft Skills" not in answer.answer
    for skill in ("Python", "Docker and Kubernetes", "AWS, GCP, and Azure", "MLflow"):
        assert skill in answer.answer
    assert_citations_hold(answer)


def test_a_bare_noun_gets_the_list_named_by_it_alone_not_a_narrower_one(bot: RoleBot) -> None:
    # "skills" alone is the Essential Skills, however high the soft skills' lead-in ranks;
    # "people skills" (soft skills, says the synonyms table) is still the soft skills.
    answer = ask(bot, "what skills does a lead mlops engineer need?")
    assert answer.sources[0].section == "Overview › Essential Skills"
    assert "Soft Skills" not in answer.answer
    people = ask(bot, "what people skills matter?")
    assert "Soft Skills" in people.sources[0].section


def test_after_a_salary_lookup_a_question_about_the_pay_keeps_it(bot: RoleBot) -> None:
    # "it" is the pay: the skills that raise it are a salary factor, not the skills list.
    answer = ask(bot, "which skills raise it?", "what makes the pay go up or down?")
    assert answer.sources[0].section.endswith("Factors Affecting Salary")
    assert "Skills: Expertise in cutting-edge technologies" in answer.answer


def test_after_a_salary_lookup_a_question_about_the_role_drops_the_pay_words(
    bot: RoleBot,
) -> None:
    answer = ask(
        bot, "what skills do they need?", "what's the salary for a lead mlops engineer in new york?"
    )
    assert "Salary" not in answer.answer
    assert answer.sources[0].section == "Overview › Essential Skills"


@pytest.mark.parametrize(
    ("question", "framing"),
    [
        ("what challenges do they run into?", "often face several challenges"),
        ("what are the common challenges?", "often face several challenges"),
        ("how does someone grow into a lead mlops role?", "By focusing on these areas"),
        ("what best practices should a lead follow?", "By following these best practices"),
    ],
)
def test_a_sentence_announcing_or_wrapping_up_a_list_is_not_quoted_as_a_fact(
    bot: RoleBot, question: str, framing: str
) -> None:
    answer = ask(bot, question)
    assert answer.found
    assert framing not in answer.answer
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    ("question", "section", "line", "not_shown"),
    [
        (
            "what are best practices for reproducibility?",
            "Best Practices › Reproducibility and Traceability",
            "Ensure reproducibility of successful models",
            "Containerization and Deployment",
        ),
        (
            "what tools do mlops engineers use for orchestration?",
            "Requirements › Technical Skills › Containerization and Orchestration",
            "Expertise in Docker and Kubernetes",
            "Python",
        ),
        (
            "what are the responsibilities around model deployment?",
            "Core Responsibilities › ML Model Deployment and Management",
            "Integrate models into existing software systems",
            "Troubleshooting",
        ),
    ],
)
def test_a_list_question_narrowed_to_one_part_gets_that_part(
    bot: RoleBot, question: str, section: str, line: str, not_shown: str
) -> None:
    answer = ask(bot, question)
    assert [s.section for s in answer.sources] == [section]
    assert line in answer.answer and not_shown not in answer.answer
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    ("question", "section", "line"),
    [
        (
            "what are the leadership responsibilities?",
            "Overview › Key Responsibilities",
            "Team Leadership: Guide MLOps teams",
        ),
        (
            "what are the main monitoring responsibilities?",
            "Core Responsibilities › Performance Monitoring and Optimization",
            "Establish alerts for performance anomalies",
        ),
    ],
)
def test_a_list_named_after_a_few_words_is_that_list(
    bot: RoleBot, question: str, section: str, line: str
) -> None:
    answer = ask(bot, question)
    assert answer.sources[0].section == section
    assert line in answer.answer and "Soft Skills Application" not in answer.answer
    assert_citations_hold(answer)


def test_a_kind_of_thing_named_after_a_topic_gets_the_topic_not_a_list_with_that_noun(
    bot: RoleBot,
) -> None:
    # "tools" says what kind of answer is wanted; "containerization" says which. The
    # challenge "Inefficient Tools and Infrastructure" has the noun in its heading but is
    # not about containers.
    answer = ask(bot, "what containerization tools are used?")
    assert "Inefficient Tools" not in answer.answer
    assert "- Expertise in Docker and Kubernetes" in answer.answer.splitlines()
    assert_citations_hold(answer)


def test_a_job_title_in_a_list_question_does_not_narrow_it(bot: RoleBot) -> None:
    # "manager" shares its stem with "… Deployment and Management", and says who asks.
    answer = ask(
        bot, "what are the core responsibilities of this role as a people manager sees them?"
    )
    assert [s.section for s in answer.sources] == ["Core Responsibilities"]
    for part in ("ML Model Deployment and Management", "Performance Monitoring and Optimization"):
        assert part in answer.answer


def test_a_list_one_line_too_long_for_the_budget_is_shown_whole(bot: RoleBot) -> None:
    answer = ask(bot, "what good habits should a lead enforce on an ML team?")
    assert [s.section for s in answer.sources] == ["Best Practices"]
    assert "more in the source" not in answer.answer
    for practice in ("Project Structure and Collaboration", "Containerization and Deployment"):
        assert practice in answer.answer
    assert answer.answer.count("\n- ") == 10  # every best practice of the guide


def test_a_factual_question_leads_with_its_number_and_shows_the_disagreement(
    bot: RoleBot,
) -> None:
    answer = ask(bot, "how many years of experience does a lead mlops engineer need?")
    first = answer.answer.splitlines()[0]
    assert re.search(r"\d+-\d+ years", first) and re.search(r"\[\d\]$", first)
    assert "7-9 years" in answer.answer and "3-6 years" in answer.answer
    sections = {s.section for s in answer.sources}
    assert {"Requirements › Experience", "Overview › Educational and Experience Requirements"} <= (
        sections
    )
    assert "give different figures for this" in answer.answer.splitlines()[-1]
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    ("question", "history"),
    [
        ("and how many years of experience?", "do they need a degree?"),
        ("and what's the growth outlook?", "which sectors are hiring the most mlops people?"),
        ("quick list of must-have skills for this job?", None),
        ("what are the soft skills?", None),
    ],
)
def test_no_line_is_said_twice(bot: RoleBot, question: str, history: str | None) -> None:
    answer = ask(bot, question, *([history] if history else []))
    assert answer.found and repeated_units(answer.answer) == []
    assert answer.answer.count("Bachelor's or Master's degree") <= 1
    assert answer.answer.count("21%") <= 1


# ------------------------------------------------------------------ follow-ups


@pytest.mark.parametrize(
    ("pointer", "line"),
    [
        ("more detail on the first one", "Challenge: Managing large, complex datasets"),
        ("and the second?", "Challenge: Scaling and integrating models in production"),
        ("what about number 3", "Challenge: Ensuring robust governance and security"),
    ],
)
def test_a_follow_up_pointing_at_a_line_of_the_last_answer_is_about_that_line(
    bot: RoleBot, pointer: str, line: str
) -> None:
    question = "what are the common challenges?"
    first = ask(bot, question)
    history = [Turn("user", question), Turn("assistant", first.answer)]
    reply = bot.handle(Request(text=pointer, history=history))
    assert isinstance(reply, Answer) and reply.found
    lines = reply.answer.splitlines()
    assert lines[1] == f"- {line}" or lines[1].startswith(f"- {line}")
    assert lines[2].startswith("- Solution: ")
    assert_citations_hold(reply)


def test_a_line_pointed_at_in_a_slack_thread_is_found_in_its_bullets(bot: RoleBot) -> None:
    # Slack keeps the bot's reply as mrkdwn: "•" bullets and bold headings.
    slack_reply = (
        "*Common Challenges* [1]:\n"
        "• Data Management: Challenge: Managing large, complex datasets from multiple sources\n"
        "• Model Deployment: Challenge: Scaling and integrating models in production environments"
    )
    history = [Turn("user", "what are the common challenges?"), Turn("assistant", slack_reply)]
    reply = bot.handle(Request(text="tell me more about the 2nd one", history=history))
    assert isinstance(reply, Answer)
    assert reply.answer.startswith("Model Deployment [1]:")


@pytest.mark.parametrize("asked", ["can you give me a shorter version?", "tl;dr", "shorter please"])
def test_a_shorter_version_is_the_last_answers_first_lines(bot: RoleBot, asked: str) -> None:
    question = "what skills does a lead mlops engineer need?"
    full = ask(bot, question)
    short = ask(bot, asked, question)
    lines = short.answer.splitlines()
    assert lines[0] == full.answer.splitlines()[0]
    assert len([line for line in lines if line.startswith("- ")]) == 3
    # the lines it keeps, then how many it left out
    left = len([line for line in full.answer.splitlines() if line.startswith("- ")]) - 3
    assert all(line in full.answer.splitlines() for line in lines[:-1])
    assert lines[-1] == messages.MORE_LINES.format(count=left)
    assert len(short.answer) < len(full.answer)
    assert_citations_hold(short)


def test_a_bare_why_is_told_the_knowledge_gives_no_reasons_not_given_other_lines(
    bot: RoleBot,
) -> None:
    answer = ask(bot, "why?", "what are the common challenges?")
    assert not answer.found and answer.sources == []
    assert answer.answer.startswith("The knowledge base doesn't give reasons")
    # opening a conversation, it asks nothing yet
    alone = ask(bot, "why?")
    assert not alone.found and alone.answer.startswith("I couldn't find that")


@pytest.mark.parametrize("asked", ["summarize in one line", "can you sum it up in a sentence?"])
def test_one_line_is_the_last_answers_first_quoted_line(bot: RoleBot, asked: str) -> None:
    question = "what are the core responsibilities?"
    full = ask(bot, question)
    short = ask(bot, asked, question)
    *lines, left_out = short.answer.splitlines()
    quoted = [line for line in lines if not line.endswith(":")]
    assert len(quoted) == 1 and quoted[0] in full.answer.splitlines()
    assert lines == full.answer.splitlines()[: len(lines)]
    # a list cut to one of its lines says how many it left out
    assert left_out == messages.MORE_LINES.format(count=len(full.answer.splitlines()) - 2)
    assert_citations_hold(short)


@pytest.mark.parametrize(
    "asked",
    [
        "which of those is most important?",
        "which one should we prioritize first?",  # "first" ranks; it points at no line
        "which one matters most?",
    ],
)
def test_which_matters_most_is_told_the_knowledge_does_not_rank(bot: RoleBot, asked: str) -> None:
    question = "what are the common challenges?"
    reply = ask(bot, question).answer  # its bullets are what "the first" could point at
    turns = [Turn("user", question), Turn("assistant", reply)]
    answered = bot.handle(Request(text=asked, history=turns))
    assert isinstance(answered, Answer)
    assert answered.answer.startswith("The knowledge base lists these without ranking them")
    answer = ask(bot, asked, question)
    assert not answer.found and answer.sources == []
    assert answer.answer.startswith("The knowledge base lists these without ranking them")
    # opening a conversation, there is nothing to rank yet
    alone = ask(bot, asked)
    assert not alone.found and alone.answer.startswith("I couldn't find that")


def test_an_example_is_a_line_of_the_last_answer_that_gives_one(bot: RoleBot) -> None:
    full = ask(bot, "what are the best practices?")
    answer = ask(bot, "give me an example", "what are the best practices?")
    lines = answer.answer.splitlines()
    assert lines[0] == "Examples the knowledge base gives:"
    assert "- Containerization and Deployment: Use containers (e.g., Docker)" in answer.answer
    quoted = [line for line in lines[1:] if not line.endswith(":")]
    assert quoted and all(line in full.answer for line in quoted)
    assert all(re.search(r"e\.g\.|such as|like|including|for example", q) for q in quoted)
    assert_citations_hold(answer)


def test_an_example_is_not_made_up_when_the_last_answer_gives_none(bot: RoleBot) -> None:
    answer = ask(bot, "for example?", "what soft skills matter?")
    assert not answer.found and answer.sources == []
    assert answer.answer.startswith("The knowledge base gives no examples beyond what I quoted")


def test_after_lead_follow_up_gives_the_next_rung(bot: RoleBot) -> None:
    first = ask(bot, "what's the career path")
    answer = ask(bot, "what about after lead?", "what's the career path")
    assert answer.answer != first.answer
    assert answer.answer.splitlines()[0] == "After MLOps Team Lead: Director of MLOps."
    assert_citations_hold(answer)


def test_a_follow_up_keeps_its_thread_when_streamed_without_a_model(bot: RoleBot) -> None:
    # Slack and Teams ask through stream(); without a model the answer comes whole, from
    # RoleBot and from the chain alike (the toolkit's streaming interface).
    history = [Turn("user", "what's the career path")]
    *_, final = bot.stream(Request(text="what about after lead?", history=history))
    *_, chained = bot.chain.stream("what about after lead?", history)
    for answer in (final, chained):
        assert isinstance(answer, Answer)
        assert answer.answer.splitlines()[0] == "After MLOps Team Lead: Director of MLOps."


@pytest.mark.parametrize(
    ("question", "line"),
    [
        (
            "what comes before senior mlops engineer?",
            "Before Senior MLOps Engineer: Junior MLOps Engineer → MLOps Engineer.",
        ),
        (
            "what comes after junior mlops engineer?",
            "After Junior MLOps Engineer: MLOps Engineer → Senior MLOps Engineer → "
            "MLOps Team Lead → Director of MLOps.",
        ),
    ],
)
def test_a_rung_before_or_after_another_is_read_off_the_ladder(
    bot: RoleBot, question: str, line: str
) -> None:
    answer = ask(bot, question)
    assert answer.answer.splitlines()[0] == line
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    ("history", "question"),
    [
        ("which cloud platforms should they know?", "any particular services on those?"),
        ("what does a lead MLOps engineer own for monitoring?", "what about it?"),
        ("what are the common challenges?", "and those?"),
    ],
)
def test_a_follow_up_never_returns_the_previous_reply_unchanged(
    bot: RoleBot, history: str, question: str
) -> None:
    before = ask(bot, history)
    after = ask(bot, question, history)
    assert after.answer != before.answer


def test_the_same_question_asked_again_gets_the_whole_answer_again(bot: RoleBot) -> None:
    # Asked twice, or by a second person in a group chat: not a follow-up to narrow.
    question = "why is the compensation attractive, and how high does it go?"
    first = ask(bot, question)
    again = ask(bot, question, question)
    assert first.found and again.answer == first.answer


def test_a_narrowing_follow_up_quotes_the_line_it_asks_about(bot: RoleBot) -> None:
    history = "which cloud platforms should they know?"
    answer = ask(bot, "any particular services on those?", history)
    assert answer.answer != ask(bot, history).answer
    assert "SageMaker, Google Cloud ML Engine" in answer.answer
    assert_citations_hold(answer)


# ------------------------------------------------------------------ citations and length


@pytest.mark.parametrize(
    "question",
    [
        "what tools should a lead MLOps engineer know?",
        "what are the common challenges?",
        "how do they keep models from going stale after launch?",
        "what keeps a lead up at night?",
        "is R useful?",
    ],
)
def test_every_citation_points_at_the_source_holding_the_line(bot: RoleBot, question: str) -> None:
    answer = ask(bot, question)
    assert answer.found and cited_lines(answer)
    assert_citations_hold(answer)
    assert len(answer.answer) <= 1000


def test_a_follow_up_with_nothing_new_says_so_instead_of_repeating(
    tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    from bot.index.chroma import open_chroma
    from bot.index.ingest import ingest

    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "t.md").write_text(
        "---\nrole: Toolsmith\n---\n# Toolsmith\n## Tools\n- Hammer and saw\n", encoding="utf-8"
    )
    settings = load_settings(data_dir=tmp_path / "data", knowledge_dir=kb, llm="off")
    ingest(client=open_chroma(settings), embedder=embedder, knowledge_dir=kb, progress=False)
    small = build_rolebot(settings, embedder=embedder)
    first = ask(small, "which tools does a toolsmith use?")
    again = ask(small, "and what else?", "which tools does a toolsmith use?")
    assert first.found and again.found and again.answer != first.answer
    assert again.answer.startswith("That is all the knowledge base says about this")
    assert "Hammer and saw" in again.answer


@pytest.mark.parametrize(
    "question",
    [
        "how do I fix model drift?",
        "how do I run a team of MLOps engineers?",
        "how do I set up monitoring for models?",
    ],
)
def test_a_how_to_about_what_the_knowledge_discusses_is_answered(
    bot: RoleBot, question: str
) -> None:
    assert ask(bot, question).found


@pytest.mark.parametrize(
    "question",
    [
        "how do I install Docker on Windows?",
        "how can I configure Jenkins agents?",
        "what's the terraform command to import a resource?",
        # an exam is a procedure too
        "how do I pass the AWS ML specialty exam?",
    ],
)
def test_a_how_to_for_a_tool_the_knowledge_only_names_is_declined(
    bot: RoleBot, question: str
) -> None:
    answer = ask(bot, question)
    assert not answer.found and "not step-by-step" in answer.answer


@pytest.mark.parametrize("question", ["what's a lead?", "what is a lead?"])
def test_what_the_guides_own_level_is_gets_the_overview(bot: RoleBot, question: str) -> None:
    answer = ask(bot, question)
    assert answer.answer.startswith("A Lead MLOps Engineer is a senior role that combines")
    # another term is still defined from the lines that say what it is
    assert ask(bot, "what is mlops?").answer.startswith("Industry Growth and AI Adoption [1]:")


def test_asking_about_the_role_itself_gets_its_definition_and_duties(bot: RoleBot) -> None:
    answer = ask(bot, "what does an mlops lead do?")
    assert answer.answer.startswith("A Lead MLOps Engineer is a senior role that combines")
    assert [s.section for s in answer.sources] == ["Overview", "Overview › Key Responsibilities"]
    for duty in (
        "Infrastructure and Scalability",
        "Model Lifecycle Management: Manage the entire lifecycle",
        "Performance Monitoring and Optimization",
        "Team Leadership",
    ):
        assert duty in answer.answer  # every key responsibility: they fit the budget
    assert repeated_units(answer.answer) == []
    assert_citations_hold(answer)
    assert len(answer.answer) <= 1000


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("what skills does an engineering manager need?", "not an engineering manager,"),
        ("what skills does a product manager need?", "not a product manager,"),
        ("what do data scientists do all day?", "not data scientists,"),
        ("what does a lead SRE do?", "not an SRE,"),
        ("what do SREs do?", "not SREs,"),
    ],
)
def test_a_declined_role_is_named_in_plain_english(bot: RoleBot, question: str, named: str) -> None:
    answer = ask(bot, question)
    assert not answer.found and named in answer.answer.splitlines()[0]


def test_a_refusal_names_at_most_three_missing_words_in_the_order_asked(bot: RoleBot) -> None:
    answer = ask(bot, "do lead mlops engineers get vacation, stipend, gym perks and pet insurance?")
    first = answer.answer.splitlines()[0]
    assert first.startswith('The knowledge base never mentions "vacation", "stipend" or "gym",')


@pytest.mark.parametrize(
    "question",
    [
        "what should I look for when hiring a lead mlops engineer?",
        "what do I look for in a lead mlops candidate?",
    ],
)
def test_what_to_look_for_when_hiring_is_the_requirements(bot: RoleBot, question: str) -> None:
    answer = ask(bot, question)
    assert answer.found
    # The requirements, not salary figures or career advice scattered around them.
    assert answer.sources[0].section.endswith("Requirements")
    assert "Bachelor's or Master's degree" in answer.answer
    assert "$" not in answer.answer


@pytest.mark.parametrize(
    "question", ["what are a lead's responsibilities?", "what are an mlops lead's main duties?"]
)
def test_a_possessive_before_the_listed_noun_still_asks_for_the_list(
    bot: RoleBot, question: str
) -> None:
    plain = ask(bot, "what are the responsibilities?")
    answer = ask(bot, question)
    assert answer.answer.splitlines()[0] == "Core Responsibilities [1]:"
    assert answer.answer == plain.answer


def test_a_study_verb_does_not_narrow_a_list_to_a_subject_it_shares_a_word_with(
    bot: RoleBot,
) -> None:
    # "learn" is how, not which part: Programming Languages, not Machine Learning's list
    answer = ask(bot, "what languages should I learn to become a lead?")
    assert answer.answer.splitlines()[:2] == [
        "Programming Languages [1]:",
        "- Proficiency in Python, Java, and Scala",
    ]
    # naming the subject still narrows to it
    for named in ("what machine learning skills should I learn?", "what deep learning skills?"):
        assert ask(bot, named).answer.splitlines()[0] == "Machine Learning [1]:"


@pytest.mark.parametrize(
    ("question", "line"),
    [
        # "own" names the responsibilities chapter; shorthand for something else beside it
        # ("k8s") asks something narrower: the facts answer
        ("what do they own around k8s?", "Expertise in Docker and Kubernetes"),
        # shorthand counts once when narrowing a list: "prod" is "production", not two words
        ("what are the duties when it comes to prod monitoring?", "Monitor real-time"),
        # …as written when its spelling is the list's own name (outlook → market demand)
        ("what's the outlook for mlops jobs?", "Positive Job Outlook [1]:"),
        # chat words for the ladder
        ("how do I get promoted to lead?", "Junior MLOps Engineer → MLOps Engineer"),
    ],
)
def test_chat_words_for_a_chapter_reach_it_and_other_shorthand_narrows_it(
    bot: RoleBot, question: str, line: str
) -> None:
    answer = ask(bot, question)
    assert line in "\n".join(answer.answer.splitlines()[:3])


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        # a bare noun typed as a search is the list it names
        ("skills", "what skills does a lead need?"),
        ("lead mlops skills", "what skills does a lead need?"),
        ("responsibilities", "what are the responsibilities?"),
        # asking around the question changes nothing
        ("hey team - anyone know what skills a lead needs?", "what skills does a lead need?"),
    ],
)
def test_a_search_typed_as_words_gets_the_answer_to_the_question(
    bot: RoleBot, typed: str, asked: str
) -> None:
    assert ask(bot, typed).answer == ask(bot, asked).answer


def test_a_pay_question_after_also_is_answered_beside_the_other_question(bot: RoleBot) -> None:
    answer = ask(bot, "what tools do they use? and also what do they get paid?")
    assert answer.found
    # both questions answered from the text, not a lookup of the role "tools use also"
    assert "MLOps Tools: Proficiency in ML lifecycle management tools" in answer.answer
    assert "$131,158" in answer.answer
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    ("follow_up", "asked"),
    [
        ("which of those are technical?", "what technical skills does a lead need?"),
        ("which of those are soft skills?", "what soft skills does a lead need?"),
    ],
)
def test_which_of_those_is_a_kind_of_the_things_just_listed(
    bot: RoleBot, follow_up: str, asked: str
) -> None:
    answer = ask(bot, follow_up, "what skills does a lead need?")
    # the list of that kind, not the lines that happen to use the word ("technical concepts")
    assert answer.answer == ask(bot, asked).answer
    assert answer.found


@pytest.mark.parametrize("question", ["what is mlops?", "what does MLOps mean?", "explain mlops"])
def test_a_term_the_knowledge_uses_is_answered_with_the_lines_that_say_what_it_is(
    bot: RoleBot, question: str
) -> None:
    answer = ask(bot, question)
    # not the Technical Skills list that ranks first for the bare word
    assert "The field of Machine Learning Operations (MLOps) is expanding" in answer.answer
    assert "MLOps is crucial for standardizing ML processes" in answer.answer
    assert "Programming Languages" not in answer.answer
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    "question",
    [
        "which industries hire the most mlops engineers?",
        "which industries compete for these hires?",
    ],
)
def test_a_list_only_mentioning_the_noun_is_not_the_list_asked_for(
    bot: RoleBot, question: str
) -> None:
    # "Industry Trends" is a list of trends: the lines naming industries answer
    answer = ask(bot, question)
    first = answer.answer.splitlines()
    assert first[0] == "Cross-Industry Demand [1]:"
    assert first[1].startswith("- Industries such as finance, healthcare, and e-commerce")


@pytest.mark.parametrize(
    "question",
    [
        "how do I write a good job description for an MLOps role?",
        "what should go in a lead mlops JD?",
    ],
)
def test_how_to_write_a_job_description_says_what_a_draft_holds_and_how_to_ask(
    bot: RoleBot, question: str
) -> None:
    answer = ask(bot, question)
    # not "not step-by-step setup or usage of tools", nor the market demand lines
    assert answer.answer.startswith("I can draft one from the knowledge base")
    assert '"jd ' in answer.answer and not answer.sources
    # a topic named in it is still answered from the knowledge
    skills = ask(bot, "what skills should I put in a job description?")
    assert skills.found and skills.answer.startswith("Essential Skills [1]:")


def test_the_sections_a_job_description_answer_names_are_the_drafts_own(bot: RoleBot) -> None:
    text = ask(bot, "what should go in a JD?").answer
    headings = [
        assemble.ABOUT,
        assemble.RESPONSIBILITIES,
        assemble.REQUIRED,
        assemble.PREFERRED,
        assemble.SKILLS,
        assemble.BENEFITS,
        assemble.ABOUT_US,
        assemble.HOW_TO_APPLY,
    ]
    assert all(h in text for h in headings)


def test_how_to_become_a_lead_gets_the_career_development_parts_in_short_form_too(
    bot: RoleBot,
) -> None:
    # "become" matched one line of Technical Foundation as well as the summary of all parts
    short = ask(bot, "how do I become a lead?")
    assert short.answer == ask(bot, "how do I become a lead mlops engineer?").answer
    assert short.answer.splitlines()[1] == "Career Development [1]:"
    # context before the question changes nothing
    assert ask(bot, "I'm a senior engineer. How do I become a lead?").answer == short.answer
    # a part the question names is still answered from that part
    assert ask(bot, "what experience do I need?").answer.startswith("Experience [1]:")


@pytest.mark.parametrize("question", ["is a lead a people-manager?", "is a lead a people manager?"])
def test_another_title_asked_of_a_rung_named_alone_is_about_the_guides_role(
    bot: RoleBot, question: str
) -> None:
    # "a people manager" says how someone manages, not a role the guide lacks: no "doesn't
    # describe a people manager" before the answer
    lines = ask(bot, question).answer.splitlines()
    assert lines[0].startswith("Team Management: Develop skills to effectively manage ML")


def test_a_rung_inside_another_title_still_names_that_role(bot: RoleBot) -> None:
    answer = ask(bot, "what skills does a lead data scientist need?")
    assert not answer.found and "not a lead data scientist," in answer.answer


@pytest.mark.parametrize(
    "question", ["how do I go from senior to lead?", "how senior is this role?"]
)
def test_a_question_about_rungs_without_a_pay_word_gets_no_salary_figures(
    bot: RoleBot, question: str
) -> None:
    answer = ask(bot, question)
    assert answer.found
    assert "Junior MLOps Engineer → MLOps Engineer → Senior MLOps Engineer" in answer.answer
    assert "$" not in answer.answer


def test_a_markets_size_in_dollars_is_not_pay_and_still_answers_growth(bot: RoleBot) -> None:
    answer = ask(bot, "is the mlops market growing?")
    assert "$5.9 billion by 2027" in answer.answer


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("who are the key players in the mlops market?", "Key Players: Major tech companies"),
        ("what are the geographic trends?", "Geographic Trends: North America leads"),
        ("which skills raise the salary?", "Skills: Expertise in cutting-edge technologies"),
    ],
)
def test_a_line_labelled_with_what_is_asked_answers_first(
    bot: RoleBot, question: str, first: str
) -> None:
    answer = ask(bot, question)
    assert answer.answer.startswith(first)
    assert len(answer.answer) <= 800


def test_a_section_named_like_a_label_above_it_still_answers_with_its_list(bot: RoleBot) -> None:
    answer = ask(bot, "how much data engineering do they need?")
    assert answer.answer.startswith("Data Engineering [1]:\n- Solid understanding of data")


def test_a_refusal_names_the_missing_topic_not_the_chat_verb(bot: RoleBot) -> None:
    answer = ask(bot, "what interview questions should I ask a lead mlops candidate?")
    assert not answer.found
    assert answer.answer.startswith('The knowledge base never mentions "interview", so')


def test_people_under_a_lead_are_not_the_rung_below_it(bot: RoleBot) -> None:
    assert not ask(bot, "how big should the team be under a lead?").answer.startswith("Before")
    below = ask(bot, "what comes under lead?").answer
    assert below.startswith("Before MLOps Team Lead: Junior MLOps Engineer → MLOps Engineer")


@pytest.mark.parametrize(
    "question", ["does the employer pay for a masters degree?", "will they pay for certifications?"]
)
def test_who_pays_for_a_degree_is_an_employers_policy(bot: RoleBot, question: str) -> None:
    answer = ask(bot, question)
    assert not answer.found
    assert answer.answer.startswith("The knowledge base has no company-specific policies")


def test_a_refusal_quotes_the_closest_lines_that_hold_the_rest_of_the_question(
    bot: RoleBot,
) -> None:
    answer = ask(bot, "is there a retirement plan?")
    assert not answer.found
    assert answer.answer.splitlines() == [
        "The knowledge base never mentions \"retirement\", so it can't answer that and I won't "
        "guess.",
        "The closest it comes:",
        "Additional Compensation [1]:",
        "- Profit-sharing plans",
    ]
    assert_citations_hold(answer)


def test_a_refusal_quotes_nothing_when_no_line_holds_the_rest_of_the_question(
    bot: RoleBot,
) -> None:
    # "background" and "offer" are both words of the guide, never in one line.
    answer = ask(bot, "is there a background check before the job offer?")
    assert not answer.found and not answer.sources
    assert "I can answer questions about:" in answer.answer


def test_the_words_framing_a_yes_no_question_do_not_find_the_guides_expectations(
    bot: RoleBot,
) -> None:
    answer = ask(bot, "are leads expected to code?")
    assert "Unrealistic Expectations" not in answer.answer
    assert "code" in answer.answer.splitlines()[0]


def test_a_typical_week_is_the_responsibilities(bot: RoleBot) -> None:
    answer = ask(bot, "what does a typical week look like?")
    assert answer.answer.startswith("Core Responsibilities [1]:")


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        ("what's the most important skill for a lead?", "Essential Skills [1]:"),
        ("which language is most important?", "Programming Languages [1]:"),
        ("what's the number one challenge?", "Common Challenges [1]:"),
    ],
)
def test_a_ranking_the_guide_does_not_make_gets_the_list_said_to_be_unranked(
    bot: RoleBot, question: str, listed: str
) -> None:
    lines = ask(bot, question).answer.splitlines()
    assert lines[:2] == [messages.NOT_RANKED, listed]


def test_the_guides_own_best_practices_are_no_ranking(bot: RoleBot) -> None:
    assert messages.NOT_RANKED not in ask(bot, "what are the best practices?").answer


def test_a_ranking_of_something_the_guide_never_names_is_not_turned_into_a_list(
    bot: RoleBot,
) -> None:
    assert messages.NOT_RANKED not in ask(bot, "which ide is best for python?").answer
    answer = ask(bot, "what's the best vector store for embeddings?")
    assert not answer.found
    assert answer.answer.startswith('The knowledge base never mentions "vector", "store" or')


@pytest.mark.parametrize(
    ("question", "first", "said"),
    [
        # "better than" asks for a ranking: "Both: …" read as a verdict on it
        ("is python better than java for mlops?", "Python and Java", "doesn't say which is better"),
        ("terraform vs ansible?", "Terraform and Ansible", "doesn't prefer one"),
    ],
)
def test_one_tool_weighed_against_another_is_a_choice_the_guide_does_not_make(
    bot: RoleBot, question: str, first: str, said: str
) -> None:
    lines = ask(bot, question).answer.splitlines()
    assert first in lines[0] and said in lines[0]


def test_a_rung_asked_after_a_years_question_is_not_answered_with_its_salary(
    bot: RoleBot,
) -> None:
    answer = ask(bot, "and for a senior?", "how many years of experience?")
    assert "$" not in answer.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        "what does an mlops lead bring to a startup?",
        "what would a lead mlops engineer add to our team?",
        "why should we hire an mlops lead instead of another data scientist?",
    ],
)
def test_what_the_role_brings_is_what_it_is_for(bot: RoleBot, question: str) -> None:
    answer = ask(bot, question)
    assert answer.found
    assert "This role is crucial in bridging the gap between data science and operations" in (
        answer.answer
    )
    assert "an another" not in answer.answer


def test_another_before_a_title_is_not_part_of_it(bot: RoleBot) -> None:
    answer = ask(bot, "why should we hire an mlops lead instead of another data scientist?")
    assert answer.answer.startswith("The knowledge base doesn't describe a data scientist;")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("what's the career path after director?", "Director of MLOps is the last rung"),
        ("what's above a lead?", "After MLOps Team Lead: Director of MLOps."),
        # "next" and "step" frame a ladder question; they are no topic the guide lacks.
        ("what's the next step after lead?", "After MLOps Team Lead: Director of MLOps."),
        ("what is the next role after lead?", "After MLOps Team Lead: Director of MLOps."),
        ("what's next after senior?", "After Senior MLOps Engineer: MLOps Team Lead →"),
    ],
)
def test_a_rung_after_a_step_word_is_read_off_the_ladder(
    bot: RoleBot, question: str, first: str
) -> None:
    answer = ask(bot, question)
    assert answer.found and answer.answer.startswith(first)


@pytest.mark.parametrize(
    "question",
    [
        "tell me everything about this role",
        "tell me about the job",
        "what is this role?",
        "gimme the tldr on this role",
    ],
)
def test_the_role_pointed_at_and_nothing_else_gets_the_overview(
    bot: RoleBot, question: str
) -> None:
    answer = ask(bot, question)
    assert answer.answer.startswith("A Lead MLOps Engineer is a senior role that combines")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("wat tools do they use", "Technical Skills [1]:"),
        ("what r the main duties of an mlops lead", "Core Responsibilities [1]:"),
    ],
)
def test_chat_shorthand_is_read_as_the_words_it_stands_for(
    bot: RoleBot, question: str, first: str
) -> None:
    assert ask(bot, question).answer.startswith(first)


def test_a_refusal_quotes_no_line_that_only_shares_a_frame_word(bot: RoleBot) -> None:
    answer = ask(bot, "what's expected in the first 90 days")
    assert not answer.found and not answer.sources
    assert "Unrealistic Expectations" not in answer.answer


@pytest.mark.parametrize(
    ("follow_up", "first"),
    [("technical ones only", "Technical Skills [1]:"), ("just the soft ones", "Soft Skills [1]:")],
)
def test_a_kind_of_the_last_list_asked_in_two_words_narrows_it(
    bot: RoleBot, follow_up: str, first: str
) -> None:
    answer = ask(bot, follow_up, "what skills does a lead need?")
    assert answer.answer.startswith(first)


@pytest.mark.parametrize(
    ("question", "history"),
    [
        ("any solutions?", ("what are the challenges?",)),
        ("what are the solutions to the common challenges?", ()),
    ],
)
def test_the_solutions_to_every_challenge_are_listed_one_per_challenge(
    bot: RoleBot, question: str, history: tuple[str, ...]
) -> None:
    answer = ask(bot, question, *history)
    lines = answer.answer.splitlines()
    assert lines[0] == "Common Challenges [1]:"
    assert lines[1] == (
        "- Data Management: Solution: Implement robust data governance, cataloging tools, "
        "and a central data repository"
    )
    assert all(": Solution: " in line for line in lines[1:] if line.startswith("- "))
    assert_citations_hold(answer)


def test_the_solution_to_one_challenge_is_that_challenges_own(bot: RoleBot) -> None:
    answer = ask(bot, "what's the solution for model drift?")
    assert answer.answer.startswith("Model Drift and Versioning [1]:")


def test_another_title_asked_of_a_rung_is_answered_saying_it_is_not_described(
    bot: RoleBot,
) -> None:
    answer = ask(bot, "is a lead a product owner?")
    assert answer.found
    assert answer.answer.startswith("The knowledge base doesn't describe a product owner;")


def test_why_a_role_is_hard_to_hire_is_not_what_the_role_is(bot: RoleBot) -> None:
    answer = ask(bot, "why is it hard to hire mlops leads?")
    assert not answer.answer.startswith("A Lead MLOps Engineer is a senior role")
    # the guide's own challenge about hiring them
    assert answer.answer.startswith("Skilled Talent Shortage [1]:")
    assert "Finding and retaining skilled data science professionals" in answer.answer


@pytest.mark.parametrize(
    "question", ["what's the difference between a lead and a director?", "lead vs director?"]
)
def test_a_rung_compared_with_one_only_named_in_the_ladder_says_so(
    bot: RoleBot, question: str
) -> None:
    lines = ask(bot, question).answer.splitlines()
    assert lines[0] == messages.RUNG_ONLY_NAMED.format(rung="Director of MLOps")
    assert lines[1].startswith("The career progression typically follows: Junior MLOps")
    assert lines[3].startswith("- Lead MLOps Engineer: Oversee the work of other MLOps")
    assert len(lines) <= 8


@pytest.mark.parametrize(
    "question", ["what makes someone a great mlops lead?", "what makes a good lead mlops engineer?"]
)
def test_what_makes_a_good_lead_is_the_skills(bot: RoleBot, question: str) -> None:
    assert ask(bot, question).answer.startswith("Essential Skills [1]:")


def test_what_makes_a_good_thing_is_not_a_skills_question(bot: RoleBot) -> None:
    assert not ask(bot, "what makes a good ML pipeline?").answer.startswith("Essential Skills")


@pytest.mark.parametrize(
    "question",
    [
        "how many people does a lead usually manage?",
        "how big is the team a lead manages?",
        "how big a team does an mlops lead usually manage",
        "what's the team size?",
    ],
)
def test_a_team_size_the_knowledge_never_gives_is_declined_with_the_team_lines(
    bot: RoleBot, question: str
) -> None:
    answer = ask(bot, question)
    lines = answer.answer.splitlines()
    assert lines[:2] == [messages.NOT_COVERED_FIGURE, messages.CLOSEST]
    assert "- Team Management: Develop skills to effectively manage ML engineering teams" in (
        answer.answer
    )
    # Not the soft-skills list or "managing ML models in production".
    assert "Problem-Solving" not in answer.answer and "track record" not in answer.answer
    assert_citations_hold(answer)


def test_direct_reports_are_a_number_of_people_not_a_missing_word(bot: RoleBot) -> None:
    answer = ask(bot, "how many direct reports does a lead have?")
    assert answer.answer.splitlines()[0] == messages.NOT_COVERED_FIGURE


def test_how_long_between_rungs_is_answered_with_the_years_the_guide_asks(bot: RoleBot) -> None:
    answer = ask(bot, "how long does it take to go from junior to lead?")
    assert answer.found
    assert re.search(r"\d-\d years", answer.answer)


def test_a_salary_note_names_the_rung_as_part_of_the_title(bot: RoleBot) -> None:
    history = [Turn("user", "what does a senior earn?")]
    reply = bot.handle(Request(text="what about in europe?", history=history))
    assert isinstance(reply, SalaryResult)
    assert reply.notes[0].endswith("so this looks up Senior MLOps Engineer.")
    # "a lead" asked of the lead's guide is its role in shorthand: no note says none was named
    history = [Turn("user", "what does a lead earn?")]
    reply = bot.handle(Request(text="what about in europe?", history=history))
    assert isinstance(reply, SalaryResult)
    assert {f.role for f in reply.ranges} == {"Lead MLOps Engineer"}
    assert not any("No role was named" in n for n in reply.notes)


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # how people name a candidate's skills, a role's challenges and what is measured
        ("what qualities should a lead have?", "Essential Skills [1]:"),
        ("what traits make a good mlops lead?", "Essential Skills [1]:"),
        ("what's the hardest part of being a lead?", "Common Challenges [1]:"),
        ("what are common mistakes mlops leads make?", "Common Challenges [1]:"),
        ("what pitfalls should a new lead avoid?", "Common Challenges [1]:"),
        ("what's the biggest mistake a new lead makes?", "Common Challenges [1]:"),
        ("what KPIs should a lead mlops engineer track?", "Performance Monitoring and Opt"),
        ("what's the role of a lead in incident response?", "Troubleshooting and Documentation"),
        ("what does a lead mlops engineer's day look like?", "Core Responsibilities [1]:"),
    ],
)
def test_everyday_names_for_what_the_guide_covers_find_it(
    bot: RoleBot, question: str, first: str
) -> None:
    answer = ask(bot, question)
    assert answer.found and answer.answer.startswith(first)
    if first.startswith("Performance"):
        assert "metrics like response time, error rates" in answer.answer


@pytest.mark.parametrize(
    "question", ["what's the biggest challenge for a lead?", "what's the hardest challenge?"]
)
def test_the_biggest_of_a_list_is_the_list_said_to_be_unranked(bot: RoleBot, question: str) -> None:
    lines = ask(bot, question).answer.splitlines()
    assert lines[0] == messages.NOT_RANKED
    assert lines[1] == "Common Challenges [1]:"


def test_the_same_question_about_another_thing_answers_that_thing(bot: RoleBot) -> None:
    # "and for monitoring?" after the CI/CD duties: the monitoring duties, not the one CI/CD
    # line that mentions monitoring.
    answer = ask(bot, "and for monitoring?", "what does the lead do for ci/cd?")
    assert answer.answer.startswith("Performance Monitoring and Optimization [1]:")
    assert "Set up monitoring tools for metrics like response time" in answer.answer


@pytest.mark.parametrize(
    ("question", "expected", "not_expected"),
    [
        (
            "what are the best practices for security?",
            "Solution: Implement strong access controls, data encryption",
            "Project Structure and Collaboration",
        ),
        (
            "what are the challenges with models?",
            "Challenge: Managing model performance degradation over time",
            "Skilled Talent Shortage",
        ),
    ],
)
def test_a_list_asked_about_one_thing_is_the_lines_about_it_not_the_whole_list(
    bot: RoleBot, question: str, expected: str, not_expected: str
) -> None:
    answer = ask(bot, question)
    assert expected in answer.answer
    assert not_expected not in answer.answer
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    "question",
    [
        "can you summarize the role in 3 bullets?",
        "tl;dr of the role?",
        "give me the elevator pitch for this role",
        "explain the role like I'm five",
        "describe this job in one paragraph",
    ],
)
def test_asking_for_the_short_version_of_the_role_gets_its_overview(
    bot: RoleBot, question: str
) -> None:
    answer = ask(bot, question)
    assert answer.answer.startswith("A Lead MLOps Engineer is a senior role")


@pytest.mark.parametrize(
    ("question", "missing"),
    [("is there a signing bonus?", "signing"), ("is there a relocation bonus?", "relocation")],
)
def test_a_kind_of_perk_the_knowledge_never_names_is_declined_with_what_it_lists(
    bot: RoleBot, question: str, missing: str
) -> None:
    # "Performance bonuses" would read as a yes.
    answer = ask(bot, question)
    assert not answer.found
    lines = answer.answer.splitlines()
    assert lines[0].startswith(f'The knowledge base never mentions "{missing}"')
    assert lines[1] == messages.CLOSEST
    assert "- Performance bonuses" in lines
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    "question", ["is a security clearance required?", "is a clearance necessary for this role?"]
)
def test_a_required_thing_the_knowledge_never_names_is_declined(
    bot: RoleBot, question: str
) -> None:
    # Its security lines would read as a yes.
    answer = ask(bot, question)
    assert not answer.found
    assert answer.answer.startswith('The knowledge base never mentions "clearance"')


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("do leads get a performance bonus?", "Performance bonuses [1]"),
        ("is an EE degree required?", "Bachelor's or Master's degree in Computer Science"),
    ],
)
def test_a_kind_the_knowledge_names_or_a_requirement_is_still_answered(
    bot: RoleBot, question: str, first: str
) -> None:
    answer = ask(bot, question)
    assert answer.found and answer.answer.startswith(first)


def test_a_negation_is_no_word_the_knowledge_lacks(bot: RoleBot) -> None:
    answer = ask(bot, "what does a senior do that a lead doesn't?")
    assert answer.found and "doesn" not in answer.answer
    assert "- Senior MLOps Engineer: Assume leadership roles" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "I'm a data scientist, how do I transition to mlops?",
        "as a data scientist, how do I move into mlops?",
        "im a devops engineer, how do I become an mlops lead?",
    ],
)
def test_the_askers_own_title_is_not_the_role_asked_about(bot: RoleBot, question: str) -> None:
    answer = ask(bot, question)
    assert answer.found
    assert "doesn't describe" not in answer.answer and "not a data scientist" not in answer.answer


def test_a_title_about_the_asker_is_not_looked_up_with_their_pronouns(bot: RoleBot) -> None:
    reply = bot.handle(Request(text="I'm a lead data scientist, what's my salary?"))
    assert isinstance(reply, SalaryResult) and not reply.found
    assert reply.message.startswith("I don't have salary figures for “data scientist”.")


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("what are the must haves for a lead?", "Essential Skills [1]:"),
        ("what are the nice to haves?", "Additional Qualifications [1]:"),
        ("what does a lead mlops person actually do?", "A Lead MLOps Engineer is a senior role"),
        ("what does a lead mlops engineer need to know?", "Essential Skills [1]:"),
        ("what should an mlops lead know?", "Essential Skills [1]:"),
        ("skills pls", "Essential Skills [1]:"),
        # the noun and what the question adds name the list, however low it ranks
        ("what technical skills should a candidate have?", "Technical Skills [1]:"),
    ],
)
def test_chat_names_for_the_role_and_its_lists_find_them(
    bot: RoleBot, question: str, first: str
) -> None:
    assert ask(bot, question).answer.startswith(first)


@pytest.mark.parametrize(
    "question",
    [
        "¿cuánto gana un lead mlops?",
        "quelles sont les compétences requises?",
        "was sind die Aufgaben eines Lead MLOps Engineers?",
        "qual é o salário de um lead mlops?",
        # one function word and a verb
        "Was macht ein Lead MLOps Engineer?",
        "que fait un lead mlops?",
    ],
)
def test_a_question_in_another_language_is_told_to_ask_in_english(
    bot: RoleBot, question: str
) -> None:
    # not scattered English lines that share a word, nor "never mentions 'un'"
    answer = ask(bot, question)
    assert answer.answer.splitlines()[0] == messages.NOT_ENGLISH
    assert_lists_what_is_covered(answer)


def test_english_with_a_borrowed_phrase_is_still_read_as_english(bot: RoleBot) -> None:
    answer = ask(bot, "is there a la carte benefits menu?")
    assert messages.NOT_ENGLISH not in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "what's the difference between a lead and a team lead?",
        "is an mlops team lead the same as a lead mlops engineer?",
        "what title should I use, lead mlops engineer or mlops team lead?",
    ],
)
def test_two_names_the_ladder_puts_on_one_rung_are_said_to_be_one_step(
    bot: RoleBot, question: str
) -> None:
    # not "only named in the ladder; it does not describe that role": the curators' ladder
    # puts both titles on one rung.
    lines = ask(bot, question).answer.splitlines()
    assert lines[0] == messages.SAME_RUNG.format(
        rung="MLOps Team Lead", other="Lead MLOps Engineer"
    )
    assert "- Lead MLOps Engineer: Oversee the work of other MLOps Engineers" in lines[3]


def test_the_roles_other_name_asks_about_the_role(bot: RoleBot) -> None:
    answer = ask(bot, "what does an mlops team lead do?")
    assert answer.answer.startswith("A Lead MLOps Engineer is a senior role")


def test_a_line_pointed_at_that_names_another_role_is_still_answered(bot: RoleBot) -> None:
    # The third responsibility reads "Cross-functional Collaboration: Work closely with data
    # scientists, …": the guide's own line, no question about data scientists.
    first = ask(bot, "what are the responsibilities?")
    history = [Turn("user", "what are the responsibilities?"), Turn("assistant", first.answer)]
    reply = bot.handle(Request(text="more on the third one", history=history))
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer.startswith("Cross-functional Collaboration [1]:")


def test_a_why_question_leads_with_the_line_giving_a_reason(bot: RoleBot) -> None:
    answer = ask(bot, "why are mlops salaries so high?")
    assert answer.answer.startswith("These ranges reflect the high demand for Lead MLOps")


def test_a_reason_about_something_else_does_not_lead_a_why_question(bot: RoleBot) -> None:
    # "… a significant hub due to rapid digitization" is why Asia-Pacific grows, not why
    # teams hire.
    answer = ask(bot, "why is every company suddenly hiring for mlops?")
    assert not answer.answer.startswith("Geographic Trends")


def test_a_title_made_of_letters_is_written_and_read_as_letters(bot: RoleBot) -> None:
    answer = ask(bot, "how does a lead mlops engineer differ from an ml engineer?")
    assert answer.answer.startswith("The knowledge base doesn't describe an ML engineer;")


@pytest.mark.parametrize("said", ["that's not what I asked", "that's wrong", "nope"])
def test_saying_the_answer_missed_gets_an_apology_and_a_way_forward(
    bot: RoleBot, said: str
) -> None:
    # not more skills lines, nor a refusal naming "wrong"
    answer = ask(bot, said, "what are the skills?")
    assert answer.answer == messages.MISSED


@pytest.mark.parametrize("said", ["huh?", "what?", "what do you mean?"])
def test_not_understanding_the_answer_is_asked_which_part(bot: RoleBot, said: str) -> None:
    assert ask(bot, said, "what are the skills?").answer == messages.UNCLEAR


def test_how_long_a_career_step_takes_quotes_the_years_the_guide_asks_for(bot: RoleBot) -> None:
    # no figure per step; the years of experience it asks for are the closest it comes
    answer = ask(bot, "how long does each step of the career path take?")
    lines = answer.answer.splitlines()
    assert lines[:2] == [messages.NOT_COVERED_FIGURE, messages.CLOSEST]
    assert "- Total experience of 7-9 years in related fields" in lines
    assert_citations_hold(answer)


def test_a_refusal_names_on_call_as_written_with_a_space(bot: RoleBot) -> None:
    answer = ask(bot, "should the lead be on call?")
    assert answer.answer.startswith('The knowledge base never mentions "on-call",')


@pytest.mark.parametrize("follow_up", ["why so much?", "what affects that?"])
def test_why_pay_is_high_after_a_salary_answer_gets_what_raises_it(
    bot: RoleBot, follow_up: str
) -> None:
    # "earn" is pay: the whole list of what raises salaries, not the bonuses.
    answer = ask(bot, follow_up, "what does a lead earn?")
    assert answer.found and answer.answer.startswith("Factors Affecting Salary [1]:")
    assert "- Skills: Expertise in cutting-edge technologies" in answer.answer
    assert "- Location: Major tech hubs" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "what's the most annoying thing about being an mlops lead",
        "what's the toughest bit of being a lead",
        "what's the worst part of the job",
    ],
)
def test_chat_words_for_the_hard_parts_get_the_challenges(bot: RoleBot, question: str) -> None:
    # "annoying" was declined as a word the knowledge never uses; "worst part" got the overview
    answer = ask(bot, question)
    assert answer.found and answer.answer.startswith("Common Challenges [1]:")


def test_hard_to_hire_gets_the_talent_shortage(bot: RoleBot) -> None:
    answer = ask(bot, "is it hard to hire mlops people? any tips")
    assert answer.found
    assert "Finding and retaining skilled data science professionals" in answer.answer
    assert "Consider global talent acquisition" in answer.answer.splitlines()[0]


def test_docs_is_documentation(bot: RoleBot) -> None:
    answer = ask(bot, "what kind of docs should a lead mlops produce")
    assert answer.found
    assert "- Develop documentation, standard operating procedures" in answer.answer


@pytest.mark.parametrize(
    ("earlier", "question", "first"),
    [
        (
            "what does a data engineer do?",
            "fine, what does a lead mlops do then?",
            "A Lead MLOps Engineer is a senior role",
        ),
        (
            "whats our pto policy?",
            "ok what are the responsibilities then?",
            "Core Responsibilities [1]:",
        ),
    ],
)
def test_a_declined_question_leaves_no_topic_for_the_next_one(
    bot: RoleBot, earlier: str, question: str, first: str
) -> None:
    # Data Engineering lines, or only the monitoring duties, were carried over.
    answer = ask(bot, question, earlier)
    assert answer.found and answer.answer.startswith(first)
    assert "Data Engineering" not in answer.answer


def test_a_lead_mlops_without_engineer_names_the_role(bot: RoleBot) -> None:
    asked = ask(bot, "what does a lead mlops do?")
    assert asked.answer == ask(bot, "what does a lead mlops engineer do?").answer


def test_which_industries_pay_a_premium_is_answered_by_the_industry_factor(bot: RoleBot) -> None:
    # It was a salary lookup: a 3,000-character table with no industry in it.
    answer = ask(bot, "which industries pay a premium for mlops")
    assert answer.answer.startswith("Industry: Certain sectors (e.g., finance, healthcare)")


@pytest.mark.parametrize(
    "question",
    [
        "terraform module for sagemaker?",
        "best way to run the mlflow tracking server on k8s?",
        "guide to setting up kubeflow?",
    ],
)
def test_a_tool_how_to_without_how_do_i_is_declined(bot: RoleBot, question: str) -> None:
    # The skill bullets that name the tools read as advice on running them.
    answer = ask(bot, question)
    assert not answer.found and "not step-by-step" in answer.answer


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("best way to deploy models?", "Model Deployment [1]:"),
        ("tips for setting up monitoring?", "Performance Monitoring and Optimization [1]:"),
    ],
)
def test_the_best_way_to_do_what_the_knowledge_discusses_is_answered(
    bot: RoleBot, question: str, first: str
) -> None:
    answer = ask(bot, question)
    assert answer.found and answer.answer.startswith(first)


@pytest.mark.parametrize(
    ("question", "earlier"),
    [
        ("is remote ok here or are we hybrid?", ()),
        ("what questions does google ask in the mlops lead interview", ()),
        ("does google require a phd for it?", ("what education is needed?",)),
        ("which of those does our team actually follow?", ("what are the best practices?",)),
    ],
)
def test_what_one_employer_or_our_team_does_is_declined(
    bot: RoleBot, question: str, earlier: tuple[str, ...]
) -> None:
    # They got the remote-work trend, Google Cloud lines, or "Provide training opportunities
    # for team members" as if that were the team's practice.
    answer = ask(bot, question, *earlier)
    assert not answer.found and "company-specific" in answer.answer


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("who are the key players in mlops?", "Key Players: Major tech companies like Google"),
        ("do we have to use kubernetes?", "Utilize container orchestration tools"),
        ("is remote work common for leads?", "Remote Work: The prevalence of remote work"),
    ],
)
def test_employers_the_guide_names_and_our_needs_are_still_answered(
    bot: RoleBot, question: str, first: str
) -> None:
    answer = ask(bot, question)
    assert answer.found and answer.answer.startswith(first)


@pytest.mark.parametrize(
    ("question", "missing", "closest"),
    [
        ("typical signing bonus for a lead mlops?", "signing", "- Performance bonuses"),
        (
            "typical relocation package for a lead?",
            "relocation",
            "- Comprehensive benefits packages",
        ),
    ],
)
def test_a_kind_of_pay_the_knowledge_never_names_is_declined_in_any_form(
    bot: RoleBot, question: str, missing: str, closest: str
) -> None:
    # The bonuses it lists, or Docker's "package ML models", read as the answer.
    answer = ask(bot, question)
    assert not answer.found
    assert answer.answer.startswith(f'The knowledge base never mentions "{missing}"')
    assert closest in answer.answer.splitlines()
    assert "Docker" not in answer.answer
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    "question",
    ["must have skills for an mlops lead job posting?", "essential skills for an mlops lead"],
)
def test_a_list_typed_as_words_with_whose_it_is_gets_that_list(bot: RoleBot, question: str) -> None:
    # It got Essential Soft Skills: no Python, no Docker, no CI/CD for a hiring manager.
    answer = ask(bot, question)
    assert answer.answer.startswith("Essential Skills [1]:")
    assert "Proficiency in programming languages such as Python" in answer.answer


def test_the_leads_own_rung_asked_as_a_stage_of_the_ladder(bot: RoleBot) -> None:
    # After the career path, "the lead … at that stage" is the Lead rung's line, not the
    # other rungs and Industry Specialization.
    answer = ask(
        bot, "what does the lead do at that stage?", "what does the career path look like?"
    )
    assert answer.answer.startswith("Lead MLOps Engineer: Oversee the work of other MLOps")


@pytest.mark.parametrize("question", ["what are the key responsibilities?", "key responsibilities"])
def test_a_heading_the_guide_repeats_is_answered_by_its_first_list(
    bot: RoleBot, question: str
) -> None:
    # The Requirements chapter's four-line restatement was given instead of the Overview's.
    answer = ask(bot, question)
    assert answer.answer.startswith("Overview › Key Responsibilities [1]:")
    assert "- Team Leadership: Guide MLOps teams" in answer.answer


def test_two_roles_compared_are_no_choice_between_two_tools(bot: RoleBot) -> None:
    answer = ask(bot, "lead mlops vs devops engineer, what's the diff?")
    assert answer.answer.startswith("The knowledge base doesn't describe a devops engineer;")
    assert "Both:" not in answer.answer


@pytest.mark.parametrize(
    ("question", "other"),
    [
        ("how's a lead mlops different from a data scientist?", "a data scientist"),
        ("how does a lead mlops engineer differ from an sre?", "an SRE"),
    ],
)
def test_the_role_compared_with_another_is_answered_with_what_it_is(
    bot: RoleBot, question: str, other: str
) -> None:
    # The lines after the note shared only "data science" with the question.
    lines = ask(bot, question).answer.splitlines()
    assert lines[0].startswith(f"The knowledge base doesn't describe {other};")
    assert lines[1].startswith("A Lead MLOps Engineer is a senior role")


def test_a_topic_compared_with_another_role_keeps_its_topic(bot: RoleBot) -> None:
    answer = ask(bot, "how does a lead's monitoring work differ from an sre's?")
    assert answer.answer.splitlines()[1] == "Performance Monitoring and Optimization [1]:"


def test_a_figure_asked_for_is_not_buried_under_lines_that_share_a_word(bot: RoleBot) -> None:
    # Four Industry Trends lines, one of them a lead-in, followed the 41.0%.
    answer = ask(bot, "what's the CAGR on mlops")
    assert answer.answer.startswith("Market Growth: The MLOps market is projected to grow")
    assert answer.answer.count("\n") == 0
    # ... while the other figures of the same kind stay: the guide disagrees with itself
    years = ask(bot, "how many years of experience do I need?").answer
    assert "Minimum 2-5 years of hands-on MLOps experience" in years
    assert "3-6 years of experience managing end-to-end" in years
    assert "Total experience of 7-9 years" in years


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("what are leads expected to do?", "Core Responsibilities [1]:"),
        ("what is a lead supposed to do?", "Core Responsibilities [1]:"),
        ("what ml frameworks do they expect you to know", "Machine Learning [1]:"),
    ],
)
def test_what_is_expected_of_the_role_is_not_unrealistic_expectations(
    bot: RoleBot, question: str, first: str
) -> None:
    answer = ask(bot, question)
    assert answer.answer.startswith(first)
    assert "Unrealistic Expectations" not in answer.answer


def test_a_sentence_closing_a_list_is_not_quoted_as_one_of_its_items(bot: RoleBot) -> None:
    # "- These ranges reflect the high demand…" read as one more kind of pay.
    answer = ask(bot, "do you get equity or bonuses on top of base?")
    lines = answer.answer.splitlines()
    assert "- Performance bonuses" in lines
    assert not any(line.startswith("- These ranges reflect") for line in lines)
    # Quoted at all only when it answers nearly as well as the best line (not here: the
    # question is what pay includes); when quoted, after the items it sums up.
    closing = [line for line in lines if line.startswith("These ranges reflect")]
    assert not closing
    assert_citations_hold(answer)


def test_an_edit_to_a_draft_says_how_drafts_change(bot: RoleBot) -> None:
    history = [Turn("user", "jd lead mlops engineer"), Turn("assistant", "# Lead MLOps Engineer")]
    reply = bot.handle(Request(text="add python", history=history))
    assert isinstance(reply, HelpReply)
    assert reply.text.startswith("I draft a job description in one go")
    assert "{example}" not in reply.text and '"jd ' in reply.text


def test_source_after_an_answer_names_the_sections_it_quotes(bot: RoleBot) -> None:
    # It got the help text, which names no section.
    reply = bot.handle(Request(text="source?", history=[Turn("user", "what are the challenges?")]))
    assert isinstance(reply, Answer)
    assert reply.answer.splitlines() == [
        messages.SOURCES_OF_LAST,
        "- Lead MLOps Engineer › Common Challenges (lead-mlops-engineer.md)",
    ]
    figures = bot.handle(
        Request(text="where is that from?", history=[Turn("user", "what does a lead earn?")])
    )
    assert isinstance(figures, HelpReply)
    assert figures.text.splitlines()[0] == messages.SOURCES_OF_FIGURES
    assert "- Lead MLOps Engineer › Salary Ranges (US Market, 2024) › Estimated Salary Range" in (
        figures.text
    )
    # opening a conversation, "source?" asks what the bot is
    assert isinstance(bot.handle(Request(text="source?")), HelpReply)


@pytest.mark.parametrize(
    ("turns", "first"),
    [
        # the salary exchange is picked up again after a question about something else
        (
            ["what does a lead earn?", "what skills do they need?", "and how much in new york?"],
            "The knowledge base has no salary figures for New York; here are its figures for "
            "Lead MLOps Engineer, each with its location.",
        ),
        (
            ["what does a lead earn?", "what skills do they need?", "ok and the salary again?"],
            "Typical range: $190,000–$230,000 a year (US, 2024). Salary figures from the "
            "knowledge base for Lead MLOps Engineer.",
        ),
        # a correction is the follow-up it corrects to
        (
            ["what does a lead earn?", "no I meant senior"],
            "Salary figures from the knowledge base for MLOps Engineer.",
        ),
    ],
)
def test_pay_asked_again_in_a_thread_is_looked_up(
    bot: RoleBot, turns: list[str], first: str
) -> None:
    # They got the pay factors, "no salary figures for 'again'" and the senior rung's line.
    *earlier, asked = turns
    reply = bot.handle(Request(text=asked, history=[Turn("user", t) for t in earlier]))
    assert isinstance(reply, SalaryResult) and reply.found
    assert reply.message == first
    if "senior" in asked:
        assert {f.level for f in reply.ranges} == {"senior"}


def test_less_is_no_word_the_knowledge_lacks(bot: RoleBot) -> None:
    answer = ask(bot, "do they get paid less then?", "what does a lead earn?")
    assert answer.found and "never mentions" not in answer.answer


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("what comes after mlops team lead?", "After MLOps Team Lead: Director of MLOps."),
        (
            "what comes after mlops engineer?",
            "After MLOps Engineer: Senior MLOps Engineer → MLOps Team Lead → Director of MLOps.",
        ),
    ],
)
def test_the_rung_after_is_the_one_the_whole_title_names(
    bot: RoleBot, question: str, first: str
) -> None:
    # "after mlops team lead" was read as after the first rung with "mlops" in it (Junior).
    assert ask(bot, question).answer.splitlines()[0] == first


def test_a_line_pointed_at_in_a_list_gets_more_on_it_not_the_list_again(bot: RoleBot) -> None:
    reply = bot.handle(
        Request(
            text="number 3",
            history=[
                Turn("user", "what are the essential skills?"),
                Turn("assistant", ask(bot, "what are the essential skills?").answer),
            ],
        )
    )
    assert isinstance(reply, Answer)
    lines = reply.answer.splitlines()
    assert lines[:2] == [
        "Essential Skills [1]:",
        "- Expertise in DevOps practices and tools, including containerization and cloud solutions",
    ]
    # what the guide says about it elsewhere, not the other essential skills again
    assert "- Expertise in Docker and Kubernetes" in lines
    assert not any("Proficiency in programming languages" in line for line in lines)


@pytest.mark.parametrize(
    ("question", "earlier"),
    [
        ("which of those are technical?", ("what are the requirements?",)),
        ("what are the technical requirements?", ()),
    ],
)
def test_the_technical_requirements_are_the_technical_skills(
    bot: RoleBot, question: str, earlier: tuple[str, ...]
) -> None:
    # The whole Requirements digest was given again, education first.
    answer = ask(bot, question, *earlier)
    assert answer.answer.startswith("Technical Skills [1]:")
    assert "Educational Background" not in answer.answer


def test_a_word_that_only_takes_the_turn_changes_no_answer(bot: RoleBot) -> None:
    # "ok" moved it to the Essential Soft Skills.
    asked = "what skills does a lead mlops engineer need?"
    assert ask(bot, f"ok {asked}").answer == ask(bot, asked).answer


def test_pay_asked_after_a_draft_looks_up_the_drafts_level_and_place(bot: RoleBot) -> None:
    # It looked up the lead ("No role was named") and never said Berlin has no figure.
    history = [
        Turn("user", "draft a job posting for a senior mlops engineer in berlin"),
        Turn("assistant", "# Senior MLOps Engineer"),
    ]
    reply = bot.handle(Request(text="what salary should we offer", history=history))
    assert isinstance(reply, SalaryResult) and reply.found
    assert reply.message.startswith("The knowledge base has no salary figures for Berlin;")
    assert {f.level for f in reply.ranges} == {"senior"}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how hard is it to hire mlops ppl rn", "Finding and retaining skilled data science"),
        ("how do i screen candidates for lead mlops", "Requirements [1]:"),
    ],
)
def test_hiring_managers_chat_words_find_their_answer(
    bot: RoleBot, question: str, expected: str
) -> None:
    # declined for "ppl"/"rn", and for "screen"
    answer = ask(bot, question)
    assert answer.found and expected in answer.answer.splitlines()[0] + answer.answer
    assert "never mentions" not in answer.answer


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("what interview questions should i ask a lead mlops engineer", '"interview"'),
        ("whats a good take home assignment for an mlops lead", '"home" or "assignment"'),
    ],
)
def test_a_hiring_step_the_knowledge_has_no_method_for_quotes_what_a_lead_needs(
    bot: RoleBot, question: str, missing: str
) -> None:
    # A bare refusal, or the MLOps Tools line: the guide has no interview method, but what
    # it says a lead needs is what such an interview would test.
    answer = ask(bot, question)
    lines = answer.answer.splitlines()
    assert not answer.found
    assert lines[0].startswith(f"The knowledge base never mentions {missing}")
    assert lines[1:3] == [messages.CLOSEST, "Essential Skills [1]:"]
    assert len([line for line in lines if line.startswith("- ")]) == 5
    assert_citations_hold(answer)


@pytest.mark.parametrize(
    ("earlier", "solution"),
    [
        ("whats the talent shortage challenge?", "- Solution: Consider global talent acquisition"),
        ("what is model drift?", "- Solution: Implement iterative deployment processes"),
    ],
)
def test_how_they_solve_it_after_a_challenge_is_its_solution(
    bot: RoleBot, earlier: str, solution: str
) -> None:
    # Lines about problem-solving skills answered "how do they solve it?".
    answer = ask(bot, "how do they solve it?", earlier)
    lines = answer.answer.splitlines()
    assert answer.found and lines[1].startswith(solution)
    assert not any("Problem-Solving" in line for line in lines)
    assert_citations_hold(answer)


def test_a_follow_up_pointing_back_at_a_thing_asks_about_that_thing(bot: RoleBot) -> None:
    # "what tools for that?" after "what is model drift?" got the whole Technical Skills list.
    answer = ask(bot, "what tools for that?", "what is model drift?")
    # (it names no drift tool, and says so first)
    first, second = answer.answer.splitlines()[:2]
    assert first == messages.NO_TOOLS_NAMED
    assert second == "Monitoring and Maintenance [1]:"
    assert "- Implement continuous monitoring of model performance and data drift" in answer.answer
    assert not answer.answer.startswith("Technical Skills")


def test_one_rung_asked_about_gets_its_line_not_the_other_rungs(bot: RoleBot) -> None:
    # The MLOps, Senior and Lead rungs followed the junior line.
    answer = ask(bot, "what should a junior mlops engineer focus on")
    assert answer.answer.startswith("Junior MLOps Engineer: Start by learning the basics")
    assert "Senior MLOps Engineer:" not in answer.answer
    assert "Lead MLOps Engineer: Oversee" not in answer.answer


@pytest.mark.parametrize(
    ("follow_up", "labels"),
    [
        ("whats typical", ["Typical range"]),
        ("and the lower end?", ["Estimated range (approximate)"]),
    ],
)
def test_one_kind_of_figure_asked_after_a_salary_reply_is_looked_up(
    bot: RoleBot, follow_up: str, labels: list[str]
) -> None:
    # "what's typical" got Unrealistic Expectations and the years of experience.
    reply = bot.handle(Request(text=follow_up, history=[Turn("user", "salary lead mlops")]))
    assert isinstance(reply, SalaryResult) and reply.found
    assert [f.label for f in reply.ranges] == labels


@pytest.mark.parametrize(
    "question",
    [
        "interview process at our company for mlops roles",
        "who is the hiring manager for the mlops lead req",
    ],
)
def test_one_employers_process_or_people_is_declined(bot: RoleBot, question: str) -> None:
    answer = ask(bot, question)
    assert not answer.found and "company-specific" in answer.answer


def test_time_to_hire_is_no_years_of_experience(bot: RoleBot) -> None:
    # It led with "Minimum 2-5 years of hands-on MLOps experience".
    answer = ask(bot, "how long does it take to hire a lead mlops engineer")
    assert not answer.found
    assert answer.answer.startswith(messages.NOT_COVERED_FIGURE)
    assert "2-5 years" not in answer.answer


def test_what_a_new_lead_will_be_responsible_for_is_the_core_responsibilities(
    bot: RoleBot,
) -> None:
    # It got the Requirements chapter's four-line restatement.
    answer = ask(bot, "what will my new mlops lead be responsible for")
    assert answer.answer.startswith("Core Responsibilities [1]:")


@pytest.mark.parametrize(
    "question", ["which teams does a lead work with", "who does an mlops lead usually work with"]
)
def test_who_a_lead_works_with_leads_with_the_people_named(bot: RoleBot, question: str) -> None:
    # The Requirements' soft-skills list led; it names no one.
    first = ask(bot, question).answer.splitlines()[0]
    assert "data scientists, software engineers" in first


def test_a_figure_for_a_kind_of_pay_the_guide_gives_none_for_quotes_that_pay(
    bot: RoleBot,
) -> None:
    # A bare "no figure" with the list of everything the knowledge covers.
    lines = ask(bot, "what percent bonus do leads get?").answer.splitlines()
    assert lines[:2] == [messages.NOT_COVERED_FIGURE, messages.CLOSEST]
    assert "- Performance bonuses" in lines


@pytest.mark.parametrize(
    ("message", "headings"),
    [
        ("• languages • clouds • typical salary", ["Programming Languages", "Cloud Platforms"]),
        ("- responsibilities?\n- challenges?", ["Core Responsibilities", "Common Challenges"]),
    ],
)
def test_a_message_listing_its_questions_gets_each_answered(
    bot: RoleBot, message: str, headings: list[str]
) -> None:
    # One was a salary lookup for the role "languages clouds", the other only the Soft
    # Skills Application.
    reply = bot.handle(Request(text=message))
    assert isinstance(reply, Answer) and reply.found
    shown = [line.split(" [", 1)[0] for line in reply.answer.splitlines() if line.endswith(":")]
    assert all(h in shown for h in headings)
    assert_citations_hold(reply)


@pytest.mark.parametrize(
    "message",
    ["what is ci/cd - and why?", "We're hiring a lead.\nWhat skills does a lead need?"],
)
def test_a_dash_or_a_story_line_is_no_list_of_questions(message: str) -> None:
    assert listed_questions(message) is None


def test_execs_are_the_stakeholders_the_guide_talks_about(bot: RoleBot) -> None:
    # It led with Compliance and Governance.
    answer = ask(bot, "how do i deal with execs who think ML can do magic")
    assert answer.answer.startswith("Unrealistic Expectations [1]:")
    assert "- Solution: Clearly explain limitations and potential outcomes" in answer.answer


@pytest.mark.parametrize("question", ["kubeflow vs airflow", "airflow or kubeflow for pipelines?"])
def test_a_tool_compared_with_one_the_knowledge_never_names_is_declined(
    bot: RoleBot, question: str
) -> None:
    # The MLflow/Kubeflow line read as the comparison.
    answer = ask(bot, question)
    assert not answer.found
    assert answer.answer.startswith('The knowledge base never mentions "airflow"')


def test_one_employers_headcount_is_declined(bot: RoleBot) -> None:
    answer = ask(bot, "how many mlops leads does google employ")
    assert not answer.found and "company-specific" in answer.answer


def test_pay_asked_after_a_question_about_a_role_looks_up_that_role(bot: RoleBot) -> None:
    # "No role was named" and the Lead MLOps figures, not the team lead's.
    reply = bot.handle(
        Request(
            text="how much do they make",
            history=[Turn("user", "tell me about the mlops team lead role")],
        )
    )
    assert isinstance(reply, SalaryResult) and reply.found
    assert reply.message == "Salary figures from the knowledge base for MLOps Team Lead."
