// The honour form: only the fields of whom the honour went to (a unit, a person, or the
// office itself) are shown, following the choice. The server checks them either way.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".honour-form");
  if (!form) return;
  const recipient = form.querySelector("#id_recipient");
  if (!recipient) return;
  const refresh = () => {
    form.querySelectorAll("[data-recipient]").forEach((group) => {
      group.hidden = group.dataset.recipient !== recipient.value;
    });
  };
  recipient.addEventListener("change", refresh);
  refresh();
});
