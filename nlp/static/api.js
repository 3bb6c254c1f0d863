// The JSON API the page calls; errors become one Russian sentence plus the server's own message.

const CODES = {
  invalid_transcript: "Не удалось разобрать разговор",
  invalid_fields: "Неверные данные",
  text_too_long: "Текст слишком длинный",
  too_many_turns: "Слишком много реплик",
  body_too_large: "Запрос слишком большой",
  batch_too_large: "Слишком много записей",
  not_ready: "Модель или правила ещё не загружены",
  malformed_json: "Повреждённый JSON",
};

export class ApiError extends Error {}

// «turns.3.text» or «turns[3].text» -> «реплика 4, text»
function where(text) {
  return String(text).replace(/turns(?:\[(\d+)\]|\.(\d+))(\.)?/g,
    (_, a, b, dot) => `реплика ${Number(a ?? b) + 1}${dot ? ", " : ""}`);
}

export function describe(status, body) {
  const err = body && body.error;
  if (!err) return `Ошибка сервера (HTTP ${status})`;
  const head = CODES[err.code] || `Ошибка (HTTP ${status})`;
  const details = Array.isArray(err.details)
    ? err.details.map((d) => where(String(d.message).startsWith(d.field) ? d.message : `${d.field}: ${d.message}`))
      .join("; ")
    : "";
  return `${head}: ${details || where(err.message)}`;
}

export async function call(method, url, payload) {
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: payload === undefined ? {} : {"Content-Type": "application/json"},
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
  } catch (exc) {
    throw new ApiError("Сервер недоступен: проверьте соединение и повторите.");
  }
  let body = null;
  try {
    body = await response.json();
  } catch (exc) {
    body = null;
  }
  if (!response.ok) throw new ApiError(describe(response.status, body));
  return body;
}

export const postJSON = (url, payload) => call("POST", url, payload);
export const getJSON = (url) => call("GET", url);
