// The /ws connection (SPEC §4): subscribe, heartbeat, reconnect with exponential
// backoff and jitter, and resubscribe with `since` so no change is missed. A server
// that refuses the socket itself (no valid token) is not retried.

const PING_EVERY_MS = 30_000;
const PONG_WITHIN_MS = 10_000;
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const OFFLINE_AFTER_FAILURES = 5;

/** The delay before reconnect attempt `failures` (0-based): 0.5 s doubling to 30 s, with jitter. */
export function backoffDelay(failures, random = Math.random) {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** failures);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * Keeps one subscription alive to `url`, a string or a function read at each connect
 * (the token in it may change). Callbacks:
 * - `prepare()` (async) runs after the socket opens and before Subscribe; it may reload
 *   state. `since()` then gives the seq to resume from, or null.
 * - `onMessage(message)` gets every FileOperation, Ack and Error.
 * - `onStatus(state, detail)` with state "connecting" | "live" | "reconnecting" | "offline"
 *   | "refused", and detail {retryAt} when a retry is scheduled.
 * - `accepted()` (async, optional) runs when a socket closed before it opened, since a
 *   browser never learns why: false means the server refuses this page (its token), and
 *   the connection stops with "refused" instead of retrying; a rejection means unknown.
 */
export class LiveConnection {
  #url;
  #clientId;
  #callbacks;
  #socket = null;
  #failures = 0;
  #retryTimer = null;
  #pingTimer = null;
  #pongTimer = null;
  #stopped = false;
  #everLive = false;
  #state = "connecting";

  constructor(url, clientId, callbacks) {
    this.#url = url;
    this.#clientId = clientId;
    this.#callbacks = callbacks;
    window.addEventListener("online", () => this.retryNow());
    window.addEventListener("offline", () => this.#socket?.close());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && this.#socket === null) this.retryNow();
    });
  }

  start() {
    this.stop();
    this.#stopped = false;
    this.#failures = 0;
    this.#state = "connecting";
    this.#connect();
  }

  /** Closes the socket and schedules nothing more until `start()`. */
  stop() {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    const socket = this.#socket;
    this.#socket = null;
    socket?.close();
  }

  /** Cancels any pending delay and connects at once (the indicator's "Retry now"). */
  retryNow() {
    if (this.#stopped || this.#socket !== null) return;
    clearTimeout(this.#retryTimer);
    this.#connect();
  }

  /** Drops the current socket and reconnects, e.g. after the server reported expired history. */
  restart() {
    this.#socket?.close(4000, "resubscribe");
  }

  #connect() {
    if (this.#state !== "offline") this.#status(this.#everLive ? "reconnecting" : "connecting");
    let socket;
    try {
      socket = new WebSocket(typeof this.#url === "function" ? this.#url() : this.#url);
    } catch {
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.#subscribe(socket);
    };
    socket.onmessage = (event) => this.#receive(socket, event.data);
    socket.onclose = () => this.#closed(socket, opened);
    socket.onerror = () => socket.close();
  }

  async #subscribe(socket) {
    try {
      await this.#callbacks.prepare();
    } catch {
      socket.close();
      return;
    }
    if (socket.readyState !== WebSocket.OPEN) return;
    const since = this.#callbacks.since();
    const subscribe = { type: "Subscribe", client_id: this.#clientId };
    if (since !== null) subscribe.since = since;
    socket.send(JSON.stringify(subscribe));
  }

  #receive(socket, data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.type === "Pong") {
      clearTimeout(this.#pongTimer);
      return;
    }
    if (message.type === "Ack" && message.operation_id === "subscribe") {
      this.#failures = 0;
      this.#everLive = true;
      this.#status("live");
      this.#startHeartbeat(socket);
    }
    this.#callbacks.onMessage(message);
  }

  #startHeartbeat(socket) {
    clearInterval(this.#pingTimer);
    this.#pingTimer = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send(JSON.stringify({ type: "Ping" }));
      clearTimeout(this.#pongTimer);
      this.#pongTimer = setTimeout(() => socket.close(), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  async #closed(socket, opened) {
    if (this.#socket !== socket) return;
    this.#socket = null;
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    if (this.#stopped) return;
    if (!opened && this.#callbacks.accepted && !(await this.#stillAccepted())) {
      if (this.#stopped || this.#socket !== null) return;
      this.#stopped = true;
      this.#status("refused");
      return;
    }
    if (!this.#stopped && this.#socket === null) this.#scheduleRetry();
  }

  /** Asks `accepted()` whether to go on; an unreachable server counts as yes (retry later). */
  async #stillAccepted() {
    try {
      return await this.#callbacks.accepted();
    } catch {
      return true;
    }
  }

  #scheduleRetry() {
    const delay = backoffDelay(this.#failures);
    this.#failures++;
    const offline = navigator.onLine === false || this.#failures > OFFLINE_AFTER_FAILURES;
    this.#status(offline ? "offline" : "reconnecting", { retryAt: Date.now() + delay });
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }

  #status(state, detail = {}) {
    this.#state = state;
    this.#callbacks.onStatus(state, detail);
  }
}
