// Path helpers for the server's relative, "/"-separated paths ("" is the root folder).

/** The folder that holds `path` ("" for a top-level entry). */
export function parentOf(path) {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** The last segment of `path`. */
export function nameOf(path) {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** `folder` and `name` joined with "/", where folder "" is the root. */
export function join(folder, name) {
  return folder === "" ? name : `${folder}/${name}`;
}

/** Whether `path` is `ancestor` itself or lies somewhere below it. */
export function isSameOrBelow(path, ancestor) {
  return ancestor === "" || path === ancestor || path.startsWith(`${ancestor}/`);
}

/** Every proper ancestor folder of `path`, outermost first, without the root. */
export function ancestorsOf(path) {
  const segments = path.split("/");
  const result = [];
  for (let i = 1; i < segments.length; i++) {
    result.push(segments.slice(0, i).join("/"));
  }
  return result;
}

/** The URL form of a path: every segment percent-encoded, "/" kept. */
export function encodePath(path) {
  return path.split("/").map(encodeURIComponent).join("/");
}

/**
 * Why `input` cannot be a relative path on the server, or null when it looks valid.
 * The server has the final word; this only catches mistakes before a round trip.
 */
export function pathProblem(input) {
  if (input.trim() === "") return "Enter a name.";
  if (input.startsWith("/")) return "Use a path relative to the top folder, without a leading /.";
  if (input.includes("\\")) return "Names cannot contain \\.";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(input)) return "Names cannot contain control characters.";
  const segments = input.split("/");
  if (segments.some((s) => s === "")) return "Remove the empty folder name (double or trailing /).";
  if (segments.some((s) => s === "." || s === "..")) return "Names cannot be . or ..";
  if (segments[0] === ".quantum") return ".quantum is reserved for the server's own data.";
  return null;
}

/** Path from a location hash such as "#/docs/2024" → "docs/2024"; "" for the root. */
export function folderFromHash(hash) {
  const raw = hash.replace(/^#\/?/, "");
  if (raw === "") return "";
  try {
    return raw.split("/").filter((s) => s !== "").map(decodeURIComponent).join("/");
  } catch {
    return "";
  }
}

/** The location hash that shows `folder`. */
export function hashForFolder(folder) {
  return folder === "" ? "#/" : `#/${encodePath(folder)}`;
}
