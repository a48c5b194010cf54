// Small behaviours HTMX does not cover. Safe to run more than once (htmx.onLoad).
(function () {
  "use strict";

  function announce(text, level) {
    var region = document.getElementById("messages");
    if (!region) return;
    var note = document.createElement("div");
    note.setAttribute("data-message", "");
    note.className = "rounded shadow px-4 py-2 text-sm " +
      (level === "error" ? "bg-red-700 text-white" : "bg-emerald-700 text-white");
    note.textContent = text;
    region.appendChild(note);
  }

  // Messages fade out after a while; the live region has already announced them.
  function expireMessages(root) {
    root.querySelectorAll("[data-message]:not([data-expiring])").forEach(function (el) {
      el.setAttribute("data-expiring", "");
      setTimeout(function () { el.remove(); }, 6000);
    });
  }

  document.addEventListener("keydown", function (event) {
    // "/" jumps to the page's search box, unless the user is typing somewhere.
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) return;
    var box = document.querySelector("[data-search]");
    if (box) { event.preventDefault(); box.focus(); box.select(); }
  });

  // A stock form's POST that got no answer, or Nginx's 502/504 (its app server lost),
  // is sent once more with the same idempotency key: the server books it once and the
  // retry shows the one outcome (apps/core/idempotency.py).
  function retryOnce(event) {
    var elt = event.detail.elt;
    var form = elt && (elt.tagName === "FORM" ? elt : elt.closest && elt.closest("form"));
    var verb = (event.detail.requestConfig && event.detail.requestConfig.verb) || "";
    if (!form || verb.toLowerCase() !== "post" || !form.querySelector("input[name='idempotency_key']")) return false;
    if (form.getAttribute("data-retried")) return false;
    form.setAttribute("data-retried", "1");
    window.setTimeout(function () { htmx.trigger(form, "submit"); }, 300);
    return true;
  }
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (event.detail.successful && elt && elt.removeAttribute) elt.removeAttribute("data-retried");
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    if ((status === 502 || status === 504) && retryOnce(event)) return;
    // A message from the server (e.g. a write stopped by a lock timeout) says it best.
    var text = event.detail.xhr.getResponseHeader("X-Stockroom-Message") || (
      status === 403 ? "You do not have permission to do that." :
      status === 404 ? "That record no longer exists." :
      status === 503 ? "The database is unavailable; try again in a moment." :
      "Something went wrong (" + status + "). Please try again.");
    announce(text, "error");
  });
  document.addEventListener("htmx:sendError", function (event) {
    if (retryOnce(event)) return;
    announce("The server cannot be reached. Check the connection and try again.", "error");
  });

  // Swaps that nobody asked for (a panel loading itself, a refresh after a stock change)
  // never move focus: it stays where the user is (e.g. on the button that opened a dialog).
  function userAsked(detail) {
    var config = detail.requestConfig || {};
    var trigger = config.triggeringEvent;
    if (trigger && trigger.type === "stockChanged") return false;
    var elt = config.elt;
    return !(!trigger && elt && elt.getAttribute && /\bload\b/.test(elt.getAttribute("hx-trigger") || ""));
  }

  // After a swap, move focus to what the new content asks for, so keyboard and
  // screen-reader users land on it.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt;
    if (!target || !target.querySelector) return;
    // An outerHTML swap settles on the new element itself (e.g. a list's <tbody>).
    var wanted = target.matches && target.matches("[data-focus-after-swap]")
      ? target : target.querySelector("[data-focus-after-swap]");
    if (!wanted) return;
    // Once only: a later request from the same region (e.g. totals recomputed on
    // change, swap none) must not pull focus back while the user has moved on.
    wanted.removeAttribute("data-focus-after-swap");
    if (!userAsked(event.detail) || document.activeElement === wanted) return;
    // A focused table taller than the window would be scrolled to its top, hiding the
    // toolbar above it that was just used (e.g. "Select rows to move…"): scroll only
    // when its top is off screen (after "Next" at the bottom of a long page).
    wanted.focus({ preventScroll: true });
    var top = wanted.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight) wanted.scrollIntoView({ block: "start" });
  });

  // Dialogs. Content swapped into #dialog-content opens the dialog; the server closes
  // it with the HX-Trigger event "closeDialog"; [data-close-dialog] buttons close it.
  // Focus goes into the dialog (to the first invalid field after a 422), and back to
  // what opened it when it closes.
  var opener = null; // {elt, key}: what opened the dialog, and how to find it again
  var returnUntil = 0; // a refresh replacing the opener just after the close: follow it

  function openerKey(elt) {
    return elt.getAttribute("hx-get") || elt.getAttribute("href") || (elt.id ? "#" + elt.id : null);
  }
  function findOpener() {
    if (!opener) return null;
    if (opener.elt.isConnected) return opener.elt;
    if (!opener.key) return null;
    var key = window.CSS && CSS.escape ? CSS.escape(opener.key) : opener.key;
    return document.querySelector('[hx-get="' + key + '"], a[href="' + key + '"]') ||
      (opener.key.charAt(0) === "#" ? document.querySelector(opener.key) : null);
  }
  function returnFocus() {
    var elt = findOpener();
    if (elt && document.activeElement !== elt) elt.focus();
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    var dialog = document.getElementById("dialog");
    if (!target || target.id !== "dialog-content" || !dialog || dialog.open) return;
    var elt = event.detail.elt;
    // A form (the scan box) is not focusable: its field is.
    var origin = elt && elt.matches && elt.matches("form") ? document.activeElement : elt;
    opener = origin && origin !== document.body && origin.focus ? { elt: origin, key: openerKey(origin) } : null;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "dialog-content") return;
    var dialog = document.getElementById("dialog");
    if (target.querySelector("#dialog-title")) dialog.setAttribute("aria-labelledby", "dialog-title");
    else dialog.removeAttribute("aria-labelledby");
    if (!dialog.open) dialog.showModal();
    var first = target.querySelector("[aria-invalid=true]") ||
      target.querySelector("[autofocus], input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  });
  // The page refreshed what opened the dialog (e.g. the part header after a receipt).
  document.addEventListener("htmx:afterSettle", function () {
    if (Date.now() > returnUntil) return;
    var active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) returnFocus();
  });
  document.addEventListener("closeDialog", function () {
    var dialog = document.getElementById("dialog");
    if (dialog && dialog.open) dialog.close();
  });
  document.addEventListener("click", function (event) {
    var closer = event.target.closest && event.target.closest("[data-close-dialog]");
    if (!closer) return;
    var dialog = closer.closest("dialog");
    if (dialog) dialog.close();
  });
  document.addEventListener("close", function (event) {
    if (event.target.id !== "dialog") return;
    document.getElementById("dialog-content").innerHTML = "";
    event.target.removeAttribute("aria-labelledby");
    returnFocus();
    returnUntil = Date.now() + 3000;
  }, true);

  // A "Cancel" on a table row that was added on the page (nothing saved yet) removes it.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-remove-row]");
    if (button && button.closest("tr")) button.closest("tr").remove();
  });

  // The server can announce a message with HX-Trigger: {"showMessage": "text"}.
  document.addEventListener("showMessage", function (event) {
    var detail = event.detail || {};
    announce(detail.value || detail.message || String(detail), detail.level);
  });

  // The header's Menu on a phone: a link to the menu (shown by :target without
  // JavaScript), here a toggle.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-menu-toggle]");
    if (!toggle) return;
    event.preventDefault();
    var menu = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.toggleAttribute("data-open", open);
  });

  // Parts of a page folded behind a summary on a phone (details.fold: filters, bulk
  // actions) are open from 48rem up, where the CSS already shows them.
  var wide = window.matchMedia("(min-width: 48rem)");
  function openFolds(root) {
    if (!wide.matches) return;
    root.querySelectorAll("details.fold").forEach(function (fold) { fold.open = true; });
  }
  wide.addEventListener("change", function () {
    document.querySelectorAll("details.fold").forEach(function (fold) { fold.open = wide.matches; });
  });

  function ready(fn) {
    if (window.htmx) { window.htmx.onLoad(fn); } else {
      document.addEventListener("DOMContentLoaded", function () { fn(document.body); });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    ready(function (root) { expireMessages(document); openFolds(root); });
  });
})();

