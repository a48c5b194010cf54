// Catalog pages: row selection for bulk actions, Escape in the inline editor, tabs.
(function () {
  "use strict";
  if (window.stockroomCatalog) return; // loaded once per page
  window.stockroomCatalog = true;

  // A list's URL carries only what differs from the defaults: empty filters are left
  // out of the request (and so out of the pushed URL).
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.verb !== "get" || !event.detail.elt.closest) return;
    if (!event.detail.elt.closest("[data-compact-params]")) return;
    var params = event.detail.parameters;
    // htmx 2 passes FormData-like parameters; collect names first, then delete.
    var empty = [];
    if (typeof params.forEach === "function") {
      params.forEach(function (value, name) { if (value === "") empty.push(name); });
      empty.forEach(function (name) { params.delete(name); });
    } else {
      Object.keys(params).forEach(function (name) { if (params[name] === "") delete params[name]; });
    }
  });

  // "Select all on this page" ticks every row box of the list.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-select-all]")) {
      var table = box.closest("table");
      table.querySelectorAll("tbody input[name=ids]").forEach(function (row) { row.checked = box.checked; });
    } else if (box.matches && box.matches("tbody input[name=ids]")) {
      var all = box.closest("table").querySelector("[data-select-all]");
      if (all && !box.checked) all.checked = false;
    }
  });

  // A reorder point in the list opens its inline editor in place of the row (the link
  // itself is the page for it without JavaScript). Delegated: rows stay small.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("tbody a.edit");
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    window.htmx.ajax("GET", link.getAttribute("href"), {
      source: link, target: link.closest("tr"), swap: "outerHTML"
    });
  });

  // Escape in an inline editor goes back to the row as it was.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !window.htmx) return;
    var input = event.target.closest && event.target.closest("[data-cancel-url]");
    if (!input) return;
    event.preventDefault();
    window.htmx.ajax("GET", input.getAttribute("data-cancel-url"), {
      source: input, target: input.closest("tr"), swap: "outerHTML"
    });
  });

  // Tabs (role=tablist): the selected tab follows clicks; arrow keys move between tabs.
  function selectTab(tab) {
    var list = tab.closest("[role=tablist]");
    list.querySelectorAll("[role=tab]").forEach(function (other) {
      var selected = other === tab;
      other.setAttribute("aria-selected", selected ? "true" : "false");
      other.setAttribute("tabindex", selected ? "0" : "-1");
    });
    var panel = document.getElementById(tab.getAttribute("aria-controls"));
    if (panel) panel.setAttribute("aria-labelledby", tab.id);
  }
  document.addEventListener("click", function (event) {
    var tab = event.target.closest && event.target.closest("[role=tab]");
    if (tab) selectTab(tab);
  });
  // Opening a tab (or the panel's first load) leaves focus where it was: a panel's own
  // "focus after swap" is for paging inside it, not for opening it.
  var focusBefore = null;
  // Taken just before the swap (not when the request left): the user may have moved
  // focus, e.g. onto a tab, while the panel was loading.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    var opensPanel = elt && elt.getAttribute && (elt.getAttribute("role") === "tab" || elt.id === "tab-panel");
    focusBefore = opensPanel ? document.activeElement : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!focusBefore || !event.detail.target || event.detail.target.id !== "tab-panel") return;
    var panel = event.detail.target;
    if (focusBefore !== document.body && document.body.contains(focusBefore)) {
      focusBefore.focus();
    } else if (panel.contains(document.activeElement)) {
      document.activeElement.blur();
    }
    focusBefore = null;
  });

  document.addEventListener("keydown", function (event) {
    var tab = event.target.closest && event.target.closest("[role=tab]");
    if (!tab || ["ArrowLeft", "ArrowRight", "Home", "End"].indexOf(event.key) < 0) return;
    var tabs = Array.prototype.slice.call(tab.closest("[role=tablist]").querySelectorAll("[role=tab]"));
    var index = tabs.indexOf(tab);
    var next = event.key === "ArrowRight" ? tabs[(index + 1) % tabs.length] :
      event.key === "ArrowLeft" ? tabs[(index - 1 + tabs.length) % tabs.length] :
      event.key === "Home" ? tabs[0] : tabs[tabs.length - 1];
    event.preventDefault();
    next.focus();
    next.click();
  });
})();
