// The browser view: wires the tree, the live connection and the page together.

import { createApi } from "./api.js";
import { createActions } from "./actions.js";
import { TokenStore, withAccessToken } from "./auth.js";
import { formatSize } from "./format.js";
import { LiveConnection } from "./live.js";
import { notify } from "./notify.js";
import { UNKNOWN, permissions } from "./permissions.js";
import { folderFromHash, hashForFolder, isSameOrBelow, join, nameOf, parentOf } from "./paths.js";
import { createSignIn } from "./signin.js";
import { SyncedTree } from "./sync.js";
import { UploadQueue } from "./uploads.js";
import { installDropZone } from "./dropzone.js";
import { createVersionsPanel } from "./versions.js";
import { Listing, el, icon, sortEntries } from "./view.js";

const $ = (testId) => document.querySelector(`[data-testid="${testId}"]`);

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const clientId = `browser-${randomId()}`;
const tokens = new TokenStore();
const api = createApi(clientId, {
  onCommitted: (first, last) => synced.recordOwn(first, last),
  token: () => tokens.token,
  onUnauthorized: (error, used) => {
    if (used === tokens.token) signOut(error.message, used === null ? "info" : "error");
  },
});
const state = { folder: folderFromHash(location.hash), loaded: false, filter: "", ...savedSort() };
/** What the page offers (see permissions.js); everything until the server says otherwise. */
let can = UNKNOWN;

const listing = new Listing($("rows"), {
  fileUrl: api.fileUrl,
  countChildren: (path) => synced.tree.childrenOf(path).length,
  canWrite: () => can.write,
});
const synced = new SyncedTree(api, (changes, cause) => {
  if (cause.operation?.Move) followMove(cause.operation.Move);
  const first = !state.loaded;
  state.loaded = true;
  render(cause.reload && first ? new Set() : visibleChanges(changes));
});

function savedSort() {
  try {
    const saved = JSON.parse(localStorage.getItem("quantum.sort") ?? "{}");
    if (["name", "size", "modified"].includes(saved.key)) return { sortKey: saved.key, ascending: saved.ascending !== false };
  } catch {
    /* a bad stored value falls back to the default */
  }
  return { sortKey: "name", ascending: true };
}

/** The rows of the current folder that a change touched, directly or somewhere below them. */
function visibleChanges({ touched, removed }) {
  const rows = new Set();
  for (const path of [...touched, ...removed]) {
    if (path === state.folder || !isSameOrBelow(path, state.folder)) continue;
    const rest = state.folder === "" ? path : path.slice(state.folder.length + 1);
    rows.add(join(state.folder, rest.split("/")[0]));
  }
  return rows;
}

function followMove({ from, to }) {
  if (state.folder !== "" && isSameOrBelow(state.folder, from)) {
    showFolder(to + state.folder.slice(from.length), { replace: true });
  }
}

function render(highlight = new Set()) {
  if (!synced.tree.isFolder(state.folder) && state.loaded) {
    const gone = state.folder;
    let folder = parentOf(gone);
    while (!synced.tree.isFolder(folder)) folder = parentOf(folder);
    notify(`The folder “${nameOf(gone)}” no longer exists.`, "info");
    showFolder(folder, { replace: true });
    return;
  }
  const needle = state.filter.toLocaleLowerCase();
  const children = synced.tree.childrenOf(state.folder)
    .filter((e) => needle === "" || nameOf(e.path).toLocaleLowerCase().includes(needle));
  listing.render(sortEntries(children, state.sortKey, state.ascending), highlight);
  $("loading-state").hidden = true;
  const empty = $("empty-state");
  empty.hidden = children.length > 0;
  empty.querySelector(".empty-title").textContent = needle === "" ? "This folder is empty" : `Nothing here matches “${state.filter}”`;
  empty.querySelector(".empty-hint").hidden = needle !== "" || !can.write;
  renderSummary(children);
}

function renderSummary(children) {
  const folders = children.filter((e) => e.isDirectory).length;
  const files = children.length - folders;
  const bytes = children.reduce((sum, e) => sum + (e.isDirectory ? 0 : e.size), 0);
  const parts = [];
  if (folders > 0) parts.push(`${folders} ${folders === 1 ? "folder" : "folders"}`);
  if (files > 0) parts.push(`${files} ${files === 1 ? "file" : "files"} · ${formatSize(bytes)}`);
  $("summary").textContent = parts.join(", ");
}

