// marsad: small progressive enhancements. Loaded from /static (the Content-Security-Policy allows no
// inline script); the pages work without it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Sort selectors apply at once.
  for (const select of document.querySelectorAll("select.autosubmit")) {
    select.addEventListener("change", () => select.form && select.form.submit());
  }
  // On a phone the facets fold behind their button, so the results come first.
  const fold = document.getElementById("facets-fold");
  if (fold && window.matchMedia("(max-width: 800px)").matches) fold.open = false;

  // An event or a quote in the side panel lights up its words in the text, and back. Hovering lights
  // them; hovering or tapping a panel item also scrolls the text to them (touch has no hover).
  const link = (attr) => {
    const inText = (id) => document.querySelectorAll(`#body [${attr}="${CSS.escape(id)}"]`);
    const inPanel = (id) => document.querySelectorAll(`.panels [${attr}="${CSS.escape(id)}"]`);
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      const id = el.getAttribute(attr);
      const all = () => [...inText(id), ...inPanel(id)];
      const inPanels = el.closest(".panels") !== null;
      const show = () => {
        document.querySelectorAll(".active").forEach((x) => x.classList.remove("active"));
        all().forEach((x) => x.classList.add("active"));
        const first = inText(id)[0];
        if (inPanels && first) first.scrollIntoView({ block: "center", behavior: "smooth" });
      };
      el.addEventListener("mouseenter", show);
      // Words hovered in the text light only while hovered; a panel item's light stays until another is
      // chosen (the text scrolls under the pointer, which would otherwise put it out at once).
      if (!inPanels) el.addEventListener("mouseleave", () => all().forEach((x) => x.classList.remove("active")));
      if (inPanels) {
        el.addEventListener("click", (ev) => {
          if (ev.target.closest("a")) return; // a link inside the item still opens its page
          show();
        });
      }
    }
  };
  link("data-event");
  link("data-quote");
  // Arriving at /articles/ID#q3 or #ev2 (or following such a link on the page): light that quote or
  // event in the text too, and show the words rather than the panel item.
  const toHash = () => {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target || !target.closest(".panels")) return;
    const attr = target.hasAttribute("data-event") ? "data-event" : "data-quote";
    const words = document.querySelector(`#body [${attr}="${CSS.escape(target.getAttribute(attr))}"]`);
    if (words) { words.classList.add("active"); words.scrollIntoView({ block: "center" }); }
  };
  toHash();
  window.addEventListener("hashchange", toHash);
});
