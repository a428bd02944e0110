// The item's register and edit forms: the instruction fields only for an instruction, the
// unit fields of the chosen mode (one unit, or one item per unit), and the proposed deadline
// filled in by its button. Without JavaScript every field stays visible and the server still
// checks them.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".item-register-form, .item-edit-form");
  if (!form) return;
  const source = form.querySelector("#id_source_kind");
  const split = form.querySelector("#id_split");
  const deadline = form.querySelector("#id_deadline");
  const show = (selector, visible) => {
    const element = form.querySelector(selector);
    if (element) element.hidden = !visible;
  };
  const refresh = () => {
    if (source) show("#instruction-fields", source.value === "instruction");
    if (split) {
      show("#single-unit-fields", !split.checked);
      show("#split-unit-fields", split.checked);
    }
  };
  if (source) source.addEventListener("change", refresh);
  if (split) split.addEventListener("change", refresh);
  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-fill-deadline]");
    if (button && deadline) deadline.value = button.dataset.fillDeadline;
  });
  refresh();
});
