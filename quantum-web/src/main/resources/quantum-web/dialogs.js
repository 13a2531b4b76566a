// Modal confirmation and text-entry dialogs on real <dialog> elements: focus is
// trapped and restored by the browser, Escape cancels.

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/**
 * Asks for confirmation. Resolves true when the person confirms, false on Cancel or Escape.
 * `danger` styles the confirm button as destructive.
 */
export function confirmAction({ title, text, confirmLabel, danger = true }) {
  const dialog = byTestId("confirm-dialog");
  dialog.querySelector(".dialog-title").textContent = title;
  dialog.querySelector(".dialog-text").textContent = text;
  const accept = byTestId("confirm-accept");
  accept.textContent = confirmLabel;
  accept.classList.toggle("button-danger", danger);
  accept.classList.toggle("button-primary", !danger);
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
    dialog.showModal();
    byTestId("confirm-cancel").focus();
  });
}

/**
 * Asks for a line of text. `validate(value)` returns an error to show (the dialog stays
 * open) or null; `submit(value)` (async) performs the action and may throw an error whose
 * message is shown in the dialog. Resolves to the accepted value, or null when cancelled.
 * `select` is [start, end] of the initial selection; `suggestions` fills a datalist.
 */
export function promptText({ title, label, hint = "", value = "", submitLabel, select, suggestions, validate, submit }) {
  const dialog = byTestId("prompt-dialog");
  const input = byTestId("prompt-input");
  const error = byTestId("prompt-error");
  const button = byTestId("prompt-submit");
  dialog.querySelector(".dialog-title").textContent = title;
  dialog.querySelector(".field-label").textContent = label;
  dialog.querySelector(".field-hint").textContent = hint;
  button.textContent = submitLabel;
  error.textContent = "";
  input.value = value;
  input.removeAttribute("aria-invalid");
  fillSuggestions(input, suggestions);

  return new Promise((resolve) => {
    const form = dialog.querySelector("form");
    const cancel = byTestId("prompt-cancel");
    const onCancel = () => dialog.close("cancel");
    const onSubmit = async (event) => {
      event.preventDefault();
      const text = input.value;
      const problem = validate?.(text) ?? null;
      if (problem !== null) return showError(problem);
      button.disabled = true;
      try {
        await submit?.(text);
        dialog.close("ok");
      } catch (e) {
        showError(e.message);
      } finally {
        button.disabled = false;
      }
    };
    const showError = (message) => {
      error.textContent = message;
      input.setAttribute("aria-invalid", "true");
      input.focus();
    };
    form.addEventListener("submit", onSubmit);
    cancel.addEventListener("click", onCancel);
    dialog.addEventListener("close", () => {
      form.removeEventListener("submit", onSubmit);
      cancel.removeEventListener("click", onCancel);
      resolve(dialog.returnValue === "ok" ? input.value : null);
    }, { once: true });
    dialog.returnValue = "";
    dialog.showModal();
    input.focus();
    const [start, end] = select ?? [value.length, value.length];
    input.setSelectionRange(start, end);
  });
}

function fillSuggestions(input, suggestions) {
  const list = document.getElementById("folder-list");
  if (!suggestions) {
    input.removeAttribute("list");
    list.replaceChildren();
    return;
  }
  input.setAttribute("list", "folder-list");
  list.replaceChildren(...suggestions.map((s) => Object.assign(document.createElement("option"), { value: s })));
}
