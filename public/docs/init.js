// Renders the OpenAPI document with Redoc (public/docs/redoc.standalone.js, copied from node_modules by the build).
// Everything comes from this origin; the page's CSP allows nothing else.
/* global Redoc */
Redoc.init(
  "/api/v1/openapi.json",
  {
    expandResponses: "200,201",
    jsonSampleExpandLevel: 3,
    hideHostname: false,
    requiredPropsFirst: true,
    sortPropsAlphabetically: false,
    theme: { typography: { fontFamily: "system-ui, sans-serif", headings: { fontFamily: "system-ui, sans-serif" } } },
  },
  document.getElementById("reference"),
);
