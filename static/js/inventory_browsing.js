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
