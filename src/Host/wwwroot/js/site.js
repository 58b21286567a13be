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
