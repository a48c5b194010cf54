// The floor screen's − and + (apps/floor/templates/floor/part.html): with JavaScript they
// change the quantity in place; without it they are submit buttons the server answers.
(function () {
  "use strict";
  function setup(root) {
    root.querySelectorAll("[data-floor-form] [data-step]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.type = "button";
      button.addEventListener("click", function () {
        var input = button.form.querySelector("input[name=quantity]");
        var value = parseFloat((input.value || "0").replace(",", ".")) || 0;
        var next = Math.max(0, Math.round((value + Number(button.dataset.step)) * 1000) / 1000);
        input.value = String(next);
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(document); });
  } else {
    setup(document);
  }
})();
