"""What a server process holds: the classifier and rulebook in service, and their reload.

The HTTP layer (``api.py``) and the web page only read this state; reloading
builds the new objects first and swaps them in only when both loaded, so a bad
file leaves the old ones serving. Other worker processes notice a reload through
a stamp file and refresh themselves (checked at most once a second).
"""
from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

from .appeals import AppealClassifier
from .memory import release_free_heap
from .model_io import ModelError
from .rulebook import Rulebook, RulebookError, load_rulebook

log = logging.getLogger("gerp_nlp.service")


class ServiceState:
    def __init__(self, models_dir, model_file: str, rules_path, threshold=None, stamp_path=None):
        self.models_dir = Path(models_dir).resolve()
        self.model_file = model_file
        self.rules_path = rules_path
        self.threshold = threshold
        self.stamp_path = Path(stamp_path) if stamp_path else self.models_dir / ".reload-stamp"
        self.classifier: AppealClassifier | None = None
        self.rulebook: Rulebook | None = None
        self._lock = threading.Lock()
        self._stamp = self._read_stamp()
        self._checked = time.monotonic()

    @property
    def model_path(self) -> Path:
        """The model file; always inside the configured models directory."""
        path = (self.models_dir / self.model_file).resolve()
        if path.parent != self.models_dir:
            raise ModelError(f"model file {self.model_file!r} must be a file name inside {self.models_dir}")
        return path

    @property
    def ready(self) -> bool:
        return self.classifier is not None and self.rulebook is not None

    def load(self) -> None:
        """Load both, or raise ModelError/RulebookError and keep what was serving."""
        classifier = AppealClassifier.load(self.model_path, self.threshold)
        rulebook = load_rulebook(self.rules_path)
        with self._lock:
            self.classifier, self.rulebook = classifier, rulebook
        release_free_heap()  # what the load parsed and let go (nlp/memory.py)

    def reload(self) -> dict:
        """Reload from disk and tell the other workers; raise on failure (old ones keep serving)."""
        self.load()
        self._touch_stamp()
        return self.summary()

    def summary(self) -> dict:
        card = self.classifier.card if self.classifier else {}
        return {"model": {"file": self.model_file, "sha256": card.get("model_sha256"),
                          "created": card.get("created")},
                "rules": {"name": self.rulebook.spec.name if self.rulebook else None,
                          "source": Path(self.rulebook.source).name if self.rulebook else None,
                          "rules": len(self.rulebook.rules) if self.rulebook else 0}}

    def _read_stamp(self) -> float:
        try:
            return self.stamp_path.stat().st_mtime_ns
        except OSError:
            return 0

    def _touch_stamp(self) -> None:
        try:
            self.stamp_path.write_text(str(time.time_ns()))
            self._stamp = self._read_stamp()
        except OSError as exc:  # a read-only models dir: this worker still reloaded
            log.warning("cannot write reload stamp %s: %s", self.stamp_path, exc)

    def refresh_if_stale(self) -> None:
        """Follow a reload done by another worker (cheap: one stat a second at most)."""
        now = time.monotonic()
        if now - self._checked < 1.0:
            return
        self._checked = now
        stamp = self._read_stamp()
        if stamp == self._stamp:
            return
        self._stamp = stamp
        try:
            self.load()
            log.info("reloaded model and rules after a reload in another worker")
        except (ModelError, RulebookError) as exc:
            log.error("reload in another worker: this worker keeps the old model/rules: %s", exc)


def from_config(config) -> ServiceState:
    return ServiceState(config["MODELS_DIR"], config["MODEL_FILE"], config["RULES_PATH"],
                        config.get("REVIEW_THRESHOLD"))


def env_default(name: str, default):
    """Config precedence: explicit config > environment variable > default."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if isinstance(default, bool):
        return value.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value
