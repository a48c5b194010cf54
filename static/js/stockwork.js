// Stock work: fast keyboard entry for counts and the scan box. Safe to load twice.
(function () {
  "use strict";
  if (window.stockworkLoaded) return;
  window.stockworkLoaded = true;

  // Stocktake lines: Enter moves to the next line's input (the change event saves the
  // line being left, via its hx-post); Shift+Enter goes back.
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.matches || !input.matches("[data-count-input]")) return;
    event.preventDefault();
    var inputs = Array.prototype.slice.call(document.querySelectorAll("[data-count-input]"));
    var index = inputs.indexOf(input);
    var next = inputs[index + (event.shiftKey ? -1 : 1)];
    if (next) { next.focus(); next.select(); }
    else { input.dispatchEvent(new Event("change", { bubbles: true })); input.select(); }
  });

  // After a line is saved its row is replaced: keep the focus where the user is.
  document.addEventListener("htmx:afterSwap", function (event) {
    var row = event.detail.target;
    if (!row || !row.id || row.id.indexOf("line-") !== 0) return;
    var invalid = document.querySelector("#" + row.id + " [aria-invalid=true]");
    if (invalid && document.activeElement === document.body) invalid.focus();
  });

  // The scan box: an unknown code stays selected so the next scan replaces it.
  document.addEventListener("scanUnknown", function () {
    var box = document.getElementById("scan-code");
    if (box) { box.focus(); box.select(); }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.id === "scan-form") {
      var box = document.getElementById("scan-code");
      if (box && !box.value.trim()) event.preventDefault();
    }
  });
})();
