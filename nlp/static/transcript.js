// Transcripts on the page: the «Оператор: …» text parser (a port of nlp/transcript.parse_text,
// kept equal to it by tests/test_web_e2e.py), uploaded files, and highlight segments.

export const SPEAKERS = {
  operator: "operator", "оператор": "operator", "о": "operator", op: "operator",
  client: "client", "клиент": "client", "к": "client", customer: "client",
};
// Python's str.isspace() set, so that \s means the same here as in the Python regex
const WS = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const PREFIX = new RegExp(`^[${WS}]*(оператор|клиент|operator|client|о|к)[${WS}]*[:：][${WS}]?`, "iu");
const BLANK = new RegExp(`^[${WS}]*$`, "u");
// the line breaks of Python's str.splitlines()
const LINES = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/u;

export class TranscriptError extends Error {}

export function parseText(text) {
  const turns = [];
  text.split(LINES).forEach((line, i) => {
    if (BLANK.test(line)) return;
    const m = PREFIX.exec(line);
    if (m) turns.push({speaker: SPEAKERS[m[1].toLowerCase()], text: line.slice(m[0].length)});
    else if (turns.length) turns[turns.length - 1].text += "\n" + line;
    else throw new TranscriptError(
      `Строка ${i + 1}: в начале разговора ожидается «Оператор:», «Клиент:», «О:» или «К:».`);
  });
  if (!turns.length) throw new TranscriptError("Пустой разговор: вставьте текст или загрузите файл.");
  return turns;
}

export function speakerOf(turn) {
  return SPEAKERS[String(turn.speaker ?? "").trim().toLowerCase()] ?? "unknown";
}

export function toText(turns) {
  return turns.map((t) => `${speakerOf(t) === "client" ? "Клиент" : "Оператор"}: ${t.text}`).join("\n");
}

// one uploaded record -> what /v1/transcripts/score accepts (known fields only: files may carry more)
function record(obj, n) {
  if (!obj || typeof obj !== "object" || Array.isArray(obj)) {
    throw new TranscriptError(`Запись ${n}: ожидается объект с полем «turns» или «text».`);
  }
  const out = {};
  for (const key of ["id", "channel", "operator_id"]) if (obj[key] != null) out[key] = obj[key];
  if (Array.isArray(obj.turns)) {
    out.turns = obj.turns.map((t) => {
      const turn = {speaker: t?.speaker, text: t?.text};
      for (const key of ["start", "end"]) if (t?.[key] != null) turn[key] = t[key];
      return turn;
    });
  } else if (typeof obj.text === "string") {
    out.turns = parseText(obj.text);
  } else {
    throw new TranscriptError(`Запись ${n}: нет ни «turns», ни «text».`);
  }
  return out;
}

// a .txt, .json (object or list) or .jsonl file -> transcripts ready to score
export function transcriptsFromFile(name, content) {
  const lower = name.toLowerCase();
  if (!lower.endsWith(".json") && !lower.endsWith(".jsonl")) return [{turns: parseText(content)}];
  let values;
  try {
    values = lower.endsWith(".jsonl")
      ? content.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l))
      : [JSON.parse(content)].flat();
  } catch (exc) {
    throw new TranscriptError(`Файл ${name}: повреждённый JSON (${exc.message}).`);
  }
  if (!values.length) throw new TranscriptError(`Файл ${name}: в нём нет разговоров.`);
  return values.map((v, i) => record(v, i + 1));
}

// Cut a text into runs at the findings' edges. Offsets count code points (Python str
// indexes), not JS UTF-16 units, so text with emoji still highlights the right words.
export function segments(text, spans) {
  const chars = Array.from(text);
  const clamp = (x) => Math.max(0, Math.min(chars.length, x));
  const cuts = new Set([0, chars.length]);
  for (const s of spans) {
    cuts.add(clamp(s.start));
    cuts.add(clamp(s.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    out.push({text: chars.slice(a, b).join(""), start: a, spans: spans.filter((s) => s.start < b && a < s.end)});
  }
  return out;
}

export function clock(seconds) {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
