// The page's DOM: views, messages, busy buttons and the two tables. Every
// text goes in through textContent, never as HTML (the page's CSP enforces
// Trusted Types, so an innerHTML would throw).

export const $ = (id) => document.getElementById(id);

// el builds an element with properties and children (strings or nodes).
export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// show makes one of the <section class="view"> visible, hides the rest,
// and moves focus to its first field or button, for keyboard users.
export function show(viewId) {
  for (const view of document.querySelectorAll(".view")) view.hidden = view.id !== viewId;
  const first = $(viewId).querySelector("input:not([type=hidden]), button");
  if (first) first.focus();
}

// showError puts a message in the alert area, which screen readers read
// out as soon as it changes (role="alert").
export function showError(err) {
  const alert = $("alert");
  alert.textContent = err instanceof Error ? err.message : String(err);
  alert.hidden = false;
}

// showStatus says what just happened, politely (role="status").
export function showStatus(text) {
  $("status").textContent = text;
}

export function clearMessages() {
  $("alert").hidden = true;
  $("alert").textContent = "";
  showStatus("");
}

// actionButton is a button (with props such as id, textContent,
// className) whose click runs action, busy.
export function actionButton(props, action) {
  const button = el("button", { type: "button", ...props });
  button.addEventListener("click", busy(button, action));
  return button;
}

// busy runs action for a click or a submit: it clears old messages,
// disables the control and its form while the request runs, and shows any
// error, so that no failure is silent and nothing is sent twice.
export function busy(control, action) {
  return async (event) => {
    if (event) event.preventDefault();
    const group = control.closest("form, section") || control;
    const controls = group.querySelectorAll("button, input");
    clearMessages();
    controls.forEach((c) => { c.disabled = true; });
    group.setAttribute("aria-busy", "true");
    try {
      await action();
    } catch (err) {
      showError(err);
    } finally {
      controls.forEach((c) => { c.disabled = false; });
      group.removeAttribute("aria-busy");
    }
  };
}

// TIME_CLAIMS are seconds since 1970, shown with their date as well.
const TIME_CLAIMS = new Set(["exp", "iat", "auth_time", "nbf"]);

function claimValue(name, value) {
  if (TIME_CLAIMS.has(name) && typeof value === "number") return `${value} (${new Date(value * 1000).toISOString()})`;
  return typeof value === "string" ? value : JSON.stringify(value);
}

// renderClaims fills the claims table's body, one row per claim.
export function renderClaims(tbody, claims) {
  tbody.replaceChildren(...Object.entries(claims).map(([name, value]) =>
    el("tr", {}, el("th", { scope: "row", textContent: name }), el("td", { textContent: claimValue(name, value) }))));
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "never";
}

// renderPasskeys fills the list of passkeys, each with a Delete button
// that calls onDelete(passkey, button).
export function renderPasskeys(list, passkeys, onDelete) {
  list.replaceChildren(...passkeys.map((p) => {
    const name = p.name || "Unnamed passkey";
    const remove = actionButton({ className: "danger", textContent: "Delete" }, () => onDelete(p));
    remove.setAttribute("aria-label", `Delete ${name}`);
    const details = [`added ${when(p.createdAt)}`, `last used ${when(p.lastUsedAt)}`];
    if (p.backupEligible) details.push(p.backedUp ? "synced" : "can sync");
    if (p.transports && p.transports.length) details.push(p.transports.join(", "));
    return el("li", { className: "passkey" },
      el("div", {}, el("strong", { textContent: name }), el("small", { textContent: details.join(" · ") })),
      remove);
  }));
}
