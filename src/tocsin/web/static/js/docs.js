// The API explorer at /docs: Swagger UI (vendored) over this server's /openapi.json.
window.ui = window.SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: true,
  validatorUrl: null, // the default validator is a remote service
  onComplete: () => { document.body.dataset.ready = "yes"; },
});
