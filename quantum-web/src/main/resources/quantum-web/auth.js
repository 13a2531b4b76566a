// The access token a server with `auth` asks for: kept for this tab only, sent as a
// bearer header where the page sets headers, and as `access_token` in URLs the browser
// opens by itself (download links, the WebSocket).

const TOKEN_KEY = "quantum.token";

/** `url` with `access_token=<token>` added to its query (before any #fragment); unchanged without a token. */
export function withAccessToken(url, token) {
  if (!token) return url;
  const hash = url.indexOf("#");
  const base = hash < 0 ? url : url.slice(0, hash);
  const fragment = hash < 0 ? "" : url.slice(hash);
  const separator = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${separator}access_token=${encodeURIComponent(token)}${fragment}`;
}

/** The request headers that carry `token`: {Authorization: "Bearer …"}, or none without one. */
export function bearerHeaders(token) {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * The token of this tab in `storage` (sessionStorage by default) under "quantum.token".
 * A storage the browser refuses to use (private modes, disabled storage) keeps the token
 * in memory instead, so signing in still works until the page is closed.
 */
export class TokenStore {
  #storage;
  #memory = null;

  constructor(storage = globalThis.sessionStorage) {
    this.#storage = storage;
  }

  /** The stored token, or null. */
  get token() {
    try {
      return this.#storage.getItem(TOKEN_KEY) || this.#memory;
    } catch {
      return this.#memory;
    }
  }

  /** Stores `token` (trimmed); an empty one clears it. */
  set token(token) {
    const value = (token ?? "").trim();
    this.#memory = value === "" ? null : value;
    try {
      if (this.#memory === null) this.#storage.removeItem(TOKEN_KEY);
      else this.#storage.setItem(TOKEN_KEY, this.#memory);
    } catch {
      /* the in-memory copy serves */
    }
  }

  clear() {
    this.token = null;
  }
}
