// Transcript review: score card, checklist, category filter, dialogue with inline highlights, tooltips.
import {$, h, num, show} from "./dom.js";
import {clock, segments, speakerOf} from "./transcript.js";

const state = {ui: null, rules: null, turns: [], findings: [], result: null, filter: "all"};

export function init(ui) {
  state.ui = ui;
  $("filter-options").addEventListener("change", (e) => {
    state.filter = e.target.value;
    applyFilter();
  });
  $("only-findings").addEventListener("change", renderDialogue);
  const dialogue = $("dialogue");
  dialogue.addEventListener("mouseover", (e) => tipFor(e.target.closest(".hl")));
  dialogue.addEventListener("focusin", (e) => tipFor(e.target.closest(".hl")));
  dialogue.addEventListener("mouseout", (e) => e.target.closest(".hl") && hideTip());
  dialogue.addEventListener("focusout", hideTip);
  dialogue.addEventListener("scroll", hideTip, {passive: true});
  document.addEventListener("keydown", (e) => e.key === "Escape" && hideTip());
}

// the rulebook in service (GET /v1/rules): rule titles, pass score, checklist points
export function setRules(rules) {
  state.rules = rules;
}

export function clear() {
  state.result = null;
  state.turns = [];
  state.findings = [];
  $("dialogue").replaceChildren();
  show($("filter"), false);
  show($("summary"), false);
  show($("summary-empty"), true);
  show($("dialogue-empty"), true);
}

export function render(turns, result) {
  for (const col of document.querySelectorAll("#panel-review .col")) col.scrollTop = 0;
  state.turns = turns;
  state.result = result;
  state.findings = result.violations.map((v, key) => ({...v, key}));
  state.filter = "all";
  show($("dialogue-empty"), false);
  show($("summary-empty"), false);
  show($("summary"), true);
  renderScore();
  renderChecklist();
  renderFilter();
  applyFilter();
}

const catName = (c) => state.ui.categories[c] ?? c;
const ruleTitle = (id) => state.rules?.rules?.find((r) => r.id === id)?.title || id;
const visible = () => state.findings.filter((f) => state.filter === "all" || f.category === state.filter);

function renderScore() {
  const {score, passed, violations} = state.result;
  const scoring = state.rules?.scoring ?? {};
  $("score-value").textContent = num(score, Number.isInteger(score) ? 0 : 1);
  const verdict = $("verdict");
  verdict.className = `verdict ${passed ? "pass" : "fail"}`;
  verdict.textContent = passed ? "✔ Зачтено" : "✖ Не зачтено";
  const fatal = violations.filter((v) => (scoring.fatal_categories ?? []).includes(v.category));
  let note = scoring.pass_score != null ? `Проходной балл — ${num(scoring.pass_score, 0)}.` : "";
  if (!passed && fatal.length) {
    const names = [...new Set(fatal.map((v) => `«${catName(v.category)}»`))].join(", ");
    note = `Не зачтено при любом балле: нарушение категории ${names}. ${note}`;
  }
  $("verdict-note").textContent = note;
}

const CHECK_STATE = {
  true: {cls: "yes", icon: "✓", text: "да"},
  false: {cls: "no", icon: "✗", text: "нет"},
  null: {cls: "na", icon: "–", text: "не применимо"},
};

function renderChecklist() {
  const points = state.rules?.scoring?.checklist_points ?? {};
  $("checklist").replaceChildren(...Object.entries(state.result.checklist).map(([key, value]) => {
    const s = CHECK_STATE[String(value)];
    return h("li", {class: `check ${s.cls}`, dataset: {check: key}},
      h("span", {class: "check-icon", "aria-hidden": "true"}, s.icon),
      h("span", {class: "check-name"}, state.ui.checklist[key] ?? key,
        state.ui.checklist_clauses[key] ? h("span", {class: "hint"}, ` · п. ${state.ui.checklist_clauses[key]}`) : null),
      h("span", {class: "check-state"}, s.text, value === false && points[key] ? ` (−${num(points[key], 0)})` : ""));
  }));
}

function renderFilter() {
  const counts = new Map();
  for (const f of state.findings) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
  const order = [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a) || catName(a).localeCompare(catName(b), "ru"));
  const chip = (value, label, count) => h("label", {class: "chip", dataset: {cat: value}},
    h("input", {type: "radio", name: "category", value, checked: value === state.filter}),
    value === "all" ? null : h("span", {class: "ico", "aria-hidden": "true"}),
    " ", h("span", {class: "name"}, label), " ", h("span", {class: "count"}, String(count)));
  $("filter-options").replaceChildren(chip("all", "Все", state.findings.length),
    ...order.map((c) => chip(c, catName(c), counts.get(c))));
  show($("filter"), state.findings.length > 0);
}

