// Gantry web UI: progressive enhancement only; every page works without this file.
// A select marked data-autosubmit applies its form as soon as it is picked with a pointer. Keyboard users keep the
// form's button, so arrowing through the options does not reload the page at each step.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    let pointer = false;
    select.addEventListener("pointerdown", () => { pointer = true; });
    select.addEventListener("keydown", () => { pointer = false; });
    select.addEventListener("change", () => {
      if (pointer && select.form) {
        select.form.requestSubmit();
      }
    });
  }
});
