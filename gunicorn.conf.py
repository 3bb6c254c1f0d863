"""gunicorn settings for the gerp-nlp API (each can be set by environment variable).

Run: gunicorn --config gunicorn.conf.py "api:create_app()"
"""
import os
import sys

bind = os.environ.get("GERP_NLP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GERP_NLP_WORKERS", "2"))
threads = int(os.environ.get("GERP_NLP_THREADS", "1"))
timeout = int(os.environ.get("GERP_NLP_TIMEOUT", "30"))
graceful_timeout = 10
preload_app = True  # the model and rules load once in the master, workers share the pages
max_requests = int(os.environ.get("GERP_NLP_MAX_REQUESTS", "0"))
accesslog = None  # the app logs one line per request itself, without bodies
loglevel = os.environ.get("GERP_NLP_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "loggers": {
        "gerp_nlp": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def on_starting(server):
    """Refuse to start, with one clear line, when the model or rulebook cannot be loaded."""
    from api import default_config
    from nlp.model_io import ModelError
    from nlp.rulebook import RulebookError
    from nlp.service import ServiceState

    cfg = default_config()
    try:
        ServiceState(cfg["MODELS_DIR"], cfg["MODEL_FILE"], cfg["RULES_PATH"]).load()
    except (ModelError, RulebookError) as exc:
        print(f"gerp-nlp: cannot start: {exc}", file=sys.stderr, flush=True)
        os._exit(1)
