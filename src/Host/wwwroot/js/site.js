// Service Settings: checking a category checks its services; checking a service of an unchecked category checks the
// category (its other services stay as they are). Choosing categories also chooses "Only the services selected".
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.form?.classList.contains("service-settings")) return;
  const form = box.form;
  // "All services" means every box: the page shows what will ask for a code.
  if (box.name === "scope" && box.value === "all" && box.checked) {
    form.querySelectorAll('input[name="category"], input[name="service"]').forEach((other) => { other.checked = true; });
    return;
  }
  if (box.dataset.category) {
    form.querySelectorAll(`input[data-in-category="${CSS.escape(box.dataset.category)}"]`).forEach((service) => { service.checked = box.checked; });
  } else if (box.dataset.inCategory && box.checked) {
    const category = form.querySelector(`input[data-category="${CSS.escape(box.dataset.inCategory)}"]`);
    if (category) category.checked = true;
  }
  if (box.dataset.category || box.dataset.inCategory) {
    const selected = form.querySelector('input[name="scope"][value="selected"]');
    if (selected) selected.checked = true;
  }
});

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
