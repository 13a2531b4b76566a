// The server's HTTP API (SPEC §3). Every failure becomes an ApiError whose message is
// the server's {"error": …} text, ready to show to a person. With a token, every request
// carries it; a 401 (no token, or one the server refuses) is reported to the page.

import { bearerHeaders, withAccessToken } from "./auth.js";
import { encodePath } from "./paths.js";

/** A request the server refused or that never reached it. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

const STATUS_TEXT = {
  400: "The server refused this request",
  401: "This server needs an access token",
  403: "You are not allowed to do this",
  404: "It no longer exists",
  409: "Something with that name already exists",
  410: "That is no longer available",
  412: "It changed on the server in the meantime",
  413: "The file is larger than the server accepts",
  507: "The server is out of disk space",
};

async function errorFrom(response) {
  let detail = "";
  try {
    const body = await response.json();
    detail = typeof body?.error === "string" ? body.error : "";
  } catch {
    detail = "";
  }
  const text = detail || STATUS_TEXT[response.status] || `The server answered ${response.status}`;
  return new ApiError(response.status, text);
}

/**
 * The seqs a successful write committed, from its response headers (`header(name)` reads
 * one): {first, last}, or null when it committed nothing.
 */
export function committedSeqs(header) {
  const first = Number(header("X-Quantum-First-Seq") ?? "");
  const last = Number(header("X-Quantum-Seq") ?? "");
  const valid = (n) => Number.isSafeInteger(n) && n > 0;
  return valid(first) && valid(last) && first <= last ? { first, last } : null;
}

/**
 * Builds the API for one client id, sent as X-Client-Id with every change we make;
 * `onCommitted(first, last)` hears the seqs each of our writes committed. `token()` gives
 * the access token to send (or null); `onUnauthorized(error, token)` hears every 401 with
 * the token that request carried, so an answer to an older token can be told apart.
 */
export function createApi(clientId, { onCommitted = () => {}, token = () => null, onUnauthorized = () => {} } = {}) {
  const mutationHeaders = { "X-Client-Id": clientId };

  function reportCommitted(header) {
    const seqs = committedSeqs(header);
    if (seqs !== null) onCommitted(seqs.first, seqs.last);
  }

  function refused(error, used) {
    if (error.status === 401) onUnauthorized(error, used);
    return error;
  }

  async function send(method, url, { json, headers = {} } = {}) {
    const used = token();
    const sent = { ...headers, ...bearerHeaders(used) };
    let response;
    try {
      response = await fetch(url, {
        method,
        headers: json === undefined ? sent : { ...sent, "Content-Type": "application/json" },
        body: json === undefined ? undefined : JSON.stringify(json),
        cache: "no-store",
      });
    } catch {
      throw new ApiError(0, "The server cannot be reached. Check your connection and try again.");
    }
    if (!response.ok) throw refused(await errorFrom(response), used);
    if (method !== "GET") reportCommitted((name) => response.headers.get(name));
    return response;
  }

  async function jsonOrNull(response) {
    const text = await response.text();
    if (text.trim() === "") return null;
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }

  return {
    /** Links the browser follows by itself, so they carry the token in the URL. */
    fileUrl: (path) => withAccessToken(`/api/files/${encodePath(path)}`, token()),
    versionUrl: (path, id) => withAccessToken(`/api/versions/${encodePath(path)}?id=${encodeURIComponent(id)}`, token()),

    /**
     * Whether the server accepts this page's token: false on 401, true on any other
     * answer; rejects when the server cannot be reached. A cheap request (one change at most).
     */
    async accepted() {
      try {
        await send("GET", "/api/changes?limit=1");
        return true;
      } catch (error) {
        if (error.status === 0) throw error;
        return error.status !== 401;
      }
    },

    /**
     * What this page's token may do: {auth, role, upload}, or null for an answer that is
     * not JSON. Rejects like any call, with status 404 on a server older than /api/session.
     */
    session: async () => jsonOrNull(await send("GET", "/api/session")),

    /** Every entry plus the change log head it reflects ({entries, seq}; seq null if unknown). */
    async list() {
      const response = await send("GET", "/api/list");
      const header = response.headers.get("X-Quantum-Seq");
      const seq = header === null || header.trim() === "" ? null : Number(header);
      return { entries: await response.json(), seq: Number.isFinite(seq) ? seq : null };
    },

    remove: (path) => send("DELETE", `/api/files/${encodePath(path)}`, { headers: mutationHeaders }),
    mkdir: async (path) => jsonOrNull(await send("POST", `/api/mkdir/${encodePath(path)}`, { headers: mutationHeaders })),
    move: async (from, to) => jsonOrNull(await send("POST", "/api/move", { json: { from, to }, headers: mutationHeaders })),

    /** Versions of one path, newest first. */
    versions: async (path) => (await send("GET", `/api/versions/${encodePath(path)}`)).json(),
    /** Versions of every path, including deleted ones. */
    allVersions: async () => (await send("GET", "/api/versions")).json(),
    restore: async (path, id) => jsonOrNull(await send("POST", "/api/versions/restore", { json: { path, id }, headers: mutationHeaders })),

    /**
     * Uploads `file` to `path` with XMLHttpRequest so progress can be shown:
     * `onProgress(loaded, total)`; `signal` aborts. Resolves to the new FileMetadata.
     */
    upload(path, file, { onProgress, signal } = {}) {
      return new Promise((resolve, reject) => {
        const used = token();
        const xhr = new XMLHttpRequest();
        xhr.open("PUT", `/api/files/${encodePath(path)}`);
        for (const [name, value] of Object.entries(bearerHeaders(used))) xhr.setRequestHeader(name, value);
        xhr.setRequestHeader("X-Client-Id", clientId);
        xhr.setRequestHeader("Content-Type", "application/octet-stream");
        xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
        xhr.onload = () => {
          if (xhr.status >= 200 && xhr.status < 300) {
            reportCommitted((name) => xhr.getResponseHeader(name));
            try {
              resolve(JSON.parse(xhr.responseText));
            } catch {
              resolve(null);
            }
            return;
          }
          let detail = "";
          try {
            detail = JSON.parse(xhr.responseText)?.error ?? "";
          } catch {
            detail = "";
          }
          reject(refused(new ApiError(xhr.status, detail || STATUS_TEXT[xhr.status] || `The server answered ${xhr.status}`), used));
        };
        xhr.onerror = () => reject(new ApiError(0, "The upload was interrupted: the server cannot be reached."));
        xhr.onabort = () => reject(new ApiError(-1, "Cancelled"));
        signal?.addEventListener("abort", () => xhr.abort(), { once: true });
        xhr.send(file);
      });
    },
  };
}
