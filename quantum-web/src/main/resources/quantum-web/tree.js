// The in-memory copy of the server's tree: every file and folder by path, kept current
// by applying the same operations the server broadcasts. No DOM, no network.

import { ancestorsOf, isSameOrBelow, parentOf } from "./paths.js";

/** One entry as the server describes it (FileMetadata), with its date parsed. */
function entryOf(metadata) {
  return {
    path: metadata.path,
    size: Number(metadata.size) || 0,
    modified: new Date(metadata.modified),
    hash: metadata.hash ?? "",
    isDirectory: Boolean(metadata.is_directory),
  };
}

function sameEntry(a, b) {
  return a.isDirectory === b.isDirectory && a.size === b.size && a.hash === b.hash
    && a.modified.getTime() === b.modified.getTime();
}

/**
 * Files and folders by path with an index of each folder's children. Every mutating
 * method returns the set of paths whose entry appeared or changed (`touched`) and the
 * set that disappeared (`removed`), so a view can highlight exactly those.
 */
export class FileTree {
  #entries = new Map();
  #children = new Map([["", new Set()]]);

  /** The entry at `path`, or undefined; the root "" is not an entry. */
  get(path) {
    return this.#entries.get(path);
  }

  has(path) {
    return this.#entries.has(path);
  }

  get size() {
    return this.#entries.size;
  }

  /** Whether `path` is the root or an existing folder. */
  isFolder(path) {
    return path === "" || this.#entries.get(path)?.isDirectory === true;
  }

  /** The direct children of `folder`, unsorted. */
  childrenOf(folder) {
    const paths = this.#children.get(folder) ?? new Set();
    return [...paths].map((p) => this.#entries.get(p));
  }

  /** Every folder path, sorted, for move destinations. */
  folders() {
    return [...this.#entries.values()].filter((e) => e.isDirectory).map((e) => e.path).sort();
  }

  /** How many entries lie below `folder` at any depth. */
  countBelow(folder) {
    let count = 0;
    for (const path of this.#entries.keys()) {
      if (path !== folder && isSameOrBelow(path, folder)) count++;
    }
    return count;
  }

  /** Replaces everything with a full listing; reports the differences to the old state. */
  replaceAll(list) {
    const before = new Map(this.#entries);
    this.#entries.clear();
    this.#children = new Map([["", new Set()]]);
    const touched = new Set();
    for (const metadata of list) this.#put(entryOf(metadata), touched);
    const changed = new Set();
    for (const path of touched) {
      const old = before.get(path);
      if (old === undefined || !sameEntry(old, this.#entries.get(path))) changed.add(path);
    }
    const removed = new Set([...before.keys()].filter((p) => !this.#entries.has(p)));
    return { touched: changed, removed };
  }

  /**
   * Applies one broadcast operation ({"Create":{metadata}}, {"Update":{metadata}},
   * {"Delete":{path}} or {"Move":{from,to}}); a Delete or Move of a folder takes its
   * whole subtree along. Applying an operation twice is harmless.
   */
  apply(operation) {
    const touched = new Set();
    const removed = new Set();
    const kind = Object.keys(operation ?? {})[0];
    const body = operation?.[kind] ?? {};
    switch (kind) {
      case "Create":
      case "Update":
        this.#upsert(entryOf(body.metadata), touched, removed);
        break;
      case "Delete":
        this.#removeSubtree(body.path, removed);
        break;
      case "Move":
        this.#move(body.from, body.to, touched, removed);
        break;
      default:
        throw new Error(`unknown operation ${JSON.stringify(operation)}`);
    }
    for (const path of touched) removed.delete(path);
    return { touched, removed };
  }

  #upsert(entry, touched, removed) {
    const old = this.#entries.get(entry.path);
    if (old !== undefined && old.isDirectory && !entry.isDirectory) {
      this.#removeSubtree(entry.path, removed);
    }
    if (old === undefined || !sameEntry(old, entry)) this.#put(entry, touched);
  }

  #put(entry, touched) {
    for (const folder of ancestorsOf(entry.path)) {
      if (!this.#entries.has(folder)) {
        this.#link({ path: folder, size: 0, modified: entry.modified, hash: "", isDirectory: true });
        touched.add(folder);
      }
    }
    this.#link(entry);
    touched.add(entry.path);
  }

  #link(entry) {
    this.#entries.set(entry.path, entry);
    const parent = parentOf(entry.path);
    if (!this.#children.has(parent)) this.#children.set(parent, new Set());
    this.#children.get(parent).add(entry.path);
    if (entry.isDirectory && !this.#children.has(entry.path)) this.#children.set(entry.path, new Set());
  }

  #removeSubtree(path, removed) {
    if (!this.#entries.has(path)) return [];
    const gone = [...this.#entries.values()].filter((e) => isSameOrBelow(e.path, path));
    for (const entry of gone) {
      this.#entries.delete(entry.path);
      this.#children.delete(entry.path);
      this.#children.get(parentOf(entry.path))?.delete(entry.path);
      removed.add(entry.path);
    }
    return gone;
  }

  #move(from, to, touched, removed) {
    if (from === to || !this.#entries.has(from)) return;
    const moving = this.#removeSubtree(from, removed);
    this.#removeSubtree(to, removed);
    for (const entry of moving) {
      const path = to + entry.path.slice(from.length);
      this.#put({ ...entry, path }, touched);
    }
  }
}
