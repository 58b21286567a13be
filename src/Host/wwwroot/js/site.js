// Service Settings: checking a category checks its services; checking a service of an unchecked category checks the
// category (its other services stay as they are). Choosing categories also chooses "Only the services selected".
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.form?.classList.contains("service-settings")) return;
  const form = box.form;
  // "All services" means every box: the page shows what will ask for a code.
  if (box.name === "scope" && box.value === "all" && box.checked) {
    form.querySelectorAll('input[name="category"], input[name="service"]').forEach((other) => { other.checked = true; });
    showMfaSummary(form);
    return;
  }
  const categoryOf = (id) => form.querySelector(`input[data-category="${CSS.escape(id)}"]`);
  const servicesOf = (id) => [...form.querySelectorAll(`input[data-in-category="${CSS.escape(id)}"]`)];
  if (box.dataset.category) {
    servicesOf(box.dataset.category).forEach((service) => { service.checked = box.checked; });
  } else if (box.dataset.inCategory) {
    // A ticked category keeps at least one ticked service: the last one unticked unticks the category too.
    const category = categoryOf(box.dataset.inCategory);
    if (category) category.checked = servicesOf(box.dataset.inCategory).some((service) => service.checked);
  }
  if (box.dataset.category || box.dataset.inCategory) {
    const selected = form.querySelector('input[name="scope"][value="selected"]');
    if (selected) selected.checked = true;
  }
  showMfaSummary(form);
});

// Service Settings: the list of services that will ask for a code, as the boxes stand now (the server renders the saved
// setting; this keeps it in step while the user ticks). The same rule as the server's: "All services", or everything
// ticked, means all; otherwise the ticked services of ticked categories.
const showMfaSummary = (form) => {
  const summary = document.getElementById("mfa-summary");
  if (!summary) return;
  const categories = [...form.querySelectorAll('input[name="category"]')];
  const services = [...form.querySelectorAll('input[name="service"]')];
  const allChosen = form.querySelector('input[name="scope"][value="all"]')?.checked === true;
  const all = allChosen || (categories.length > 0 && categories.every((c) => c.checked) && services.every((s) => s.checked));
  const asking = all ? [] : services
    .filter((s) => s.checked && form.querySelector(`input[data-category="${CSS.escape(s.dataset.inCategory)}"]`)?.checked)
    .map((s) => s.closest("label").textContent.trim());
  summary.querySelector('[data-summary="all"]').hidden = !all;
  summary.querySelector('[data-summary="none"]').hidden = all || asking.length > 0;
  const list = summary.querySelector('[data-summary="list"]');
  list.hidden = all || asking.length === 0;
  list.replaceChildren(...asking.map((label) => {
    const item = document.createElement("li");
    item.textContent = label;
    return item;
  }));
  summary.querySelector('[data-summary="said"]').textContent = all
    ? "All services will ask you for a code."
    : asking.length === 0 ? "No service will ask you for a code." : asking.length === 1 ? "1 service will ask you for a code." : `${asking.length} services will ask you for a code.`;
};

// Copy buttons (the enrolment secret): shown only where they work, copying the text without its grouping spaces.
// htmx.onLoad also runs for content a boosted navigation swapped in, where DOMContentLoaded never fires again.
const showCopyButtons = (root) => {
  root.querySelectorAll("button[data-copy-from]").forEach((button) => {
    if (navigator.clipboard) button.hidden = false;
  });
};
if (window.htmx) window.htmx.onLoad(showCopyButtons);
else document.addEventListener("DOMContentLoaded", () => showCopyButtons(document));
document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("button[data-copy-from]") : null;
  if (!button) return;
  const source = document.getElementById(button.dataset.copyFrom);
  if (!source || !navigator.clipboard) return;
  await navigator.clipboard.writeText(source.textContent.replace(/\s+/g, ""));
  const status = document.getElementById("secret-copied");
  if (status) status.textContent = "Secret copied.";
});

