// The print view opens the browser's print dialog by itself (a file, not inline script: the CSP allows no inline script).
window.addEventListener("load", () => window.print());