function applyFilter() {
  renderDialogue();
  renderFindingList();
}

function renderFindingList() {
  const list = visible();
  $("findings-title").textContent = state.filter === "all"
    ? `Нарушения: ${state.findings.length}` : `${catName(state.filter)}: ${list.length} из ${state.findings.length}`;
  $("findings").replaceChildren(...list.map((f) => h("li", {dataset: {cat: f.category}},
    h("button", {type: "button", class: "finding", onclick: () => reveal(f)},
      h("span", {class: "ico", "aria-hidden": "true"}),
      h("span", {class: "finding-cat"}, catName(f.category)),
      h("span", {class: "hint"}, ` · реплика ${f.turn + 1}`),
      f.text ? h("span", {class: "finding-text"}, `«${f.text}»`) : null))));
  if (!state.findings.length) $("findings").replaceChildren(h("li", {class: "hint"}, "Нарушений не найдено."));
}

function renderDialogue() {
  hideTip();
  const only = $("only-findings").checked;
  const byTurn = new Map();
  for (const f of visible()) byTurn.set(f.turn, [...(byTurn.get(f.turn) ?? []), f]);
  const items = [];
  state.turns.forEach((turn, i) => {
    const found = byTurn.get(i) ?? [];
    if (only && !found.length) return;
    const speaker = speakerOf(turn);
    const when = turn.start != null ? ` · ${clock(turn.start)}${turn.end != null ? `–${clock(turn.end)}` : ""}` : "";
    items.push(h("li", {class: `turn ${speaker}`, id: `turn-${i}`, dataset: {turn: i}},
      h("p", {class: "who"}, speaker === "client" ? "Клиент" : "Оператор", h("span", {class: "hint"}, ` · реплика ${i + 1}${when}`)),
      h("p", {class: "text"}, segments(String(turn.text), found.filter((f) => f.end > f.start))
        .map((seg) => (seg.spans.length ? mark(seg) : seg.text))),
      found.filter((f) => f.end <= f.start).map((f) => h("p", {class: "turn-note hl", tabindex: 0,
        dataset: {cat: f.category, findings: String(f.key)}, "aria-describedby": "tip"},
      h("span", {class: "ico", "aria-hidden": "true"}), ` ${catName(f.category)}: п. ${f.clause} регламента`))));
  });
  $("dialogue").replaceChildren(...items);
}

function mark(seg) {
  const starts = seg.spans.some((s) => s.start === seg.start);
  const cats = new Set(seg.spans.map((s) => s.category));
  return h("mark", {class: `hl${starts ? " hl-start" : ""}${cats.size > 1 ? " hl-multi" : ""}`, tabindex: 0,
    dataset: {cat: seg.spans[0].category, findings: seg.spans.map((s) => s.key).join(" ")},
    "aria-describedby": "tip"}, seg.text);
}

function tipItem(f) {
  return h("div", {class: "tip-item", dataset: {cat: f.category}},
    h("p", {class: "tip-head"}, h("span", {class: "ico", "aria-hidden": "true"}), ` ${catName(f.category)}`,
      h("span", {class: "tip-sev"}, ` · ${state.ui.severity[f.severity] ?? f.severity}`)),
    h("p", {}, f.text ? `«${f.text}» — ` : "", ruleTitle(f.rule)),
    h("p", {class: "tip-rule"}, `Регламент, п. ${f.clause} · правило ${f.rule}`),
    f.suggestion ? h("p", {class: "tip-suggest"}, h("b", {}, "Рекомендация: "), f.suggestion) : null);
}

function tipFor(el) {
  if (!el) return;
  const keys = el.dataset.findings.split(" ").map(Number);
  const tip = $("tip");
  tip.replaceChildren(...keys.map((k) => tipItem(state.findings[k])));
  show(tip, true);
  const box = el.getBoundingClientRect();
  const width = tip.offsetWidth;
  const left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
  const below = box.bottom + 6 + tip.offsetHeight < window.innerHeight;
  tip.style.left = `${left}px`;
  tip.style.top = `${below ? box.bottom + 6 : Math.max(8, box.top - tip.offsetHeight - 6)}px`;
}

function hideTip() {
  show($("tip"), false);
}

function reveal(f) {
  const el = document.querySelector(`#dialogue [data-findings~="${f.key}"]`);
  if (!el) return;
  el.scrollIntoView({block: "center", behavior: "smooth"});
  el.focus({preventScroll: true});
  el.classList.add("flash");
  setTimeout(() => el.classList.remove("flash"), 1200);
}
