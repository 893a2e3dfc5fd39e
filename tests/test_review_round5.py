"""Failures the fifth and sixth independent reviews found, each asked as the reviewer asked
it: chat words that framed or misrouted a question, follow-ups that lost the thread, near
misses answered as if covered, salary replies that buried what they are not, and job
descriptions that read as the guide rather than as a posting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import messages
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, HelpReply, JobDescription, Request, SalaryResult, Turn
from bot.service import RoleBot
from tests.chat import answer, follow, module_bot


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory, built_data_dir: Path, embedder: MiniLMEmbeddings
) -> RoleBot:
    return module_bot(tmp_path_factory, built_data_dir, embedder, "round5")


def test_compare_only_frames_the_question(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "compare", so it can't answer that'
    reply = follow(bot, "what's the mlops market size?", "how does that compare to 2022?")
    assert reply.found
    assert reply.answer.splitlines()[1].startswith("- Market Growth: The MLOps market is")
    assert "never mentions" not in reply.answer


def test_and_for_another_kind_after_which_tools(bot: RoleBot) -> None:
    # It repeated the CI/CD tools and never gave Docker and Kubernetes.
    reply = follow(bot, "which ci/cd tools should a lead candidate know", "and for orchestration?")
    assert reply.found
    assert reply.answer.startswith("Containerization and Orchestration [1]:")
    assert "Jenkins" not in reply.answer


def test_an_interview_is_where_skills_are_screened_not_a_company_process(bot: RoleBot) -> None:
    # 'The knowledge base has no company-specific policies, processes, reporting lines or
    # interview loops', for the guide's own technical skills.
    reply = answer(
        bot,
        "interviewing for our lead mlops role next wk - which technical skills should i "
        "actually screen for?",
    )
    assert reply.found
    assert reply.answer.startswith("Technical Skills [1]:")
    loop = answer(bot, "what does the Google MLOps interview loop look like?")
    assert not loop.found


def test_a_plural_of_a_shorthand_phrase_is_the_phrase(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "hardest"' although "hardest part" is shorthand for
    # the challenges.
    reply = answer(bot, "what are the hardest parts of this job?")
    assert reply.found
    assert reply.answer.startswith("Common Challenges [1]:")


@pytest.mark.parametrize(
    ("question", "lacking"),
    [
        ("how much does Netflix pay a Lead MLOps Engineer?", "Netflix"),
        ("what's the 90th percentile salary for a lead mlops engineer?", "the 90th percentile"),
        ("p90 pay for a lead mlops engineer", "the 90th percentile"),
    ],
)
def test_pay_narrowed_to_what_no_figure_is_for_says_so_first(
    bot: RoleBot, question: str, lacking: str
) -> None:
    # The whole table came back under "Salary figures from the knowledge base for Lead MLOps
    # Engineer." with nothing about Netflix or percentiles.
    reply = bot.handle(Request(text=question))
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith(f"The knowledge base has no salary figures for {lacking};")


def test_google_cloud_is_no_employer(bot: RoleBot) -> None:
    reply = bot.handle(Request(text="lead mlops engineer salary, google cloud shop"))
    assert isinstance(reply, SalaryResult)
    assert "Google" not in reply.message


@pytest.mark.parametrize(
    "question",
    [
        "what pushes a lead mlops engineer's salary higher?",
        "how can a lead mlops engineer earn more?",
    ],
)
def test_what_moves_pay_is_answered_with_its_factors(bot: RoleBot, question: str) -> None:
    # A table of figures came back, not the guide's Factors Affecting Salary.
    reply = answer(bot, question)
    assert reply.answer.startswith("Factors Affecting Salary [1]:")


def test_an_amount_of_equity_is_a_figure_the_guide_does_not_give(bot: RoleBot) -> None:
    # "Additional Compensation: Stock options or equity grants" was given as if it answered.
    reply = answer(bot, "how much equity do leads get?")
    assert not reply.found
    assert reply.answer.startswith(messages.NOT_COVERED_FIGURE)


def test_a_salary_follow_up_naming_another_role_looks_that_role_up(bot: RoleBot) -> None:
    # The Factors Affecting Salary came back as if they answered for a lead data scientist.
    history = [Turn("user", "salary lead mlops engineer new york")]
    history.append(Turn("assistant", str(bot.handle(Request(text=history[0].text)))))
    reply = bot.handle(Request(text="and a lead data scientist in new york?", history=history))
    assert isinstance(reply, SalaryResult)
    assert not reply.found
    assert "data scientist" in reply.message


@pytest.mark.parametrize(
    ("first", "then"),
    [
        (
            "what does a lead MLOps engineer own for monitoring?",
            "nice — what Prometheus alert threshold should we use for p99 latency?",
        ),
        (
            "which industries drive demand?",
            "which healthcare companies are hiring MLOps leads right now?",
        ),
    ],
)
def test_a_follow_up_that_drifts_out_of_scope_is_declined(
    bot: RoleBot, first: str, then: str
) -> None:
    # Both re-answered the first question as if it covered the second.
    assert answer(bot, first).found
    assert not follow(bot, first, then).found


def test_employers_that_drive_adoption_are_still_named(bot: RoleBot) -> None:
    reply = answer(bot, "which companies are driving mlops adoption?")
    assert reply.found
    assert "Key Players: Major tech companies like Google Cloud" in reply.answer


def test_a_choice_between_two_things_the_guide_never_names_is_declined(bot: RoleBot) -> None:
    # The drift-monitoring lines came back as if they chose between PSI and KS.
    reply = answer(bot, "for drift monitoring, is PSI or a KS test the better statistic?")
    assert not reply.found
    assert '"psi"' in reply.answer and '"ks"' in reply.answer


def test_which_is_faster_is_said_to_be_unanswered_not_both(bot: RoleBot) -> None:
    # "Both: the knowledge lists MLflow and Kubeflow together and doesn't prefer one."
    reply = answer(bot, "which is faster for experiment tracking, MLflow or Kubeflow?")
    assert reply.answer.startswith(
        "The knowledge lists MLflow and Kubeflow together and doesn't say which is faster."
    )


def test_three_options_are_not_cut_to_the_last_two(bot: RoleBot) -> None:
    # "Both: the knowledge lists GCP and Azure together" dropped AWS.
    reply = answer(bot, "which cloud is best for MLOps — AWS, GCP or Azure?")
    assert "Both" not in reply.answer
    assert "Familiarity with AWS, GCP, and Azure" in reply.answer


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("can you explain how backprop works in PyTorch?", '"backprop"'),
        ("will automated platforms like DataRobot make MLOps leads redundant?", '"redundant"'),
        ("explain how kubernetes works", "not step-by-step setup or usage of tools"),
    ],
)
def test_theory_forecasts_and_tool_workings_are_declined(
    bot: RoleBot, question: str, said: str
) -> None:
    # Each got lines naming PyTorch, DataRobot or Kubernetes as if they answered.
    reply = answer(bot, question)
    assert not reply.found
    assert said in reply.answer.splitlines()[0]


def test_a_part_after_the_place_that_is_no_place_is_the_industry() -> None:
    # "**Location:** London, Gaming" with no industry.
    from bot.jobdesc.options import parse_jd_options

    job = parse_jd_options("draft a JD for a lead mlops engineer in london, gaming")
    assert (job.location, job.industry) == ("London", "gaming")
    assert parse_jd_options("jd lead mlops engineer in austin, tx").location == "Austin, TX"
    assert parse_jd_options("jd lead mlops engineer in austin, texas").location == "Austin, Texas"


def draft_then(bot: RoleBot, first: str, then: str) -> object:
    from bot.cli.render import format_reply

    history = [Turn("user", first), Turn("assistant", format_reply(bot.handle(Request(first))))]
    return bot.handle(Request(text=then, history=history))


def test_add_the_salary_after_a_draft_looks_up_its_level_and_place(bot: RoleBot) -> None:
    # Read as a wording edit: "can't rewrite a draft; edit it directly…".
    reply = draft_then(bot, "write a jd for a senior mlops engineer in austin", "add the salary")
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith("The knowledge base has no salary figures for Austin;")
    assert {f.level for f in reply.ranges} == {"senior"}


def test_adding_what_the_draft_already_lists_says_so(bot: RoleBot) -> None:
    reply = draft_then(
        bot, "draft a jd for a lead mlops engineer", "add python and spark to the requirements"
    )
    assert isinstance(reply, HelpReply)
    assert reply.text.startswith("The draft already lists python and spark.")
    other = draft_then(bot, "draft a jd for a lead mlops engineer", "add rust")
    assert isinstance(other, HelpReply)
    assert "already lists" not in other.text


def test_how_much_a_lead_makes_opens_with_the_typical_figure(bot: RoleBot) -> None:
    # "Salary figures from the knowledge base for Lead MLOps Engineer." and three
    # overlapping ranges, the $165,000–$207,125 one first, with no pointer to "Typical".
    reply = bot.handle(Request(text="how much does a lead mlops engineer make?"))
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith("Typical range: $190,000–$230,000 a year (US, 2024).")
    assert reply.ranges[0].label == "Typical range"


def test_the_most_important_asked_bare_is_a_ranking(bot: RoleBot) -> None:
    # Keyword lines about "the role's importance" came back.
    history = [Turn("user", "what are the key responsibilities?")]
    history.append(Turn("assistant", answer(bot, history[0].text).answer))
    reply = bot.handle(Request(text="ok and the most important?", history=history))
    assert isinstance(reply, Answer)
    assert reply.answer == messages.NO_RANKING


def test_doing_the_job_remote_and_pay_is_advice_not_a_lookup(bot: RoleBot) -> None:
    # 'I don't have salary figures for “still”.'
    reply = answer(bot, "can i do this job remote and still get paid well?")
    assert reply.found
    assert "- Remote Work: The prevalence of remote work" in reply.answer


def test_the_labelled_line_that_answers_opens_its_list(bot: RoleBot) -> None:
    # "Market Growth: …$5.9 billion" came first and North America second.
    reply = answer(bot, "tell me about regional trends in the mlops market")
    assert reply.answer.splitlines()[1].startswith("- Geographic Trends: North America leads")


def test_a_ladder_keeps_its_order(bot: RoleBot) -> None:
    reply = answer(bot, "what do junior, mid and senior mlops engineers each do?")
    rungs = [line.split(":")[0] for line in reply.answer.splitlines() if "Engineer:" in line]
    assert rungs == ["- Junior MLOps Engineer", "- MLOps Engineer", "- Senior MLOps Engineer"]


def test_about_the_role_reads_as_a_posting(bot: RoleBot) -> None:
    # "Senior MLOps Engineer: Assume leadership roles, guide teams, and make strategic
    # decisions. The career progression typically follows: Junior MLOps Engineer → …"
    draft = bot.handle(Request(text="draft a JD for a senior mlops engineer in berlin, fintech"))
    assert isinstance(draft, JobDescription)
    about = draft.markdown.split("## About the role\n\n", 1)[1].split("\n## ", 1)[0]
    assert about.startswith(
        "As a Senior MLOps Engineer, you will assume leadership roles, guide teams, and make "
        "strategic decisions.\n\nOn the career ladder, this role comes "
        "after MLOps Engineer and before MLOps Team Lead."
    )
    team = bot.handle(Request(text="write a job post for an mlops team lead, remote"))
    assert isinstance(team, JobDescription)
    assert "## About the role\n\nAn MLOps Team Lead is a senior role that combines" in team.markdown


def test_a_team_lead_draft_in_an_unlisted_place_names_its_own_figure(bot: RoleBot) -> None:
    # The Toronto notes listed the lead's figures as "nearest for a MLOps Team Lead" and left
    # out the one figure for that title ($137,700, "may be conservative").
    draft = bot.handle(Request(text="draft jd mlops team lead, toronto"))
    assert isinstance(draft, JobDescription)
    notes = " ".join(draft.notes)
    assert "The knowledge base's own figure for the MLOps Team Lead is $137,700" in notes
    assert "for an MLOps Team Lead in Toronto" in notes


@pytest.mark.parametrize(
    ("first", "then", "closest"),
    [
        (
            "what infra automation tools should i know",
            "is pulumi ok instead?",
            "Experience with infrastructure automation (Ansible, Terraform)",
        ),
        (
            "which ci/cd tools does a lead need",
            "is circleci fine?",
            "Proficiency in tools like Jenkins, GitHub Actions, or Azure DevOps",
        ),
    ],
)
def test_a_tool_the_guide_never_names_is_declined_with_what_it_does_list(
    bot: RoleBot, first: str, then: str, closest: str
) -> None:
    # "I couldn't find that in the knowledge base" and the topic menu, dropping the thread.
    reply = follow(bot, first, then)
    assert not reply.found
    assert reply.answer.splitlines()[1] == messages.CLOSEST
    assert closest in reply.answer


def test_shorter_shortens_the_answer_to_a_question_typed_with_a_typo(bot: RoleBot) -> None:
    # "shorter pls" re-asked the earlier question unmended and shortened Career Development.
    reply = follow(bot, "what are the main responsibilites of a lead mlops eng?", "shorter pls")
    assert reply.answer.startswith("Overview › Key Responsibilities [1]:")


def test_which_alone_after_a_dash_picks_from_the_choice_before_it(bot: RoleBot) -> None:
    # The Overview came back: "which does a lead mlops need to know" was asked alone.
    reply = answer(bot, "mlflow or kubeflow - which does a lead mlops need to know")
    assert "MLflow" in reply.answer.splitlines()[0]


def test_cs_is_computer_science(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "cs"'
    reply = follow(bot, "what degree do u need for lead mlops", "does it have to be CS?")
    assert reply.found
    assert "Computer Science, Engineering, Data Science, or a related field" in reply.answer


def test_top_n_keeps_that_many_lines(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "top"'
    reply = follow(bot, "what are the key responsibilities?", "top 2 only pls")
    assert [line.startswith("- ") for line in reply.answer.splitlines()[1:3]] == [True, True]
    assert reply.answer.splitlines()[3].startswith("…and 3 more")


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("does the EU AI Act require the lead to run bias audits before deployment?", "EU AI Act"),
        ("which SOC 2 controls must a lead mlops engineer implement?", "SOC 2"),
        ("what does GDPR require for storing training data?", "GDPR"),
    ],
)
def test_a_law_the_guide_never_names_is_declined_by_name(
    bot: RoleBot, question: str, named: str
) -> None:
    # The compliance and bias lines came back as if they said what the law requires.
    reply = answer(bot, question)
    assert not reply.found
    assert f'"{named}"' in reply.answer.splitlines()[0]
    assert answer(bot, "what does a lead do for compliance?").found


def test_a_law_named_in_a_follow_up_is_declined_too(bot: RoleBot) -> None:
    reply = follow(
        bot,
        "what does the guide say about compliance for a lead?",
        "does HIPAA require we keep model retraining logs for 6 years?",
    )
    assert not reply.found


def test_what_one_named_employer_requires_is_company_specific(bot: RoleBot) -> None:
    # "Bachelor's or Master's degree…" read as DeepMind's requirement.
    reply = answer(bot, "is a PhD required for lead mlops roles at DeepMind?")
    assert not reply.found
    cloud = answer(bot, "we're on aws, what does the lead need to know about google cloud?")
    assert cloud.found


def test_explain_after_a_clause_of_context_is_still_a_definition(bot: RoleBot) -> None:
    reply = answer(
        bot,
        "lead mlops engineers need a deep understanding of ML concepts, so can you explain how "
        "gradient boosting works?",
    )
    assert not reply.found
    assert '"gradient boosting"' in reply.answer


def test_a_slash_jd_typed_in_a_message_is_a_draft(bot: RoleBot) -> None:
    # The Industry Trends list came back.
    draft = bot.handle(Request(text="/jd lead mlops engineer, london, ecommerce"))
    assert isinstance(draft, JobDescription)
    assert "**Location:** London" in draft.markdown


def test_remote_then_an_industry_is_not_a_place() -> None:
    # "**Location:** Remote (Gaming)" and no pay.
    from bot.jobdesc.options import parse_jd_options

    job = parse_jd_options("jd mlops team lead remote, gaming")
    assert (job.remote, job.location, job.industry) == (True, None, "gaming")
    assert parse_jd_options("jd lead mlops engineer remote, berlin").location == "Berlin"


@pytest.mark.parametrize(
    "question",
    [
        "what does a platform engineering lead need to know about kubernetes?",
        "what should an analytics lead be responsible for around dashboards and KPIs?",
    ],
)
def test_a_fields_lead_is_another_role(bot: RoleBot, question: str) -> None:
    # Both got MLOps-guide lines as the other lead's duties.
    reply = answer(bot, question)
    assert not reply.found
    assert "not a" in reply.answer.splitlines()[0] and "lead" in reply.answer.splitlines()[0]


def test_a_kind_of_figure_asked_before_is_kept_and_its_absence_said(bot: RoleBot) -> None:
    # "and for a lead?" after "median mlops salary" opened "Typical range: …" as if it were
    # the median.
    history = [Turn("user", "median mlops salary")]
    history.append(Turn("assistant", "Salary figures from the knowledge base for MLOps Engineer."))
    reply = bot.handle(Request(text="and for a lead?", history=history))
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith("The knowledge base has no median figure for this role;")


def test_who_is_no_role_to_look_up(bot: RoleBot) -> None:
    # 'I don't have salary figures for “who”.'
    reply = bot.handle(Request(text="who earns more on average, a team lead or a senior?"))
    assert isinstance(reply, SalaryResult) and reply.found
    assert {f.level for f in reply.ranges} == {"senior", "team lead"}


def test_why_those_asks_the_reason(bot: RoleBot) -> None:
    # Trend lines came back for "why those?".
    reply = follow(bot, "which industries need mlops leads", "why those?")
    assert reply.answer.startswith(messages.REASONS_INTRO)
    assert "These sectors require experts" in reply.answer


def test_why_finds_the_purpose_under_a_heading_on_the_same_subject(bot: RoleBot) -> None:
    # "The knowledge base doesn't give reasons beyond what I quoted", although the guide
    # says containers package models and their dependencies.
    reply = follow(bot, "what tools for containerization?", "why?")
    assert reply.answer.startswith(messages.REASONS_INTRO)
    assert "Use containers (e.g., Docker) to package ML models and dependencies" in reply.answer


def test_a_must_have_is_asked_as_a_requirement(bot: RoleBot) -> None:
    # It opened with a best-practice line and put the requirement last.
    reply = answer(bot, "is kuberentes a must-have for lead mlops?")
    assert reply.answer.startswith("Expertise in Docker and Kubernetes [1]")


@pytest.mark.parametrize(
    "question", ["is this a people mgmt role or more IC", "is the lead a people manager?"]
)
def test_people_management_is_team_management(bot: RoleBot, question: str) -> None:
    # It opened with "Proficiency in ML lifecycle management tools (MLflow, Kubeflow)", or
    # said the guide does not describe "a people manager".
    reply = answer(bot, question)
    assert reply.answer.startswith("Team Management: Develop skills to effectively manage")


def test_which_pays_more_after_a_comparison_looks_both_up(bot: RoleBot) -> None:
    # Mid-level figures and the pay factors came back, with no lead figure.
    history = [Turn("user", "how does a lead mlops eng compare to a senior mlops eng?")]
    history.append(Turn("assistant", answer(bot, history[0].text).answer))
    reply = bot.handle(Request(text="which pays more?", history=history))
    assert isinstance(reply, SalaryResult)
    assert {f.level for f in reply.ranges} == {"senior", "lead"}


def test_a_tools_numbered_releases_are_tool_facts(bot: RoleBot) -> None:
    # The MLflow/Kubeflow proficiency line came back as if it compared the releases.
    reply = answer(bot, "what's the difference between Kubeflow Pipelines v1 and v2?")
    assert not reply.found


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("which region leads the mlops market", "Geographic Trends: North America leads"),
        ("who are the big players pushing mlops adoption", "Key Players: Major tech companies"),
        ("who's leading in fully automated ML platforms?", "Technological Advancements:"),
    ],
)
def test_asked_first_which_or_who_leads_gets_its_one_line(
    bot: RoleBot, question: str, line: str
) -> None:
    # The answer line came second or last among market-growth and demand lines.
    lines = answer(bot, question).answer.splitlines()
    assert lines[0].startswith(line)
    assert len(lines) == 1


def test_which_is_faster_between_names_on_different_lines_says_it_is_not_compared(
    bot: RoleBot,
) -> None:
    # The SageMaker and Kubeflow lines came back as if they answered "which is faster".
    reply = answer(bot, "for model serving, which is faster: kubeflow or sagemaker endpoints?")
    assert reply.answer.startswith(
        "The knowledge names Kubeflow and SageMaker but doesn't say which is faster."
    )


@pytest.mark.parametrize(
    "question",
    [
        "who is on our MLOps team right now and who's the current lead?",
        "explain how a Kolmogorov-Smirnov test detects data drift in production features",
    ],
)
def test_seventh_review_near_misses_are_declined(bot: RoleBot, question: str) -> None:
    assert not answer(bot, question).found


def test_a_posting_does_not_talk_about_the_knowledge_base(bot: RoleBot) -> None:
    # "For a role in Finance, the knowledge base notes:" and "In the knowledge base's career
    # progression…" in the posting itself.
    draft = bot.handle(Request(text="draft a JD for a senior mlops engineer in berlin, fintech"))
    assert isinstance(draft, JobDescription)
    # (the placeholders to replace before posting may say where to look)
    posting = re.sub(r"\[TODO:[^\]]*\]", "", draft.markdown.split("## Reviewer notes")[0])
    assert "knowledge base" not in posting
    assert "Why Finance needs this role:" in posting


def test_the_lowest_we_could_offer_is_the_lower_end(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "lowest" or "reasonably"'
    reply = bot.handle(
        Request(text="whats the lowest we could reasonably offer a lead mlops engineer")
    )
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith("Lower end: $180,000 a year")


def test_a_place_typed_after_the_role_of_a_jd_is_its_location() -> None:
    # "/jd lead mlops engineer toronto" dropped Toronto and posted the US range.
    from bot.jobdesc.options import parse_jd_options

    assert parse_jd_options("/jd lead mlops engineer toronto").location == "Toronto"


def test_hard_skills_are_the_technical_skills(bot: RoleBot) -> None:
    assert answer(bot, "what hard skills does a lead need?").answer.startswith(
        "Technical Skills [1]:"
    )


def test_and_for_monitoring_after_a_question_with_no_topic_phrase(bot: RoleBot) -> None:
    # It opened with the Monitoring Issues challenge, not the monitoring duties.
    reply = follow(bot, "what would our lead own day to day", "and for monitoring?")
    assert reply.answer.startswith("Performance Monitoring and Optimization [1]:")
    # a yes/no question's object is replaced, not added to
    helm = follow(bot, "do leads need k8s?", "what about helm?")
    assert not helm.found


def test_which_cities_pay_more_is_the_location_factor(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "cities"', or a table of the lead's upper ends.
    reply = follow(bot, "what drives salary differences for mlops leads", "which cities pay more?")
    assert reply.answer.startswith("Location: Major tech hubs like San Francisco")
    alone = answer(bot, "which cities pay the most for mlops leads?")
    assert alone.answer.startswith("Location: Major tech hubs like San Francisco")


def test_how_does_that_compare_to_a_level_stays_a_lookup(bot: RoleBot) -> None:
    # The career ladder came back on the third turn.
    history = [
        Turn("user", "salary for lead mlops?"),
        Turn("assistant", "Salary figures from the knowledge base for Lead MLOps Engineer."),
        Turn("user", "what about senior mlops?"),
        Turn("assistant", "Salary figures from the knowledge base for MLOps Engineer."),
    ]
    reply = bot.handle(Request(text="how does that compare to mid-level?", history=history))
    assert isinstance(reply, SalaryResult)
    assert {f.level for f in reply.ranges} == {"mid-level"}


def test_clouds_are_the_cloud_platforms(bot: RoleBot) -> None:
    # It opened with "Optimize resource usage to reduce computational costs".
    assert answer(bot, "which clouds matter for this gig").answer.startswith("Cloud Platforms [1]:")


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("", "hiring a lead mlops eng for the first time, what should i actually be looking for?"),
        ("", "do we really need a lead for our first mlops hire or would a senior do?"),
        ("do certifications matter when we screen?", "are they required though?"),
    ],
)
def test_first_and_though_are_no_topic(bot: RoleBot, first: str, then: str) -> None:
    # 'The knowledge base never mentions "first"', '… "though"'
    reply = follow(bot, first, then) if first else answer(bot, then)
    assert reply.found
    # "the first 90 days" is still a topic the guide never covers
    assert not answer(bot, "what's expected in the first 90 days?").found


def test_worth_more_between_two_named_things_is_not_answered_as_a_verdict(bot: RoleBot) -> None:
    reply = answer(bot, "Which MLOps certification is worth more, AWS or Azure?")
    assert reply.answer.startswith(
        "The knowledge lists AWS and Azure together and doesn't say which is worth more."
    )


def test_paste_me_a_yaml_is_an_artifact_the_guide_does_not_give(bot: RoleBot) -> None:
    reply = answer(
        bot,
        "Can you paste a GitHub Actions workflow YAML that retrains the model when data drift "
        "is detected?",
    )
    assert not reply.found


def test_make_it_hybrid_after_a_remote_draft_is_no_longer_remote(bot: RoleBot) -> None:
    # "(Remote)" stayed in the title after "make it hybrid".
    first = "jd lead mlops engineer, remote"
    history = [Turn("user", first), Turn("assistant", "# Lead MLOps Engineer (Remote)")]
    draft = bot.handle(Request(text="make it hybrid", history=history))
    assert isinstance(draft, JobDescription)
    assert "(Remote)" not in draft.title
    assert "Hybrid" in draft.markdown.split("## About us")[0]


def test_a_team_lead_draft_with_no_pay_does_not_say_it_posts_one(bot: RoleBot) -> None:
    # "The draft posts the figure for the Lead MLOps Engineer" beside a pay TODO.
    draft = bot.handle(Request(text="draft jd mlops team lead, seattle"))
    assert isinstance(draft, JobDescription)
    assert not any("The draft posts" in note for note in draft.notes)
    assert any("own figure for the MLOps Team Lead is $137,700" in n for n in draft.notes)


def test_how_do_you_fix_the_named_one_gets_that_challenges_solution(bot: RoleBot) -> None:
    # Declined as step-by-step tool instructions.
    reply = follow(
        bot, "what are the common challenges for mlops leads", "how do u fix the data mgmt one?"
    )
    assert reply.answer.splitlines() == [
        "Data Management [1]:",
        "- Solution: Implement robust data governance, cataloging tools, and a central data "
        "repository",
    ]


def test_getting_notified_when_something_breaks_is_the_alerts(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "notified" or "breaks"'
    reply = follow(
        bot,
        "what should a lead monitor for models in prod",
        "how do they get notified when stuff breaks?",
    )
    assert reply.found
    assert "Establish alerts for performance anomalies" in reply.answer


def test_problems_a_new_lead_runs_into_are_the_challenges(bot: RoleBot) -> None:
    # Demand and market lines came back.
    reply = answer(bot, "what problems will the new lead run into in the first few months")
    assert reply.answer.startswith("Common Challenges [1]:")


def test_which_pays_more_says_which_first(bot: RoleBot) -> None:
    # Five figures and no comparison: "it never says how much more".
    reply = bot.handle(Request(text="how much more does a lead make vs a senior mlops engineer?"))
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith(
        "Higher: Lead MLOps Engineer, $190,000–$230,000 a year (Typical range), against MLOps "
        "Engineer (senior), $172,820–$180,000 a year (US range for senior roles)."
    )


@pytest.mark.parametrize(
    ("first", "then", "closest"),
    [
        (
            "what ml frameworks are expected for this role",
            "is jax on that list?",
            "Experience with frameworks like TensorFlow, PyTorch, Keras, and Scikit-Learn",
        ),
        (
            "what ci/cd tools should a lead know",
            "is circleci included?",
            "Proficiency in tools like Jenkins, GitHub Actions, or Azure DevOps",
        ),
    ],
)
def test_is_x_on_that_list_quotes_the_list_it_is_not_on(
    bot: RoleBot, first: str, then: str, closest: str
) -> None:
    # The topic menu came back instead of the list the thread was about.
    reply = follow(bot, first, then)
    assert not reply.found
    assert closest in reply.answer


def test_a_lists_closing_sentence_is_quoted_only_when_it_answers(bot: RoleBot) -> None:
    # "These ranges reflect the high demand…" and "As the field continues to evolve…" were
    # attached to answers about equity and pay factors.
    equity = answer(bot, "is equity part of the package?")
    assert equity.answer.startswith("Stock options or equity grants [1]")
    assert "These ranges reflect" not in equity.answer
    # asked why, it is the answer
    why = answer(bot, "why are lead mlops salaries so high?")
    assert why.answer.startswith("These ranges reflect the high demand for Lead MLOps Engineers")


@pytest.mark.parametrize(
    "question",
    [
        "which soft skills matter most when we interview for this role",
        "top soft skills for an mlops lead?",
    ],
)
def test_which_matter_most_and_top_are_rankings_the_guide_does_not_make(
    bot: RoleBot, question: str
) -> None:
    # The list came back as if ranked, and "top" cut it to five without Communication.
    reply = answer(bot, question)
    assert reply.answer.startswith(messages.NOT_RANKED)
    assert "Communication" in reply.answer


def test_a_reply_saying_what_its_figures_are_not_still_continues_the_lookup(bot: RoleBot) -> None:
    # A slash command's text ("director mlops engineer") names no pay; the reply's first line
    # is what marks the exchange as a salary one.
    first = bot.handle(Request(text="director mlops engineer", intent="salary"))
    assert isinstance(first, SalaryResult)
    assert first.message.startswith("The knowledge base has no director")
    history = [Turn("user", "director mlops engineer"), Turn("assistant", str(first.message))]
    reply = bot.handle(Request(text="and in seattle?", history=history))
    assert isinstance(reply, SalaryResult)


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("how much more does a lead mlops make vs a senior?", "Higher: Lead MLOps Engineer"),
        (
            "how much would a lead mlops engineer cost us in london?",
            "The knowledge base has no salary figures for London;",
        ),
    ],
)
def test_ninth_review_pay_wordings_are_lookups(bot: RoleBot, question: str, first: str) -> None:
    # The first was answered as a general question with no lead figure, the second declined
    # as never mentioning London.
    reply = bot.handle(Request(text=question))
    assert isinstance(reply, SalaryResult)
    assert reply.message.startswith(first)
    # a thing's cost is still no pay
    assert not answer(bot, "how much does an aws certification cost?").found


def test_bls_is_the_bureau_of_labor_statistics(bot: RoleBot) -> None:
    reply = answer(bot, "what job growth % does BLS give for mlops engineers")
    assert reply.found
    assert "21%" in reply.answer.splitlines()[0]


def test_is_one_faster_than_the_other_is_a_choice_the_guide_does_not_make(bot: RoleBot) -> None:
    # The skill lines came back as if they said Kubeflow is faster.
    reply = answer(bot, "is Kubeflow faster than MLflow for running training pipelines?")
    assert reply.answer.startswith(
        "The knowledge lists Kubeflow and MLflow together and doesn't say which is faster."
    )
