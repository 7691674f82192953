# The tablet app with its system packages. Same app as scripts/start, on the embedded defaults.
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-vie \
      tesseract-ocr-chi-sim libzbar0 libgl1 libglib2.0-0 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 checkpoint
WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY checkpoint ./checkpoint
COPY scanners ./scanners
COPY ocr ./ocr
COPY templates ./templates
RUN pip install --no-cache-dir -e . \
 && pybabel compile -d checkpoint/translations \
 && mkdir -p /app/instance && chown checkpoint: /app/instance

USER checkpoint
ENV CHECKPOINT_SESSION_COOKIE_SECURE=0
EXPOSE 8000
VOLUME ["/app/instance"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["sh", "-c", "checkpoint init && exec checkpoint serve --host 0.0.0.0 --port 8000"]
