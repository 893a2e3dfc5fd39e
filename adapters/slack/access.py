"""Which Slack workspaces rolebot serves: the optional allow-list in settings.

An empty list allows everyone. Who may see salary figures is decided by the engine for
every platform alike (``bot.salary_policy``), from the ids each ``Request`` carries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot import Settings


@dataclass(frozen=True)
class AccessPolicy:
    """The workspaces rolebot serves."""

    teams: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls, settings: Settings) -> AccessPolicy:
        return cls(teams=frozenset(settings.slack_allowed_teams))

    def serves(self, team_ids: Iterable[str | None]) -> bool:
        """False when any workspace involved (the app's or the sender's) is not allowed."""
        if not self.teams:
            return True
        return all(team in self.teams for team in team_ids if team)