function renderBreadcrumbs() {
  const list = $("breadcrumbs").querySelector("ol");
  const crumbs = [["", "All files"]];
  let path = "";
  for (const segment of state.folder === "" ? [] : state.folder.split("/")) {
    path = join(path, segment);
    crumbs.push([path, segment]);
  }
  list.replaceChildren(...crumbs.map(([crumbPath, label], index) => {
    const item = el("li", "crumb");
    const link = el("a", "crumb-link");
    link.href = hashForFolder(crumbPath);
    link.dataset.testid = "breadcrumb";
    link.dataset.path = crumbPath;
    if (index === 0) link.append(icon("home"));
    link.append(el("span", "", label));
    if (index === crumbs.length - 1) link.setAttribute("aria-current", "page");
    item.append(link);
    return item;
  }));
  const title = state.folder === "" ? "All files" : nameOf(state.folder);
  $("folder-title").textContent = title;
  document.title = `${title} · Quantum`;
}

function showFolder(folder, { replace = false } = {}) {
  const hash = hashForFolder(folder);
  if (location.hash !== hash) {
    if (replace) history.replaceState(null, "", hash); else history.pushState(null, "", hash);
  }
  enterFolder(folder);
}

function enterFolder(folder) {
  if (folder === state.folder && $("breadcrumbs").querySelector("li")) return;
  state.folder = folder;
  state.filter = "";
  $("filter").value = "";
  listing.clear();
  renderBreadcrumbs();
  if (state.loaded) render();
}

function renderSortHeaders() {
  for (const button of document.querySelectorAll("button.sort")) {
    const active = button.dataset.sort === state.sortKey;
    button.closest("th").setAttribute("aria-sort", active ? (state.ascending ? "ascending" : "descending") : "none");
  }
}

function setSort(key) {
  state.ascending = key === state.sortKey ? !state.ascending : key === "name";
  state.sortKey = key;
  localStorage.setItem("quantum.sort", JSON.stringify({ key, ascending: state.ascending }));
  renderSortHeaders();
  render();
}

const STATUS_TEXT = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", offline: "Offline", refused: "Signed out" };
let countdown = null;

function showStatus(connectionState, { retryAt } = {}) {
  const indicator = $("connection-status");
  indicator.dataset.state = connectionState;
  const text = $("connection-text");
  const retry = $("connection-retry");
  clearInterval(countdown);
  const update = () => {
    const seconds = retryAt ? Math.max(0, Math.ceil((retryAt - Date.now()) / 1000)) : 0;
    text.textContent = STATUS_TEXT[connectionState];
    indicator.title = connectionState === "live"
      ? "Connected: changes appear as they happen"
      : connectionState === "refused" ? "Not connected: sign in to see changes"
        : seconds > 0 ? `Not connected: next attempt in ${seconds} s` : "Connecting to the server";
    if (connectionState === "offline" && seconds > 0) text.textContent = `Offline · retry in ${seconds} s`;
  };
  update();
  if (retryAt) countdown = setInterval(update, 1000);
  retry.hidden = connectionState !== "offline";
}

const uploads = new UploadQueue($("uploads"), {
  upload: api.upload,
  onUploaded: (metadata) => {
    if (metadata?.path) synced.applyOwn({ Update: { metadata } });
    else synced.reload().catch(() => {});
  },
  onFailed: (path, error) => notify(`Could not upload “${nameOf(path)}”: ${error.message}`, "error"),
});

function uploadFiles(files) {
  if (signIn.shown) return;
  uploads.add(files.map(({ relativePath, file }) => ({ path: join(state.folder, relativePath), file })));
}

const versions = createVersionsPanel({
  api,
  tree: synced.tree,
  notify,
  onRestored: (metadata) => synced.applyOwn({ Update: { metadata } }),
  canRestore: () => can.restore,
});

const actions = createActions({ api, synced, notify, versions, currentFolder: () => state.folder });

