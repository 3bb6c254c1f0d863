"""gunicorn settings for the gerp-nlp API (each can be set by environment variable).

Run: gunicorn --config gunicorn.conf.py "api:create_app()"
"""
import gc
import os
import sys

# No cyclic garbage collection while the master loads: the model, the rulebook and the learned
# rules' weight tables are a few hundred thousand long-lived objects that each collection would
# walk again (~0.35 s of the start). `when_ready` turns it back on and freezes what was loaded, so
# later collections skip it and forked workers keep sharing those pages (collections write to them).
gc.disable()

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
    # gunicorn merges this dict over its defaults, whose root logger names a "console" handler
    # that no longer exists: without our own root, gunicorn cannot start ("Unable to configure root logger")
    "root": {"level": "WARNING", "handlers": ["stderr"]},
    "loggers": {
        "gerp_nlp": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def _check_or_exit():
    """Refuse to start, with one clear line, when the model or rulebook cannot be used.

    Runs when gunicorn reads this file, before the app is preloaded, so a missing
    or broken model never shows a traceback.
    """
    from api import default_config
    from nlp.model_io import ModelError, check_versions, read_card
    from nlp.rulebook import RulebookError, load_rulebook
    from nlp.service import ServiceState

    cfg = default_config()
    try:
        path = ServiceState(cfg["MODELS_DIR"], cfg["MODEL_FILE"], cfg["RULES_PATH"]).model_path
        check_versions(read_card(path), path)
        load_rulebook(cfg["RULES_PATH"])
    except (ModelError, RulebookError) as exc:
        print(f"gerp-nlp: cannot start: {exc}", file=sys.stderr, flush=True)
        sys.exit(1)


# gunicorn reads this file again on SIGHUP: the check is for the start only. A HUP keeps the
# preloaded model (new workers fork from this master), and a broken file on disk must not stop
# a running server (it did: the master exited and took its workers down). Keyed by pid, so a new
# master (USR2 re-exec, or any other gunicorn) checks again.
if os.environ.get("GERP_NLP_CHECKED_PID") != str(os.getpid()):
    _check_or_exit()
    os.environ["GERP_NLP_CHECKED_PID"] = str(os.getpid())


def _one_line_refusal(kind, exc, tb):
    """What the check above cannot see (a model whose card matches but which does not unpickle into
    an appeal classifier) fails when the app is preloaded: one line too, not a traceback."""
    from nlp.model_io import ModelError
    from nlp.rulebook import RulebookError

    if issubclass(kind, (ModelError, RulebookError)):
        print(f"gerp-nlp: cannot start: {exc}", file=sys.stderr, flush=True)
    else:
        sys.__excepthook__(kind, exc, tb)


sys.excepthook = _one_line_refusal


def when_ready(server):
    gc.enable()
    gc.freeze()


def post_worker_init(worker):
    """Load spaCy's tokenizer in the background once a worker is up.

    The model's piece table and the stored rule weights mean a start needs no
    spaCy (importing it takes ~0.6 s); most texts never need it either (simply
    punctuated words are split without it). A text that does need it in the
    first second waits for this load instead of starting its own.
    """
    import threading

    from nlp.text import warm_up

    threading.Thread(target=warm_up, name="gerp-nlp-warm-up", daemon=True).start()