// Security keys (WebAuthn). The server sends options as JSON with binary fields base64url-encoded, and takes the
// browser's answer (a PublicKeyCredential) as JSON in the same encoding.
const webAuthn = (() => {
  const toBytes = (base64url) => {
    const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "=");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  };
  const toBase64url = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const withIds = (list) => (list || []).map((c) => ({ ...c, id: toBytes(c.id) }));
  const creationOptions = (o) => PublicKeyCredential.parseCreationOptionsFromJSON
    ? PublicKeyCredential.parseCreationOptionsFromJSON(o)
    : { ...o, challenge: toBytes(o.challenge), user: { ...o.user, id: toBytes(o.user.id) }, excludeCredentials: withIds(o.excludeCredentials) };
  const requestOptions = (o) => PublicKeyCredential.parseRequestOptionsFromJSON
    ? PublicKeyCredential.parseRequestOptionsFromJSON(o)
    : { ...o, challenge: toBytes(o.challenge), allowCredentials: withIds(o.allowCredentials) };
  const answer = (credential) => {
    if (typeof credential.toJSON === "function") return JSON.stringify(credential.toJSON());
    const r = credential.response;
    const response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = typeof r.getTransports === "function" ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
    }
    return JSON.stringify({ id: credential.id, rawId: toBase64url(credential.rawId), type: credential.type, response,
      clientExtensionResults: credential.getClientExtensionResults() });
  };
  // Options come from the server as they are; browsers refuse members they do not know only if they are malformed.
  const clean = (o) => JSON.parse(JSON.stringify(o, (key, value) => (value === null ? undefined : value)));
  return { creationOptions: (o) => creationOptions(clean(o)), requestOptions: (o) => requestOptions(clean(o)), answer };
})();

const showSecurityKeyOptions = (root) => {
  if (!window.PublicKeyCredential) return;
  root.querySelectorAll("[data-security-key-challenge], button[data-security-key-create]").forEach((element) => {
    element.hidden = false;
  });
};
if (window.htmx) window.htmx.onLoad(showSecurityKeyOptions);
else document.addEventListener("DOMContentLoaded", () => showSecurityKeyOptions(document));

const sayKeyProblem = (container, message) => {
  const error = container.querySelector("[data-security-key-error]");
  if (!error) return;
  error.textContent = message;
  error.hidden = false;
};
const keyRefusal = (error) => error && error.name === "NotAllowedError"
  ? "The security key did not answer: it was cancelled or timed out. Try again, or type a code."
  : "The security key could not be used here. Try again, or type a code.";

document.addEventListener("click", async (event) => {
  const target = event.target instanceof Element ? event.target : null;

  // Step-up and second factor: a challenge, the key's answer into the form, then the form is sent.
  const use = target?.closest("button[data-security-key-use]");
  if (use) {
    const container = use.closest("[data-security-key-challenge]");
    const form = use.form;
    if (!container || !form) return;
    // The key stands in for the code alone: what else the form needs (a description, a confirmation box) is checked
    // first, before the key is asked and its challenge spent.
    const code = form.querySelector('input[name="code"]');
    const codeRequired = code?.required ?? false;
    if (code) code.required = false;
    if (!form.reportValidity()) {
      if (code) code.required = codeRequired;
      return;
    }
    use.disabled = true;
    try {
      const token = form.querySelector('input[name="__RequestVerificationToken"]')?.value ?? "";
      const response = await fetch(container.dataset.securityKeyChallenge, {
        method: "POST", headers: { RequestVerificationToken: token }, credentials: "same-origin",
      });
      const body = await response.json();
      if (!response.ok) { sayKeyProblem(container, body.error || "No security key can be used now. Type a code."); return; }
      const credential = await navigator.credentials.get({ publicKey: webAuthn.requestOptions(body.options) });
      form.querySelector('input[name="securityKeyChallenge"]').value = body.challengeId;
      form.querySelector('input[name="securityKeyCredential"]').value = webAuthn.answer(credential);
      form.requestSubmit();
    } catch (error) {
      sayKeyProblem(container, keyRefusal(error));
    } finally {
      if (code) code.required = codeRequired;
      use.disabled = false;
    }
    return;
  }

  // Registration: the options are on the form already.
  const create = target?.closest("button[data-security-key-create]");
  if (create) {
    const form = create.form;
    if (!form) return;
    create.disabled = true;
    try {
      const options = JSON.parse(form.dataset.securityKeyRegister);
      const credential = await navigator.credentials.create({ publicKey: webAuthn.creationOptions(options) });
      form.querySelector('input[name="credential"]').value = webAuthn.answer(credential);
      form.submit();
    } catch (error) {
      sayKeyProblem(form, error && error.name === "InvalidStateError"
        ? "This security key is registered already."
        : keyRefusal(error));
      create.disabled = false;
    }
  }
});
