// marsad: small progressive enhancements. Loaded from /static (the Content-Security-Policy allows no
// inline script); the pages work without it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Sort selectors apply at once.
  for (const select of document.querySelectorAll("select.autosubmit")) {
    select.addEventListener("change", () => select.form && select.form.submit());
  }
  // Hovering an event or a quote in the side panel lights up its words in the text, and back.
  const link = (attr) => {
    const inText = (id) => document.querySelectorAll(`#body [${attr}="${CSS.escape(id)}"]`);
    const inPanel = (id) => document.querySelectorAll(`.panels [${attr}="${CSS.escape(id)}"]`);
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      const id = el.getAttribute(attr);
      const all = () => [...inText(id), ...inPanel(id)];
      el.addEventListener("mouseenter", () => all().forEach((x) => x.classList.add("active")));
      el.addEventListener("mouseleave", () => all().forEach((x) => x.classList.remove("active")));
    }
  };
  link("data-event");
  link("data-quote");
});
