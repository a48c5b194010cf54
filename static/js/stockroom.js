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

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    var text = status === 403 ? "You do not have permission to do that." :
      status === 404 ? "That record no longer exists." :
      status === 503 ? "The database is unavailable; try again in a moment." :
      "Something went wrong (" + status + "). Please try again.";
    announce(text, "error");
  });
  document.addEventListener("htmx:sendError", function () {
    announce("The server cannot be reached. Check the connection and try again.", "error");
  });

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
    if (document.activeElement === wanted) return;
    // A focused table taller than the window would be scrolled to its top, hiding the
    // toolbar above it that was just used (e.g. "Select rows to move…"): scroll only
    // when its top is off screen (after "Next" at the bottom of a long page).
    wanted.focus({ preventScroll: true });
    var top = wanted.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight) wanted.scrollIntoView({ block: "start" });
  });

  // Dialogs. Content swapped into #dialog-content opens the dialog; the server closes
  // it with the HX-Trigger event "closeDialog"; [data-close-dialog] buttons close it.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "dialog-content") return;
    var dialog = document.getElementById("dialog");
    if (!dialog.open) dialog.showModal();
    var first = target.querySelector("[autofocus], [aria-invalid=true], input:not([type=hidden]), select, textarea");
    if (first) first.focus();
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
    if (event.target.id === "dialog") document.getElementById("dialog-content").innerHTML = "";
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

  function ready(fn) {
    if (window.htmx) { window.htmx.onLoad(fn); } else {
      document.addEventListener("DOMContentLoaded", function () { fn(document.body); });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    ready(function (root) { expireMessages(document); });
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
    target.searchParams.set("format", link.getAttribute("data-format"));
    link.href = target.pathname + target.search;
  });
})();
