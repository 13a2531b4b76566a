// What the page offers, from the server's answer to GET /api/session. A courtesy only:
// the server checks every request, and a refusal (403) is still shown as before.

/** What the page offers when it cannot tell (a server without /api/session): everything, as before. */
export const UNKNOWN = Object.freeze({ write: true, restore: true, role: null, refusal: null });

const ROLES = ["read-only", "read-write", "admin"];

/**
 * Maps a session {auth, role, upload} to {write, restore, role, refusal}: whether uploads,
 * new folders, renames and deletes are offered (read-write or admin, with uploads enabled),
 * whether restoring a version is (admin, with uploads enabled), the role to show (null
 * without auth) and why writes are not offered (null when they are). Anything that is
 * not such a session gives UNKNOWN.
 */
export function permissions(session) {
  if (session === null || typeof session !== "object" || !ROLES.includes(session.role)) return UNKNOWN;
  const upload = session.upload !== false;
  const rank = ROLES.indexOf(session.role);
  const write = upload && rank >= ROLES.indexOf("read-write");
  return Object.freeze({
    write,
    restore: upload && rank >= ROLES.indexOf("admin"),
    role: session.auth === true ? session.role : null,
    refusal: !upload ? "Uploads are disabled on this server" : write ? null : "This token can only read",
  });
}
