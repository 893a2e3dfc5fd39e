"""Who may use the bot, and who may see salary figures: the optional allow-lists in settings.

An empty list allows everyone. The salary lists add up: a user on the user list may look up
salaries anywhere, and anyone may in a channel on the channel list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.settings import Settings


@dataclass(frozen=True)
class AccessPolicy:
    """The workspaces rolebot serves and the people and places allowed salary figures."""

    teams: frozenset[str] = frozenset()
    salary_users: frozenset[str] = frozenset()
    salary_channels: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: Settings) -> AccessPolicy:
        return cls(
            teams=frozenset(settings.slack_allowed_teams),
            salary_users=frozenset(settings.salary_allowed_users),
            salary_channels=frozenset(settings.salary_allowed_channels),
        )

    def serves(self, team_ids: Iterable[str | None]) -> bool:
        """False when any workspace involved (the app's or the sender's) is not allowed."""
        if not self.teams:
            return True
        return all(team in self.teams for team in team_ids if team)

    def allows_salary(self, user_id: str | None, channel_id: str | None) -> bool:
        if not self.salary_users and not self.salary_channels:
            return True
        return user_id in self.salary_users or channel_id in self.salary_channels
