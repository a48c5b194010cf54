// The reorder list: choosing a supplier for a part ticks the part's row (issue 12), so a
// part is never left out of the drafts because its box stayed empty. The server refuses
// a chosen supplier on an unticked row too (without JavaScript). Safe to load twice.
(function () {
  "use strict";
  if (window.__reorderTicks) return;
  window.__reorderTicks = true;

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-ticks]")) return;
    var box = document.getElementById(select.getAttribute("data-ticks"));
    if (box && select.value) box.checked = true;
  });
})();
