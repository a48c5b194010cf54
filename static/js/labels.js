// The labels page's Print button: the browser's print dialog (static file: strict CSP).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print-labels]")) window.print();
});
