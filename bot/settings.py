"""All configuration, from environment variables and ``.env``: the only reader of the environment.

Names follow each ecosystem's convention (``OPENAI_API_KEY``, ``SLACK_BOT_TOKEN``,
``MICROSOFT_APP_ID``, ``CHROMA_HOST``); rolebot's own knobs are ``ROLEBOT_*``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, ByteSize, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError
from bot.knowledge.documents import DEFAULT_MAX_FILE_BYTES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The wheel maps the repository's top-level knowledge/, prompts/ and eval/ here (pyproject.toml).
BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"
# Six exchanges (ROLEBOT_HISTORY_TURNS).
DEFAULT_HISTORY_TURNS = 12


def bundled(name: str) -> Path:
    """A directory shipped with rolebot: in the installed package, or in the checkout that
    runs from source (where ``bot/bundled`` does not exist)."""
    packaged = BUNDLED_DIR / name
    return packaged if packaged.is_dir() else PROJECT_ROOT / name


def default_knowledge_dir() -> Path:
    """``./knowledge`` when the working directory has one, else the bundled guide."""
    local = Path("knowledge")
    return local if local.is_dir() else bundled("knowledge")


CommaList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    """rolebot's settings. Build once with :func:`load_settings` and pass the object in."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        # `OPENAI_API_KEY=` (set but empty, in the environment or .env) means "not set":
        # an empty value must never switch a feature on or override a default.
        env_ignore_empty=True,
        extra="ignore",
        populate_by_name=True,
        case_sensitive=False,
    )

    # Knowledge and index
    data_dir: Path = Field(Path(".rolebot"), validation_alias="ROLEBOT_DATA_DIR")
    knowledge_dir: Path = Field(
        default_factory=default_knowledge_dir, validation_alias="ROLEBOT_KNOWLEDGE_DIR"
    )
    prompts_dir: Path = Field(
        default_factory=lambda: bundled("prompts"), validation_alias="ROLEBOT_PROMPTS_DIR"
    )
    eval_path: Path = Field(
        default_factory=lambda: bundled("eval") / "questions.yaml",
        validation_alias="ROLEBOT_EVAL_PATH",
    )
    chroma_host: str | None = Field(None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(8000, ge=1, le=65535, validation_alias="CHROMA_PORT")
    chroma_auth_token: SecretStr | None = Field(None, validation_alias="CHROMA_AUTH_TOKEN")
    # A larger knowledge file is refused unread ("2MiB", "500KB" or bytes).
    max_knowledge_file_size: ByteSize = Field(
        ByteSize(DEFAULT_MAX_FILE_BYTES), gt=0, validation_alias="ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE"
    )

    # Embeddings
    embeddings: Literal["local", "openai"] = Field("local", validation_alias="ROLEBOT_EMBEDDINGS")
    openai_embedding_model: str = Field(
        "text-embedding-3-small", validation_alias="ROLEBOT_OPENAI_EMBEDDING_MODEL"
    )

    # Retrieval and answers
    top_k: int = Field(4, ge=1, le=20, validation_alias="ROLEBOT_TOP_K")
    min_relevance: float | None = Field(None, ge=0, le=1, validation_alias="ROLEBOT_MIN_RELEVANCE")
    max_question_chars: int = Field(2000, ge=50, validation_alias="ROLEBOT_MAX_QUESTION_CHARS")
    # Earlier turns of a thread or conversation a reply may use, on every platform: enough
    # for follow-ups, small enough for a prompt.
    history_turns: int = Field(
        DEFAULT_HISTORY_TURNS, ge=2, le=100, validation_alias="ROLEBOT_HISTORY_TURNS"
    )

    # Generation (any OpenAI-compatible server)
    openai_api_key: SecretStr | None = Field(None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, validation_alias="OPENAI_BASE_URL")
    llm_model: str = Field("gpt-4o-mini", validation_alias="ROLEBOT_LLM_MODEL")
    llm_timeout: float = Field(20.0, gt=0, le=300, validation_alias="ROLEBOT_LLM_TIMEOUT")
    llm: Literal["auto", "off"] = Field("auto", validation_alias="ROLEBOT_LLM")
    # The most tokens the model may write for one chat answer: a chat reply, not an essay.
    # JD polishing rewrites a whole draft and may use bot.llm.JD_POLISH_TOKEN_FACTOR times as many.
    llm_max_tokens: int = Field(600, ge=50, le=8000, validation_alias="ROLEBOT_LLM_MAX_TOKENS")

    # Feedback and logs
    feedback_db: Path | None = Field(None, validation_alias="ROLEBOT_FEEDBACK_DB")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", validation_alias="ROLEBOT_LOG_LEVEL"
    )
    # /healthz, /readyz and /metrics for `rolebot serve`; None means 9100, 0 turns them off.
    metrics_port: int | None = Field(None, ge=0, le=65535, validation_alias="ROLEBOT_METRICS_PORT")

    # Several replicas: Redis for shared short-lived state (re-delivery keys, Teams
    # conversation state, Slack thread cache, rate limits), a SQL database for feedback.
    # Both optional; without them every replica keeps its own (the single-process default).
    redis_url: SecretStr | None = Field(None, validation_alias="ROLEBOT_REDIS_URL")
    database_url: SecretStr | None = Field(None, validation_alias="ROLEBOT_DATABASE_URL")
    # Questions one person may ask per minute, across every replica and platform (0 = no
    # limit): a person types a few a minute, a loop or a script hundreds, and each may cost
    # a paid model call.
    rate_limit_per_minute: int = Field(
        20, ge=0, le=100_000, validation_alias="ROLEBOT_RATE_LIMIT_PER_MINUTE"
    )

    # Slack
    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field("https://slack.com/api/", validation_alias="SLACK_API_URL")
    slack_allowed_teams: CommaList = Field([], validation_alias="ROLEBOT_SLACK_ALLOWED_TEAMS")
    # Who may see salary figures (see bot.policy): Slack user and channel IDs here, Teams
    # users' AAD object ids and Teams channel ids below. Any list set restricts every chat
    # platform; all empty means everyone may.
    salary_allowed_users: CommaList = Field([], validation_alias="ROLEBOT_SALARY_ALLOWED_USERS")
    salary_allowed_channels: CommaList = Field(
        [], validation_alias="ROLEBOT_SALARY_ALLOWED_CHANNELS"
    )

    # Microsoft Teams (Bot Framework's usual names)
    microsoft_app_id: str | None = Field(None, validation_alias="MICROSOFT_APP_ID")
    microsoft_app_password: SecretStr | None = Field(
        None, validation_alias="MICROSOFT_APP_PASSWORD"
    )
    microsoft_app_type: Literal["MultiTenant", "SingleTenant", "UserAssignedMSI"] = Field(
        "MultiTenant", validation_alias="MICROSOFT_APP_TYPE"
    )
    microsoft_app_tenant_id: str | None = Field(None, validation_alias="MICROSOFT_APP_TENANT_ID")
    teams_state_dir: Path | None = Field(None, validation_alias="ROLEBOT_TEAMS_STATE_DIR")
    teams_salary_allowed_users: CommaList = Field(
        [], validation_alias="ROLEBOT_TEAMS_SALARY_ALLOWED_USERS"
    )
    teams_salary_allowed_channels: CommaList = Field(
        [], validation_alias="ROLEBOT_TEAMS_SALARY_ALLOWED_CHANNELS"
    )
    # Who publishes the Teams app, shown on its details page (`rolebot teams-package`).
    teams_developer_name: str | None = Field(None, validation_alias="ROLEBOT_TEAMS_DEVELOPER_NAME")
    teams_website_url: str | None = Field(None, validation_alias="ROLEBOT_TEAMS_WEBSITE_URL")
    teams_privacy_url: str | None = Field(None, validation_alias="ROLEBOT_TEAMS_PRIVACY_URL")
    teams_terms_url: str | None = Field(None, validation_alias="ROLEBOT_TEAMS_TERMS_URL")
    # Local mode (no MICROSOFT_APP_ID) authenticates nobody and replies to whatever
    # serviceUrl an activity names, so it serves this machine only unless this is set.
    teams_allow_anonymous_remote: bool = Field(
        False, validation_alias="ROLEBOT_TEAMS_ALLOW_ANONYMOUS_REMOTE"
    )

    @field_validator(
        "slack_allowed_teams",
        "salary_allowed_users",
        "salary_allowed_channels",
        "teams_salary_allowed_users",
        "teams_salary_allowed_channels",
        mode="before",
    )
    @classmethod
    def _split_commas(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator(
        "openai_api_key",
        "openai_base_url",
        "chroma_host",
        "chroma_auth_token",
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "microsoft_app_id",
        "microsoft_app_password",
        "microsoft_app_tenant_id",
        "min_relevance",
        "metrics_port",
        "feedback_db",
        "teams_state_dir",
        "teams_developer_name",
        "teams_website_url",
        "teams_privacy_url",
        "teams_terms_url",
        "redis_url",
        "database_url",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        """A blank optional setting is unset, however it arrived (environment, .env, code)."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(
            ("redis://", "rediss://", "unix://")
        ):
            raise ValueError("use a redis://, rediss:// or unix:// URL")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_scheme(cls, value: SecretStr | None) -> SecretStr | None:
        """PostgreSQL (through psycopg, the driver rolebot ships) or SQLite; the URL is
        checked here so a typo stops start-up with one line instead of a driver traceback."""
        if value is None:
            return None
        url = value.get_secret_value()
        scheme, sep, rest = url.partition("://")
        if not sep:
            raise ValueError("use a postgresql://user:password@host/dbname or sqlite:/// URL")
        dialect = scheme.split("+", 1)[0].lower()
        if dialect in ("postgresql", "postgres"):
            return SecretStr(f"postgresql+psycopg://{rest}")
        if dialect == "sqlite":
            return value
        raise ValueError("use a postgresql://user:password@host/dbname or sqlite:/// URL")

    @property
    def llm_enabled(self) -> bool:
        """Generation is on when a key or an OpenAI-compatible server is configured."""
        if self.llm == "off":
            return False
        return self.openai_api_key is not None or self.openai_base_url is not None

    @property
    def knowledge_is_bundled(self) -> bool:
        """True when the knowledge is the guide shipped with rolebot (nothing chose another)."""
        return "knowledge_dir" not in self.model_fields_set and self.knowledge_dir == bundled(
            "knowledge"
        )

    def require_slack(self) -> None:
        """Raise :class:`ConfigError` unless the Slack settings the configured mode needs are
        set: the bot token always, and the signing secret for HTTP (not Socket) mode."""
        if self.slack_bot_token is None:
            raise ConfigError("SLACK_BOT_TOKEN is not set; copy the Bot User OAuth Token (xoxb-…).")
        if self.slack_app_token is None and self.slack_signing_secret is None:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is not set; HTTP mode needs it to verify requests "
                "(or set SLACK_APP_TOKEN to use Socket Mode)."
            )

    @property
    def feedback_path(self) -> Path:
        return self.feedback_db or self.data_dir / "feedback.sqlite3"


def _env_name(loc: tuple[int | str, ...]) -> str:
    field_name = str(loc[0]) if loc else "setting"
    info = Settings.model_fields.get(field_name)
    alias = info.validation_alias if info else None
    if isinstance(alias, str):
        return alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return field_name.upper()


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning a validation failure into one clear :class:`ConfigError`."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].rstrip(".")
        raise ConfigError(f"Invalid setting {_env_name(first['loc'])}: {message}.") from None
