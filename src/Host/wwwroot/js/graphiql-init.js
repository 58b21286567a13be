// The admin GraphQL IDE (ADR 0010): GraphiQL against this server's /graphql, authenticated by the admin's session
// cookie. A file, not inline script: the CSP allows no inline script.
(() => {
  "use strict";
  const endpoint = document.getElementById("graphiql").dataset.endpoint || "/graphql";

  async function fetcher(graphQLParams, options) {
    const response = await fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Accept": "application/graphql-response+json, application/json",
        "Content-Type": "application/json",
        ...(options && options.headers ? options.headers : {}),
      },
      body: JSON.stringify(graphQLParams),
    });
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
    }
  }

  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(React.createElement(GraphiQL, {
    fetcher,
    defaultEditorToolsVisibility: false,
    shouldPersistHeaders: false,
    defaultQuery: "# The MFA service's GraphQL API, as you (an administrator).\n# Ctrl-Enter runs the query; the Docs button shows the schema.\n\n{\n  apiClients {\n    name\n    scopes\n  }\n}\n",
  }));
})();
