// The API reference (/api/docs/): Swagger UI (vendored) on the schema at /api/schema/.
// "Try it out" runs as the signed-in user: the session cookie goes along, and writes
// carry the page's CSRF token, as the pages' own forms do.
(function () {
  "use strict";
  function start() {
    var root = document.getElementById("swagger-ui");
    if (!root || typeof window.SwaggerUIBundle !== "function") return;
    var csrf = root.dataset.csrfToken;
    window.SwaggerUIBundle({
      url: root.dataset.schemaUrl,
      domNode: root,
      deepLinking: true,
      tryItOutEnabled: false,
      displayRequestDuration: true,
      requestInterceptor: function (request) {
        request.credentials = "same-origin";
        var method = (request.method || "GET").toUpperCase();
        if (["GET", "HEAD", "OPTIONS"].indexOf(method) === -1) {
          request.headers["X-CSRFToken"] = csrf;
        }
        return request;
      },
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
