// Enhances plain Django forms: searchable selects, and a confirmation for marked buttons.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-searchable], form.office-form select:not([multiple])").forEach((el) => {
    if (el.options.length > 12 && !el.tomselect) new TomSelect(el, { maxOptions: 500 });
  });
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
