// Enhances plain Django forms: searchable selects, a confirmation for marked buttons, and
// selects that submit their form when changed. No page carries a script of its own (the
// Content-Security-Policy allows only these files), so every behaviour is declared with a
// data- attribute and wired here.
document.addEventListener("DOMContentLoaded", () => {
  // A unit picker over many units loads its choices as one types (office.forms.UnitAutocomplete).
  document.querySelectorAll("select[data-autocomplete]").forEach((el) => {
    const url = el.dataset.autocomplete;
    new TomSelect(el, {
      valueField: "value",
      labelField: "text",
      searchField: "text",
      preload: "focus",
      load: (query, done) => {
        fetch(`${url}?q=${encodeURIComponent(query)}`, { credentials: "same-origin" })
          .then((response) => response.json())
          .then((data) => done(data.results))
          .catch(() => done());
      },
    });
  });
  document.querySelectorAll("select[data-searchable], form.office-form select:not([multiple])").forEach((el) => {
    if (el.options.length > 12 && !el.tomselect) new TomSelect(el, { maxOptions: 500 });
  });
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
  // A year or an office chosen in a page's header shows that page at once; without
  // JavaScript the <noscript> button beside it does.
  document.querySelectorAll("select[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
});
