"""rolebot core: knowledge base, retrieval, answers, salaries and job descriptions.

Nothing in this package imports a chat-platform SDK; adapters translate to and from it.
"""

__version__ = "0.1.0"
