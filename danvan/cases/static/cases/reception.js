// Taking a case at the desk: as the content is typed, suggest the field and the responsible unit
// (from the URL in the form's data-suggestion-url); a click on a suggestion picks that field.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const form = document.querySelector("form[data-suggestion-url]");
    if (!form) return;
    const content = form.querySelector("textarea[name='content']");
    const field = form.querySelector("select[name='field']");
    if (!content || !field) return;
    const box = document.createElement("div");
    box.id = "field-suggestion";
    box.className = "mt-2";
    content.insertAdjacentElement("afterend", box);
    content.setAttribute("hx-get", form.dataset.suggestionUrl);
    content.setAttribute("hx-trigger", "input changed delay:600ms");
    content.setAttribute("hx-target", "#field-suggestion");
    content.setAttribute("hx-include", "[name='place_code']");
    window.htmx.process(content);
    box.addEventListener("click", function (event) {
      const button = event.target.closest("[data-field]");
      if (button) {
        field.value = button.getAttribute("data-field");
        field.dispatchEvent(new Event("change"));
      }
    });
  });
})();
