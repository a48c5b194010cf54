// The location tree: toggles load a level once (htmx), then open and close it locally.
(function () {
  "use strict";
  if (window.stockroomLocationTree) return; // loaded once per page, even if included twice
  window.stockroomLocationTree = true;

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

// "Select all" checkboxes of the stock tables (bulk actions work on name="selected").
(function () {
  "use strict";
  if (window.stockroomSelectAll) return;
  window.stockroomSelectAll = true;
  document.addEventListener("change", function (event) {
    var all = event.target.closest && event.target.closest("[data-select-all]");
    if (!all) return;
    var table = all.closest("table");
    table.querySelectorAll('input[type=checkbox][name="selected"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();

// The stock list's quantities are its Count links: opened in the dialog like the other
// stock-work links (the link itself is the count page without JavaScript). Delegated, so
// the rows, which a search sends 25 to 100 at a time, carry no htmx attributes.
(function () {
  "use strict";
  if (window.stockroomCountLinks) return;
  window.stockroomCountLinks = true;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-count-links] td:last-child a");
    if (!link || !window.htmx || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    window.htmx.ajax("GET", link.getAttribute("href"), {
      source: link, target: "#dialog-content", swap: "innerHTML"
    });
  });
})();