function wire() {
  window.addEventListener("hashchange", () => enterFolder(folderFromHash(location.hash)));
  window.addEventListener("popstate", () => enterFolder(folderFromHash(location.hash)));
  $("rows").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button) actions.run(button.dataset.action, button.closest("tr").dataset.path);
  });
  for (const button of document.querySelectorAll("button.sort")) {
    button.addEventListener("click", () => setSort(button.dataset.sort));
  }
  $("filter").addEventListener("input", (event) => {
    state.filter = event.target.value.trim();
    render();
  });
  $("new-folder-button").addEventListener("click", () => actions.newFolder());
  $("trash-button").addEventListener("click", () => versions.openTrash());
  $("file-input").addEventListener("change", (event) => {
    const files = [...event.target.files].map((file) => ({ relativePath: file.name, file }));
    event.target.value = "";
    if (files.length > 0) uploadFiles(files);
  });
  installDropZone($("drop-overlay"), {
    describeTarget: () => (state.folder === "" ? "All files" : nameOf(state.folder)),
    onFiles: uploadFiles,
    refusal: () => can.refusal,
    onRefused: (text) => notify(`${text}.`, "info"),
  });
  setInterval(() => listing.refreshDates(), 30_000);
}

const live = new LiveConnection(
  () => withAccessToken(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`, tokens.token),
  clientId,
  {
    prepare: () => synced.prepare(),
    since: () => synced.seq,
    onMessage: (message) => synced.handle(message),
    onStatus: (connectionState, detail) => {
      showStatus(connectionState, detail);
      if (connectionState === "live" && wasLive) refreshPermissions();
      if (connectionState === "live") wasLive = true;
    },
    accepted: () => api.accepted(),
  },
);

/** Whether the connection was live before: a reconnect asks for the permissions again (a restarted server may have new tokens). */
let wasLive = false;
let permissionsAsked = 0;

/**
 * Asks the server what this page's token may do and offers only that. A server that
 * cannot say (no /api/session, or unreachable) leaves everything offered; a 401 signs out.
 */
async function refreshPermissions() {
  const asked = ++permissionsAsked;
  let session = null;
  try {
    session = await api.session();
  } catch (error) {
    if (error.status === 401) return;
  }
  if (asked === permissionsAsked) offer(permissions(session));
}

/** Shows the controls `next` allows and hides the others (the server checks every request anyway). */
function offer(next) {
  can = next;
  $("upload-button").hidden = !can.write;
  $("new-folder-button").hidden = !can.write;
  const role = $("role-label");
  role.hidden = can.role === null;
  role.textContent = can.role ?? "";
  role.title = can.refusal ?? (can.restore ? "This token may change files and restore versions" : "This token may change files");
  listing.refreshActions();
  versions.refresh();
  if (state.loaded) render();
}

const signIn = createSignIn($("sign-in"), {
  signIn: async (token) => {
    tokens.token = token;
    await synced.reload();
    await refreshPermissions();
    showView();
  },
});

/** Shows the files and follows changes; the server has just accepted this page (or needs no token). */
function showView() {
  signIn.hide();
  document.getElementById("main").hidden = false;
  $("sign-out").hidden = tokens.token === null;
  live.start();
}

/** Forgets the token and everything it showed, and asks for a token, saying `message`. */
function signOut(message, kind) {
  tokens.clear();
  live.stop();
  showStatus("refused");
  for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
  document.getElementById("main").hidden = true;
  wasLive = false;
  permissionsAsked++;
  offer(UNKNOWN);
  listing.clear();
  $("sign-out").hidden = true;
  signIn.show(message, kind);
}

async function start() {
  wire();
  renderSortHeaders();
  renderBreadcrumbs();
  synced.restart = () => live.restart();
  $("connection-retry").addEventListener("click", () => live.retryNow());
  $("sign-out").addEventListener("click", () => signOut("You are signed out. Enter a token to sign in again.", "info"));
  try {
    await synced.reload();
  } catch (error) {
    if (error.status === 401) return;
    $("loading-state").querySelector(".empty-hint").textContent = `Could not load the file list: ${error.message}`;
  }
  await refreshPermissions();
  showView();
}

start();
