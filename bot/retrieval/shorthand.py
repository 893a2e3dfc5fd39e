"""Chat shorthand people type in Slack ("prod", "infra", "yrs") spelled out for retrieval.

General engineering and workplace shorthand, not tied to any one knowledge document: the
knowledge is written out in full, so without this "prod" never meets "production".
"""

from __future__ import annotations

import re

SHORTHAND: dict[str, str] = {
    "prod": "production",
    "infra": "infrastructure",
    "yrs": "years",
    "yr": "year",
    "yoe": "years of experience",
    "exp": "experience",
    "comp": "compensation",
    "tc": "total compensation",
    "k8s": "kubernetes",
    "eng": "engineering",
    "ds": "data science",
    "de": "data engineering",
    "mgmt": "management",
    "mgr": "manager",
    "ops": "operations",
    "reqs": "requirements",
    "req": "requirement",
    "certs": "certifications",
    "cert": "certification",
    "libs": "libraries",
    "lib": "library",
    "repo": "repository",
    "repos": "repositories",
    "env": "environment",
    "envs": "environments",
    "perf": "performance",
    "obs": "observability",
    "iac": "infrastructure as code automation",
    "ci": "continuous integration",
    "cd": "continuous deployment",
    "jd": "job description",
    "wfh": "remote work",
    "pto": "paid time off",
    "hpo": "hyperparameter optimization",
    "mle": "machine learning engineer",
    "swe": "software engineer",
    "sre": "site reliability engineering",
    "ai/ml": "ai machine learning",
    "gcp": "gcp google cloud",
    "aws": "aws amazon web services",
}

_WORD = re.compile(r"[A-Za-z0-9/]+")


def expand_shorthand(text: str) -> str:
    """``text`` plus the spelled-out form of any shorthand in it (the original is kept)."""
    extra = [SHORTHAND[w.lower()] for w in _WORD.findall(text) if w.lower() in SHORTHAND]
    if "infra-as-code" in text.lower() or "infra as code" in text.lower():
        extra.append(SHORTHAND["iac"])
    return f"{text} ({'; '.join(extra)})" if extra else text