// Trees (locations, categories): a toggle loads a level once (htmx), then opens and
// closes it locally.
(function () {
  "use strict";
  if (window.stockroomTree) return; // loaded once per page, even if included twice
  window.stockroomTree = true;

  function toggleFor(group) {
    return document.querySelector('[data-tree-toggle][aria-controls="' + group.id + '"]');
  }

  // Capture phase: runs before htmx's own listener, so a loaded level is not fetched again.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-tree-toggle]");
    if (!toggle) return;
    var group = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!group || !group.hasAttribute("data-loaded")) return;
    event.preventDefault();
    event.stopPropagation();
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
    group.hidden = open;
  }, true);

  // The toggles are links styled as buttons: Space works like Enter.
  document.addEventListener("keydown", function (event) {
    if (event.key !== " ") return;
    var toggle = event.target.closest && event.target.closest("[data-tree-toggle]");
    if (!toggle) return;
    event.preventDefault();
    toggle.click();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var group = event.detail.target;
    if (!group || !group.hasAttribute || !group.hasAttribute("data-tree-group")) return;
    group.setAttribute("data-loaded", "");
    group.hidden = false;
    var toggle = toggleFor(group);
    if (toggle) toggle.setAttribute("aria-expanded", "true");
  });
})();

// Export links (templates/components/export_links.html): the list's current query string
// (search, filters, sort, as HTMX has pushed it into the URL) at the moment of the click.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-export]");
    if (!link) return;
    var target = new URL(link.getAttribute("data-export"), window.location.href);
    new URLSearchParams(window.location.search).forEach(function (value, key) {
      if (key !== "page" && key !== "after" && key !== "before" && key !== "format") target.searchParams.set(key, value);
    });
    // Exports name a file format; other list links (labels for all that match) do not.
    if (link.getAttribute("data-format")) target.searchParams.set("format", link.getAttribute("data-format"));
    link.href = target.pathname + target.search;
  });
})();
