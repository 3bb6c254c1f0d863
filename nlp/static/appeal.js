// Appeal tagging: label, confidence per class as bars, the review flag, and the words behind the label.
import {$, h, percent, show} from "./dom.js";

export function render(ui, p) {
  show($("appeal-empty"), false);
  show($("appeal-result"), true);
  const label = $("appeal-label");
  label.dataset.label = p.label;
  label.textContent = p.label_ru;
  $("appeal-confidence").textContent = `уверенность ${percent(p.confidence)}`;
  const flag = $("appeal-review");
  flag.className = `review-flag ${p.needs_review ? "manual" : "auto"}`;
  flag.textContent = p.needs_review
    ? "⚑ Нужна проверка человеком: уверенность модели ниже порога автоматической разметки."
    : "✓ Можно проставить автоматически: уверенность выше порога.";
  const ranked = Object.entries(p.scores).sort((a, b) => b[1] - a[1]);
  $("appeal-bars").replaceChildren(...ranked.map(([cls, score]) => {
    const fill = h("span", {class: "bar-fill"});
    fill.style.width = `${(100 * score).toFixed(1)}%`;
    return h("li", {class: `bar${cls === p.label ? " chosen" : ""}`, dataset: {label: cls}},
      h("span", {class: "bar-name"}, h("span", {class: "ico", "aria-hidden": "true"}), ` ${ui.labels[cls] ?? cls}`),
      h("span", {class: "bar-track", role: "img", "aria-label": percent(score)}, fill),
      h("span", {class: "bar-value"}, percent(score)));
  }));
  const words = p.explanation ?? [];
  const top = Math.max(...words.map((w) => w.weight), 1e-9);
  $("appeal-words").replaceChildren(...words.map((w) => {
    const fill = h("span", {class: "bar-fill"});
    fill.style.width = `${(100 * w.weight / top).toFixed(0)}%`;
    // character n-grams may hold spaces: show them
    const shown = w.kind === "chars" ? w.feature.replaceAll(" ", "␣") : w.feature;
    return h("li", {class: "word"},
      h("span", {class: "word-kind"}, w.kind === "chars" ? "фрагмент" : w.feature.includes(" ") ? "слова" : "слово"),
      h("span", {class: "word-text"}, `«${shown}»`),
      h("span", {class: "bar-track small", "aria-hidden": "true"}, fill));
  }));
  if (!words.length) $("appeal-words").replaceChildren(h("li", {class: "hint"}, "Модель не выделила отдельных слов."));
}

export function clear() {
  show($("appeal-result"), false);
  show($("appeal-empty"), true);
}
