"""Microsoft Teams adapter: Bot Framework activities in, Adaptive Cards out.

Everything Teams-specific lives here; the engine in ``bot/`` only ever sees a
:class:`bot.models.Request` and returns a :class:`bot.models.Reply`.
"""
