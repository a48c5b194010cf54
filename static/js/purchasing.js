// The purchase order form's part picker: suggestions arrive from the server (hx-get on
// the combobox); this file makes them keyboard selectable and fills the line when a
// part is chosen. Safe to load more than once.
(function () {
  "use strict";
  if (window.__purchasingPicker) return;
  window.__purchasingPicker = true;

  function options(prefix) {
    var box = document.getElementById(prefix + "-suggestions");
    return box ? Array.prototype.slice.call(box.querySelectorAll("[data-pick]")) : [];
  }

  function close(prefix) {
    var box = document.getElementById(prefix + "-suggestions");
    if (box) box.innerHTML = "";
    var input = document.getElementById(prefix + "-part_label");
    if (input) input.setAttribute("aria-expanded", "false");
  }

  function pick(button) {
    var prefix = button.getAttribute("data-prefix");
    var part = document.getElementById(prefix + "-part");
    var label = document.getElementById(prefix + "-part_label");
    var price = document.getElementById(prefix + "-unit_price");
    var quantity = document.getElementById(prefix + "-quantity");
    var moq = document.getElementById(prefix + "-moq");
    part.value = button.getAttribute("data-id");
    label.value = button.getAttribute("data-label");
    var supplierPrice = button.getAttribute("data-price");
    if (supplierPrice) {
      price.value = supplierPrice;
    } else if (!price.value) {
      price.value = button.getAttribute("data-cost");
    }
    var minimum = button.getAttribute("data-moq");
    if (moq) moq.textContent = minimum ? "Min. order " + minimum : "";
    if (minimum && !quantity.value) quantity.value = minimum;
    close(prefix);
    quantity.focus();
    quantity.select();
    // Let the server recompute the totals (the form listens for "change").
    quantity.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-pick]");
    if (button) { event.preventDefault(); pick(button); }
  });

  document.addEventListener("input", function (event) {
    var picker = event.target.closest && event.target.closest("[data-part-picker]");
    if (!picker || event.target.getAttribute("role") !== "combobox") return;
    // Typing again forgets the chosen part until a suggestion is picked.
    var part = document.getElementById(picker.getAttribute("data-prefix") + "-part");
    if (part) part.value = "";
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.id || !/-suggestions$/.test(target.id)) return;
    var prefix = target.id.replace(/-suggestions$/, "");
    var input = document.getElementById(prefix + "-part_label");
    if (input) input.setAttribute("aria-expanded", target.querySelector("[data-pick]") ? "true" : "false");
  });

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!el || !el.closest) return;
    var picker = el.closest("[data-part-picker]");
    if (!picker) return;
    var prefix = picker.getAttribute("data-prefix");
    var list = options(prefix);
    var index = list.indexOf(el);
    if (event.key === "ArrowDown") {
      if (!list.length) return;
      event.preventDefault();
      list[Math.min(index + 1, list.length - 1)].focus();
    } else if (event.key === "ArrowUp") {
      if (index < 0) return;
      event.preventDefault();
      if (index === 0) document.getElementById(prefix + "-part_label").focus();
      else list[index - 1].focus();
    } else if (event.key === "Escape") {
      if (!list.length) return;
      event.preventDefault();
      close(prefix);
      document.getElementById(prefix + "-part_label").focus();
    } else if (event.key === "Enter" && el.getAttribute("role") === "combobox") {
      // Enter in the search box picks the first suggestion instead of submitting the form.
      if (list.length) { event.preventDefault(); pick(list[0]); }
    }
  });

  // Moving focus among the options marks the active one for assistive technology.
  document.addEventListener("focusin", function (event) {
    var button = event.target.closest && event.target.closest("[data-pick]");
    if (!button) return;
    options(button.getAttribute("data-prefix")).forEach(function (option) {
      option.setAttribute("aria-selected", option === button ? "true" : "false");
    });
  });
})();
