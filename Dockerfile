# The tablet app on Debian 12, set up by the same scripts as a tablet (README): scripts/install when the image is
# built, scripts/start (which finds everything installed and runs init, then serve) when it starts.
FROM debian:bookworm-slim

# curl: the healthcheck below.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml setup.py MANIFEST.in README.md babel.cfg ./
COPY requirements ./requirements
COPY scripts ./scripts
COPY checkpoint ./checkpoint
COPY scanners ./scanners
COPY ocr ./ocr
COPY templates ./templates
RUN scripts/install \
 && rm -rf /var/lib/apt/lists/* /root/.cache/pip \
 && useradd --create-home --uid 10001 checkpoint \
 && mkdir -p /app/instance && chown checkpoint: /app/instance

USER checkpoint
ENV CHECKPOINT_HOST=0.0.0.0 CHECKPOINT_PORT=8000 CHECKPOINT_SESSION_COOKIE_SECURE=0
EXPOSE 8000
VOLUME ["/app/instance"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["scripts/start"]
