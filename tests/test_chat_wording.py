"""Questions worded the way people type in chat, each from an independent review of the
bot: an abbreviation, an idiom or a comparison verb must not turn an in-scope question into
a refusal or into an answer about something else, and a near miss built from the guide's own
words is declined, not answered with the lines that share them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import messages
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, JobDescription, Request, SalaryResult, Turn
from bot.service import RoleBot
from tests.chat import answer, follow, module_bot


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory, built_data_dir: Path, embedder: MiniLMEmbeddings
) -> RoleBot:
    return module_bot(tmp_path_factory, built_data_dir, embedder, "wording")


def test_eng_in_a_job_title_is_the_engineer(bot: RoleBot) -> None:
    # It opened with the Junior, MLOps and Senior rungs of the career ladder.
    reply = answer(bot, "what does a lead mlops eng actually do day to day?")
    assert reply.found
    assert reply.answer.startswith("Core Responsibilities [1]:")
    pay = bot.handle(Request(text="what do senior mlops engs earn?"))
    assert isinstance(pay, SalaryResult) and pay.found
    assert all(f.level == "senior" for f in pay.ranges)


def test_what_separates_two_rungs_is_answered_from_the_ladder(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "separates"'.
    reply = answer(bot, "What separates a lead MLOps engineer from a senior MLOps engineer?")
    assert reply.found
    assert "- Senior MLOps Engineer: Assume leadership roles" in reply.answer
    assert "- Lead MLOps Engineer: Oversee the work of other MLOps Engineers" in reply.answer


def test_years_under_my_belt_asks_the_experience(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "belt"'.
    reply = answer(bot, "How many years under my belt before I can be an MLOps Team Lead?")
    assert reply.found
    assert "Minimum 2-5 years of hands-on MLOps experience" in reply.answer


def test_years_of_experience_for_our_hire_is_not_the_time_to_hire(bot: RoleBot) -> None:
    # "The knowledge base gives no figure for that": read as how long hiring takes.
    reply = answer(bot, "how many years of experience should our lead mlops hire have?")
    assert reply.found
    assert "years" in reply.answer.splitlines()[0]
    declined = answer(bot, "how long does it take to hire a lead?")
    assert not declined.found


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # whom the role reports to is one employer's org chart
        ("does the lead report to the cto or vp eng", messages.NOT_COVERED_COMPANY),
        (
            "Who does the Lead MLOps Engineer report to at our company, the CTO or the VP of Data?",
            messages.NOT_COVERED_COMPANY,
        ),
        # a rate the knowledge never states
        (
            "What is the pass rate for the AWS Certified Machine Learning Specialty exam?",
            'The knowledge base never mentions "pass", "certified" or "specialty"',
        ),
        # a year the knowledge has no figure for
        ("How large will the MLOps market be in 2030?", '"2030"'),
        # the artifact itself, and a tool's release, are operations
        (
            "Write me a GitHub Actions YAML workflow that retrains a PyTorch model every night.",
            messages.NOT_COVERED_HOW_TO,
        ),
        (
            "Which version of Kubeflow should I install on Kubernetes 1.29?",
            messages.NOT_COVERED_SETTING,
        ),
        # a cloud price, not pay ("ml.p3.2xlarge" is no typo for "large")
        (
            "How much does a SageMaker ml.p3.2xlarge inference endpoint cost per hour?",
            '"2xlarge"',
        ),
    ],
)
def test_a_near_miss_built_from_the_guides_words_is_declined(
    bot: RoleBot, question: str, said: str
) -> None:
    # Each was answered with loosely related lines: the degree, certifications, the 2027
    # market figure, the ML frameworks, Docker and Kubernetes, salary ranges.
    reply = answer(bot, question)
    assert not reply.found
    assert said in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # "Both: the knowledge lists AWS and Azure together…": the pair was an example
        ("do certs help? like an aws or azure cert", "Relevant certifications"),
        # "Both: the knowledge lists experience and Total together…": not two named things
        ("how much hands-on mlops experience vs total experience are we talking?", "Total"),
    ],
)
def test_two_words_joined_by_or_or_vs_are_not_always_a_choice(
    bot: RoleBot, question: str, first: str
) -> None:
    reply = answer(bot, question)
    assert reply.found
    assert reply.answer.startswith(first)


def test_a_choice_between_two_named_tools_is_still_one(bot: RoleBot) -> None:
    reply = answer(bot, "mlflow or kubeflow?")
    assert reply.answer.startswith(
        "Both: the knowledge lists MLflow and Kubeflow together and doesn't prefer one."
    )


def test_how_two_named_tools_differ_is_said_to_be_unstated(bot: RoleBot) -> None:
    # It quoted the data engineering lines as if they answered.
    reply = answer(bot, "What is the difference between Apache Spark and Hadoop?")
    assert reply.answer.startswith(
        "The knowledge lists Spark and Hadoop together and doesn't say how they differ."
    )


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # a salary table, then "has no company-specific policies" ("MLOps" read as an employer)
        ("What perks beyond base pay come with a lead MLOps job?", "Additional Compensation [1]:"),
        # 'never mentions "top"'
        ("what comes on top of the base salary for a lead?", "Additional Compensation [1]:"),
        # "no salary figures for Remote" and nine rows of figures
        ("Can working remotely help an MLOps engineer's earnings?", "Remote Work:"),
    ],
)
def test_what_else_is_paid_or_what_pay_depends_on_is_no_salary_lookup(
    bot: RoleBot, question: str, first: str
) -> None:
    reply = answer(bot, question)
    assert reply.found
    assert reply.answer.startswith(first)


@pytest.mark.parametrize(
    "question",
    [
        # It opened with "Monitoring Issues", a challenge, not what the lead owns.
        "what is the lead mlops engineer expected to own for model monitoring",
        "what does a lead own for model monitoring?",
    ],
)
def test_what_the_lead_owns_opens_with_the_duties(bot: RoleBot, question: str) -> None:
    reply = answer(bot, question)
    assert reply.answer.startswith("Performance Monitoring and Optimization [1]:")


@pytest.mark.parametrize(
    "follow_up", ["ok, and what about for the MLOps lead?", "and a lead mlops engineer?"]
)
def test_a_question_declined_for_its_role_is_asked_again_of_the_covered_role(
    bot: RoleBot, follow_up: str
) -> None:
    # It answered with the overview: the skills asked about were dropped with the role.
    first = "What skills does a lead data scientist need?"
    declined = answer(bot, first)
    assert not declined.found
    history = [Turn("user", first), Turn("assistant", declined.answer)]
    reply = bot.handle(Request(text=follow_up, history=history))
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer.startswith("Essential Skills [1]:")


def test_a_new_question_after_a_declined_role_is_its_own(bot: RoleBot) -> None:
    first = "what does a pastry chef do?"
    reply = follow(bot, first, "fine, what does a lead do then?")
    assert reply.found
    assert reply.answer.startswith("Core Responsibilities [1]:")


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        # It repeated the whole ladder from the Junior rung.
        (
            "what does a junior mlops engineer focus on?",
            "what comes next?",
            "After Junior MLOps Engineer: MLOps Engineer → Senior MLOps Engineer",
        ),
        ("what does a senior mlops engineer do?", "whats the next step up?", "After Senior"),
        # the rung the last answer stepped to, not the one asked about again
        ("what comes after senior?", "and after that?", "After MLOps Team Lead: Director"),
    ],
)
def test_what_comes_next_steps_up_from_the_rung_just_discussed(
    bot: RoleBot, first: str, follow_up: str, expected: str
) -> None:
    reply = follow(bot, first, follow_up)
    assert reply.found
    assert reply.answer.startswith(expected)


def test_and_the_degree_after_experience_is_not_asked_of_the_degree(bot: RoleBot) -> None:
    # It was asked as "how much experience is needed for the degree?": the role the first
    # question ended on was swapped for the new thing, and the years led.
    first = "how much experience is needed for lead mlops?"
    reply = follow(bot, first, "and the degree?")
    assert reply.found
    assert "- Bachelor's or Master's degree" in reply.answer.splitlines()[1]


def test_what_about_experience_after_the_degree_is_asked_of_the_same_role(bot: RoleBot) -> None:
    # It repeated the degree line and left out "Minimum 2-5 years of hands-on MLOps".
    reply = follow(bot, "what degree do i need for lead mlops?", "what about experience?")
    assert reply.answer.startswith("Experience [1]:\n- Minimum 2-5 years of hands-on MLOps")


def test_a_shortened_list_counts_every_line_it_leaves_out(bot: RoleBot) -> None:
    # "…and 2 more in the full answer" when the full answer had already left two of the
    # seven Essential Soft Skills out: four were missing.
    first = "what soft skills does a lead mlops need?"
    reply = follow(bot, first, "shorter pls")
    shown = [line for line in reply.answer.splitlines() if line.startswith("- ")]
    assert len(shown) == 3
    assert reply.answer.splitlines()[len(shown) + 1] == "…and 4 more in the source."


@pytest.mark.parametrize(
    "question",
    [
        # It listed all nine challenges of the job; the hiring one was seventh.
        "what's the hardest part of hiring for this role?",
        "what are the challenges of hiring a lead mlops engineer?",
    ],
)
def test_the_challenge_of_hiring_is_the_talent_shortage(bot: RoleBot, question: str) -> None:
    reply = answer(bot, question)
    assert reply.answer.startswith("Skilled Talent Shortage [1]:")


@pytest.mark.parametrize(
    "question",
    [
        "what are the must haves vs nice to haves for a lead mlops engineer?",
        "must-haves vs nice-to-haves?",
    ],
)
def test_two_lists_set_side_by_side_are_both_given(bot: RoleBot, question: str) -> None:
    # Only the nice-to-haves (Additional Qualifications) were listed, unlabelled.
    reply = answer(bot, question)
    headings = [line for line in reply.answer.splitlines() if line.endswith(":")]
    assert headings[:2] == ["Essential Skills [1]:", "Additional Qualifications [2]:"]


def test_rungs_set_side_by_side_stay_one_comparison(bot: RoleBot) -> None:
    reply = answer(bot, "seniors vs leads?")
    assert reply.answer.startswith("Career Progression [1]:\n- Senior MLOps Engineer:")


@pytest.mark.parametrize(
    "question",
    [
        # It opened with a soft skill asked of the candidate ("Leadership: Capacity to
        # guide teams…"): "makes" matched "make strategic decisions".
        "how do I pitch this role to a candidate? what makes it attractive?",
        "how do I sell this role to candidates?",
    ],
)
def test_selling_the_role_quotes_what_the_guide_says_draws_people(
    bot: RoleBot, question: str
) -> None:
    reply = answer(bot, question)
    assert reply.found
    assert reply.answer.startswith("Attractive Compensation and Stability [1]:")
    assert "among the highest-paid professionals" in reply.answer
    assert "Career Growth Opportunities" in reply.answer


@pytest.mark.parametrize(
    ("question", "named"),
    [
        # 'never mentions "401", "k" or "match"'
        ("What 401(k) match is typically offered to Lead MLOps Engineers?", '"401k"'),
        # 'never mentions "trigger" or "error-rate"': the guide lists error rates
        ("What error-rate percentage should trigger the performance anomaly alert?", '"trigger"'),
    ],
)
def test_a_refusal_names_the_words_the_knowledge_really_lacks(
    bot: RoleBot, question: str, named: str
) -> None:
    reply = answer(bot, question)
    assert not reply.found
    first = reply.answer.splitlines()[0]
    assert named in first
    assert '"k"' not in first and "error-rate" not in first


def test_a_two_word_name_in_a_choice_is_named_whole(bot: RoleBot) -> None:
    # "the knowledge lists Jenkins and GitHub together"
    reply = answer(bot, "jenkins or github actions for ml pipelines?")
    assert reply.answer.startswith(
        "Both: the knowledge lists Jenkins and GitHub Actions together and doesn't prefer one."
    )


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # 'never mentions "trenches"', 'never mentions "rung"'
        (
            "How many years in the trenches do I need before I'm a Lead MLOps Engineer?",
            "Minimum 2-5 years of hands-on MLOps experience",
        ),
        # "After MLOps Engineer: …": the title is on the MLOps Team Lead's rung
        ("What's the next rung after Lead MLOps Engineer?", "After MLOps Team Lead: Director"),
        ("How does an MLOps lead keep the cloud bill from ballooning?", "Resource Utilization"),
        # 'I don't have salary figures for "work still"'
        ("can i work remote and still get good pay", "Remote Work:"),
        # "version control" is a practice, not a tool's release to decline
        ("which version control system should a lead know?", ""),
    ],
)
def test_idioms_and_chat_words_for_covered_things_are_answered(
    bot: RoleBot, question: str, first: str
) -> None:
    reply = answer(bot, question)
    assert reply.found
    assert reply.answer.startswith(first)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Which MLflow version added model aliases in the model registry?", "versions"),
        ("How do I compute a Kolmogorov-Smirnov test for data drift?", "step-by-step"),
        ("What is the maximum number of pods per node in Kubernetes?", '"pods"'),
        (
            "Will automated ML platforms like DataRobot replace MLOps engineers in five years?",
            '"replace"',
        ),
        ("how often should we retrain our models?", messages.NOT_COVERED_FIGURE),
    ],
)
def test_tool_facts_forecasts_and_frequencies_the_guide_never_gives_are_declined(
    bot: RoleBot, question: str, said: str
) -> None:
    reply = answer(bot, question)
    assert not reply.found
    assert said in reply.answer.splitlines()[0]


def test_a_city_nickname_is_the_city(bot: RoleBot) -> None:
    reply = bot.handle(Request(text="lead mlops salary in the big apple?"))
    assert isinstance(reply, SalaryResult)
    assert "New York" in reply.message


def test_please_is_not_part_of_the_place(bot: RoleBot) -> None:
    # The draft read "**Location:** Austin Pls".
    reply = bot.handle(Request(text="jd for a junior mlops engineer in austin pls"))
    assert isinstance(reply, JobDescription)
    assert "**Location:** Austin\n" in reply.markdown


def test_just_the_typical_range_after_a_lookup_is_that_figure(bot: RoleBot) -> None:
    # It was answered as a question: the lower and upper end, the benefits, the mid-level
    # range and a note that the sources disagree.
    first = "what's the pay for a lead mlops engineer?"
    lookup = bot.handle(Request(text=first))
    assert isinstance(lookup, SalaryResult)
    history = [Turn("user", first), Turn("assistant", lookup.message)]
    reply = bot.handle(Request(text="just the typical range pls", history=history))
    assert isinstance(reply, SalaryResult)
    assert [f.label for f in reply.ranges] == ["Typical range"]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("why are good mlops leads so hard to find?", "Skilled Talent Shortage [1]:"),
        # It opened with "Manage model workflows from onboarding to decommissioning".
        ("does the lead manage people or is it more of an IC role?", "Team Management:"),
    ],
)
def test_chat_phrases_for_the_guides_topics(bot: RoleBot, question: str, first: str) -> None:
    assert answer(bot, question).answer.startswith(first)


def test_why_quotes_the_reason_the_guide_gives_for_what_it_just_said(bot: RoleBot) -> None:
    # "The knowledge base doesn't give reasons…" although the line says why.
    first = "should i specialize in an industry?"
    reply = follow(bot, first, "why?")
    assert reply.found
    assert reply.answer.splitlines()[0] == messages.REASONS_INTRO
    assert "to differentiate yourself" in reply.answer


def test_why_without_a_reason_in_the_guide_says_so(bot: RoleBot) -> None:
    first = "what does a lead do for ci/cd?"
    assert follow(bot, first, "why?").answer == messages.NO_REASONS


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        # the whole Industry Trends list again, "North America leads" third
        (
            "how big is the mlops market",
            "and which region leads?",
            "Geographic Trends: North America leads the MLOps market",
        ),
        ("what are the industry trends?", "who are the key players?", "Key Players:"),
    ],
)
def test_a_follow_up_asking_for_one_thing_gets_that_line(
    bot: RoleBot, first: str, follow_up: str, expected: str
) -> None:
    reply = follow(bot, first, follow_up)
    assert reply.answer.startswith(expected)
    assert not any(line.startswith("- ") for line in reply.answer.splitlines())


def test_a_follow_up_asking_for_several_things_keeps_the_list(bot: RoleBot) -> None:
    first = "what tools do they use?"
    reply = follow(bot, first, "which are for ci/cd?")
    assert sum(line.startswith("- ") for line in reply.answer.splitlines()) >= 2


def test_a_part_named_by_one_word_gives_way_to_the_lines_holding_the_other(
    bot: RoleBot,
) -> None:
    # "…what about data drift specifically?" got Data Validation and Management ("data" in
    # its heading) and never mentioned drift.
    first = "best practices for monitoring"
    reply = follow(bot, first, "what about data drift specifically?")
    assert "data drift" in reply.answer.splitlines()[1]


def test_after_the_whole_ladder_and_after_that_is_past_its_top(bot: RoleBot) -> None:
    # It was asked as "career path for after that?" and quoted the ladder again.
    first = "career path for mlops?"
    reply = follow(bot, first, "and after that?")
    assert reply.answer.startswith("Director of MLOps is the last rung the knowledge names.")


def test_a_short_list_of_labelled_lines_is_not_completed_with_other_subjects(
    bot: RoleBot,
) -> None:
    # "Pipeline Development and Automation: …" was quoted because its list is short and
    # another of its lines answered.
    reply = answer(bot, "what are the security responsibilities?")
    assert "- Compliance and Security:" in reply.answer
    assert "Pipeline Development and Automation" not in reply.answer


def test_a_hybrid_draft_says_so_where_it_says_the_place(bot: RoleBot) -> None:
    reply = bot.handle(Request(text="draft a jd for a senior mlops engineer, hybrid in seattle"))
    assert isinstance(reply, JobDescription)
    assert "**Location:** Seattle (hybrid)" in reply.markdown
    assert "**Industry:**" not in reply.markdown


@pytest.mark.parametrize(
    "question",
    [
        "What kubectl command rolls back a failed model deployment?",
        "Which Docker base image is best for serving PyTorch models?",
        # "no salary figures for Manage", then the team lead's pay
        "What annual cloud budget does an MLOps team lead usually manage?",
    ],
)
def test_third_review_near_misses_are_declined(bot: RoleBot, question: str) -> None:
    reply = bot.handle(Request(text=question))
    assert isinstance(reply, Answer) and not reply.found


@pytest.mark.parametrize(
    "question", ["what budget should we set for this hire?", "ballpark pay for a lead mlops eng?"]
)
def test_chat_words_around_a_pay_question_name_no_role(bot: RoleBot, question: str) -> None:
    # 'I don't have salary figures for "set"'
    reply = bot.handle(Request(text=question))
    assert isinstance(reply, SalaryResult) and reply.found
    assert "Salary figures from the knowledge base for Lead MLOps Engineer." in reply.message


def test_langs_is_programming_languages(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "langs"'
    reply = follow(bot, "what ML frameworks should a lead mlops know", "and langs?")
    assert reply.answer.startswith("Programming Languages [1]:")


@pytest.mark.parametrize(
    "question",
    ["where does this role go next career-wise?", "what is the next step for this role?"],
)
def test_where_the_role_goes_next_is_the_rung_after_it(bot: RoleBot, question: str) -> None:
    # It listed the lower rungs and general growth lines, never Director of MLOps.
    assert answer(bot, question).answer.startswith("After MLOps Team Lead: Director of MLOps.")


def test_an_amount_in_another_currency_is_not_placed_against_dollars(bot: RoleBot) -> None:
    # "$120,000 is below all 3 figures shown": pounds read as dollars.
    reply = bot.handle(Request(text="is £120k ok for a lead mlops engineer in london?"))
    assert isinstance(reply, SalaryResult)
    assert "$120,000" not in reply.message
    assert "none in pounds" in reply.message


def test_the_gap_between_two_levels_is_no_place(bot: RoleBot) -> None:
    # "The knowledge base has no salary figures for Gap" (a town in France).
    reply = bot.handle(Request(text="senior vs mid-level mlops engineer pay, how big is the gap?"))
    assert isinstance(reply, SalaryResult)
    assert "Gap" not in reply.message
    assert {f.level for f in reply.ranges} >= {"senior", "mid-level"}


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("What is the default port of the MLflow tracking server?", "tool settings"),
        (
            "Which Terraform provider do I use to create an EKS cluster for model serving?",
            "tool settings",
        ),
        ("What GPU should I buy for fine-tuning large language models?", "what to buy"),
        ("Explain how gradient descent works during model training.", '"gradient descent"'),
        ("Who is the current MLOps Team Lead at our company?", "company-specific"),
        ("will the lead have to be on-call for production incidents?", '"on-call"'),
    ],
)
def test_fourth_review_near_misses_are_declined(bot: RoleBot, question: str, said: str) -> None:
    reply = answer(bot, question)
    assert not reply.found
    assert said in reply.answer.splitlines()[0]


def test_bread_and_butter_is_the_day_to_day(bot: RoleBot) -> None:
    # 'never mentions "bread" or "butter"'
    reply = answer(bot, "What's the bread and butter of a Lead MLOps Engineer's job?")
    assert reply.answer.startswith("Core Responsibilities [1]:")


def test_whats_the_fix_after_a_challenge_is_its_solution(bot: RoleBot) -> None:
    # 'never mentions "fix"'
    reply = follow(bot, "data management challenges in mlops", "whats the fix?")
    assert "Solution: Implement robust data governance" in reply.answer


def test_one_kind_of_figure_of_a_role_is_a_salary_lookup(bot: RoleBot) -> None:
    # It answered with the role's definition and no figure.
    reply = bot.handle(Request(text="what's the lower end for a lead mlops engineer?"))
    assert isinstance(reply, SalaryResult) and reply.found


def test_a_place_before_a_question_clause_is_still_the_place(bot: RoleBot) -> None:
    reply = bot.handle(
        Request(text="we're offering 175k for a lead mlops role in austin, is that too low?")
    )
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith("$175,000 is below 2 of the 3 figures shown and within 1.")
    assert "no salary figures for Austin" in reply.message


def test_one_challenge_picked_out_of_the_list_keeps_its_name(bot: RoleBot) -> None:
    # Only "Solution: Implement strong access controls…": which challenge it solves was lost.
    reply = follow(bot, "common challenges for an mlops lead?", "which one is about security?")
    assert reply.answer.splitlines()[:3] == [
        "Security Concerns [1]:",
        "- Challenge: Ensuring robust governance and security protocols",
        "- Solution: Implement strong access controls, data encryption, and compliance measures",
    ]


def test_an_example_missing_from_the_answer_is_found_beside_it(bot: RoleBot) -> None:
    # "gives no examples beyond what I quoted": the guide names the CI/CD tools.
    reply = follow(bot, "what does the lead own for ci/cd", "example?")
    assert reply.found
    assert reply.answer.splitlines()[0] == messages.EXAMPLES_INTRO
    assert "Jenkins, GitHub Actions" in reply.answer


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # It opened with the soft skills asked of candidates.
        ("we cant hire enough mlops folks, what does the guide suggest", "Skilled Talent"),
        # It opened with the talent shortage, market size and job outlook.
        ("Which industries are hungry for MLOps talent right now?", "Cross-Industry Demand"),
    ],
)
def test_hiring_trouble_and_demand_in_chat_words(bot: RoleBot, question: str, first: str) -> None:
    assert answer(bot, question).answer.startswith(first)


def test_is_one_tool_better_is_not_answered_both(bot: RoleBot) -> None:
    # "Both: … doesn't prefer one" read as a verdict on "is Kubeflow better than MLflow?".
    reply = answer(bot, "Is Kubeflow better than MLflow for model lifecycle management?")
    assert reply.answer.startswith(
        "The knowledge lists Kubeflow and MLflow together and doesn't say which is better."
    )
