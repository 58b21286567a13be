// Usage: node audit.mjs <graphql url> <api key>
// Prints one line per audit ("OK|WARN|ERROR <MUST|SHOULD|MAY> <name>: <reason>") and exits 1 when a MUST audit fails.
import { auditServer } from "graphql-http";

const [url, key] = process.argv.slice(2);
const results = await auditServer({
  url,
  fetchFn: (input, init = {}) =>
    fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers ?? {})), authorization: `Bearer ${key}` } }),
});
let failedMust = 0;
for (const result of results) {
  const reason = result.status === "ok" ? "" : `: ${result.reason}`;
  console.log(`${result.status.toUpperCase()} ${result.name}${reason}`);
  if (result.status === "error" && result.name.startsWith("MUST")) failedMust++;
}
console.log(`${results.filter((r) => r.status === "ok").length} ok, ${failedMust} MUST failed, ${results.length} audits`);
process.exit(failedMust > 0 ? 1 : 0);
