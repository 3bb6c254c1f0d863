// The page: tabs, the two forms, file upload; all scoring and tagging is done by the JSON API.
import {$, h, show} from "./dom.js";
import {getJSON, postJSON} from "./api.js";
import * as appeal from "./appeal.js";
import * as review from "./review.js";
import {TranscriptError, parseText, toText, transcriptsFromFile} from "./transcript.js";

const ui = JSON.parse($("ui-data").textContent);
const loaded = {name: null, items: [], index: 0};  // transcripts from an uploaded .json/.jsonl

const EXAMPLE_APPEAL = "Уже третий день жду мастера, обещали прийти во вторник и никто не пришёл. Верните деньги за вызов!";

function fail(box, message) {
  box.textContent = message;
  show(box, Boolean(message));
}

async function busy(button, label, work) {
  const text = button.textContent;
  button.disabled = true;
  button.textContent = label;
  try {
    await work();
  } finally {
    button.disabled = false;
    button.textContent = text;
  }
}

// --- tabs -----------------------------------------------------------------------------------
const tabs = [$("tab-review"), $("tab-appeal")];
function select(tab) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute("aria-selected", String(on));
    t.tabIndex = on ? 0 : -1;
    show($(t.getAttribute("aria-controls")), on);
  }
}
tabs.forEach((tab, i) => {
  tab.addEventListener("click", () => select(tab));
  tab.addEventListener("keydown", (e) => {
    const step = {ArrowRight: 1, ArrowLeft: -1}[e.key];
    if (!step) return;
    const next = tabs[(i + step + tabs.length) % tabs.length];
    select(next);
    next.focus();
  });
});

// --- transcript review ----------------------------------------------------------------------
const reviewError = $("review-error");
const textarea = $("transcript");

function current() {
  if (loaded.items.length) return loaded.items[loaded.index];
  const text = textarea.value;
  if (text.length > ui.limits.max_text_chars) {
    throw new TranscriptError(`Текст длиннее ${ui.limits.max_text_chars} символов: разделите разговор.`);
  }
  return {turns: parseText(text)};
}

async function scoreCurrent() {
  fail(reviewError, "");
  let transcript;
  try {
    transcript = current();
  } catch (exc) {
    if (!(exc instanceof TranscriptError)) throw exc;
    review.clear();
    return fail(reviewError, exc.message);
  }
  await busy($("score-btn"), "Проверяю…", async () => {
    try {
      review.render(transcript.turns, await postJSON("/v1/transcripts/score", transcript));
    } catch (exc) {
      review.clear();
      fail(reviewError, exc.message);
    }
  });
}

function forgetFile() {
  loaded.name = null;
  loaded.items = [];
  show($("file-info"), false);
}

function showLoaded() {
  const pick = $("file-pick");
  const n = loaded.items.length;
  $("file-name").textContent = `Файл ${loaded.name}: ${n === 1 ? "один разговор" : `разговоров: ${n}`}. ` +
    "Правка текста отменит файл и проверит текст.";
  pick.replaceChildren(...loaded.items.map((t, i) =>
    h("option", {value: i}, `${i + 1}. ${t.id ?? "без id"} (${t.turns.length} реплик)`)));
  pick.value = String(loaded.index);
  show(pick, n > 1);
  show($("file-pick-label"), n > 1);
  show($("file-info"), true);
  textarea.value = toText(loaded.items[loaded.index].turns);
}

async function readFile(file) {
  fail(reviewError, "");
  if (file.size > ui.limits.max_body_bytes) {
    return fail(reviewError, `Файл ${file.name} больше ${Math.round(ui.limits.max_body_bytes / 1024)} КБ.`);
  }
  const content = await file.text();
  forgetFile();
  if (/\.jsonl?$/i.test(file.name)) {
    try {
      loaded.items = transcriptsFromFile(file.name, content);
    } catch (exc) {
      if (!(exc instanceof TranscriptError)) throw exc;
      review.clear();
      return fail(reviewError, exc.message);
    }
    loaded.name = file.name;
    loaded.index = 0;
    showLoaded();
  } else {
    textarea.value = content;
  }
  await scoreCurrent();
}

$("score-btn").addEventListener("click", scoreCurrent);
textarea.addEventListener("input", forgetFile);
textarea.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) scoreCurrent();
});
$("file").addEventListener("change", async (e) => {
  const [file] = e.target.files;
  e.target.value = "";
  if (file) await readFile(file);
});
textarea.addEventListener("dragover", (e) => e.preventDefault());
textarea.addEventListener("drop", async (e) => {
  const [file] = e.dataTransfer.files;
  if (!file) return;
  e.preventDefault();
  await readFile(file);
});
$("file-pick").addEventListener("change", (e) => {
  loaded.index = Number(e.target.value);
  textarea.value = toText(loaded.items[loaded.index].turns);
  scoreCurrent();
});
$("example-btn").addEventListener("click", async () => {
  const response = await fetch($("example-btn").dataset.src);
  forgetFile();
  textarea.value = await response.text();
  await scoreCurrent();
});

// --- appeal tagging -------------------------------------------------------------------------
const appealError = $("appeal-error");

async function classify() {
  fail(appealError, "");
  const text = $("appeal").value;
  if (!text.trim()) return fail(appealError, "Введите текст обращения.");
  if (text.length > ui.limits.max_text_chars) {
    return fail(appealError, `Текст длиннее ${ui.limits.max_text_chars} символов.`);
  }
  await busy($("classify-btn"), "Определяю…", async () => {
    try {
      appeal.render(ui, await postJSON("/v1/appeals/classify", {text, explain: true}));
    } catch (exc) {
      appeal.clear();
      fail(appealError, exc.message);
    }
  });
}

$("classify-btn").addEventListener("click", classify);
$("appeal").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) classify();
});
$("appeal-example-btn").addEventListener("click", () => {
  $("appeal").value = EXAMPLE_APPEAL;
  classify();
});

// --- start ----------------------------------------------------------------------------------
review.init(ui);
getJSON("/v1/rules")
  .then((rules) => {
    review.setRules(rules);
    document.body.dataset.ready = "true";
  })
  .catch((exc) => {
    $("service-status").textContent = `⚠ ${exc.message}`;
    document.body.dataset.ready = "error";
  });
