// The sign-in form a server with `auth` needs: one token field, the server's reason for
// the last refusal, and a button that tries the token at once.

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/**
 * Wires the form in `section`. `signIn(token)` (async) tries a non-empty token and throws
 * an error whose message is shown when the server refuses it. Returns {show, hide, shown}.
 */
export function createSignIn(section, { signIn }) {
  const form = section.querySelector("form");
  const input = byTestId("token-input");
  const message = byTestId("sign-in-message");
  const button = byTestId("sign-in-submit");

  function say(text, kind) {
    message.textContent = text;
    message.dataset.kind = kind;
    message.setAttribute("role", kind === "error" ? "alert" : "status");
    if (kind === "error") input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (token === "") {
      say("Enter your access token.", "error");
      input.focus();
      return;
    }
    button.disabled = true;
    say("Signing in…", "info");
    try {
      await signIn(token);
      input.value = "";
    } catch (error) {
      say(error.message, "error");
      input.select();
    } finally {
      button.disabled = false;
    }
  });

  return {
    /** Shows the form with `text` ("error": why the server refused; "info": anything else). */
    show(text, kind = "error") {
      say(text, kind);
      if (section.hidden) {
        section.hidden = false;
        input.focus();
      }
    },
    hide() {
      section.hidden = true;
      say("", "info");
    },
    get shown() {
      return !section.hidden;
    },
  };
}
