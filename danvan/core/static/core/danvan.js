// Page behaviours declared in the markup with data- attributes. The Content-Security-Policy allows no
// inline script or handler, so every page's script lives in a static file like this one.
//   <select data-autosubmit>            submits its form when the choice changes
//   <button data-print>                 prints the page
//   <form data-confirm="question">      asks the question before sending the form (an action that is
//                                       hard to undo); a button may carry its own data-confirm
//   <a href="…" data-back>              goes back one page when there is one (the href otherwise)
//   <datalist id="x" data-options-for="CSS selector" [data-options-url="…"]>
//                                       the inputs the selector finds suggest from this list; with a
//                                       URL, the list is refilled (htmx) from URL?q=<typed text>
//   [data-percent]                      a progress bar as wide as its value (0–100)
//   [data-focus-invalid]                a form or <details> sent back with errors: on load it is opened
//                                       and the page goes to its first invalid field (focused)
//   <a href="#id" data-focus-invalid-link>
//                                       goes to the first invalid field of the element #id (opened)
(function () {
  "use strict";

  // Opens ``box`` (and any closed <details> around it) and focuses its first invalid field, else its
  // first error message, scrolled to the middle of the screen.
  function focusFirstInvalid(box) {
    for (let node = box; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    const target = box.querySelector(".is-invalid, [aria-invalid=true] input, .invalid-feedback, .alert-danger");
    if (!target) return;
    if (!target.matches("input, select, textarea, button")) target.setAttribute("tabindex", "-1");
    target.scrollIntoView({block: "center", behavior: "instant"});
    target.focus({preventScroll: true});
  }

  function suggestFrom(list) {
    const selector = list.dataset.optionsFor;
    if (!selector) return;
    document.querySelectorAll(selector).forEach(function (input) {
      if (input.dataset.optionsReady) return;
      input.dataset.optionsReady = "1";
      input.setAttribute("list", list.id);
      input.setAttribute("autocomplete", "off");
      if (list.dataset.optionsUrl) {
        input.setAttribute("hx-get", list.dataset.optionsUrl);
        input.setAttribute("hx-trigger", "input changed delay:250ms");
        input.setAttribute("hx-target", "#" + list.id);
        input.setAttribute("hx-swap", "innerHTML");
        input.dataset.optionsQuery = "q";
        window.htmx.process(input);
      }
    });
  }

  function setUp(root) {
    root.querySelectorAll("datalist[data-options-for]").forEach(suggestFrom);
    root.querySelectorAll("[data-percent]").forEach(function (bar) {
      const value = Math.max(0, Math.min(100, parseFloat(bar.dataset.percent) || 0));
      bar.style.width = value + "%";
    });
  }

  document.addEventListener("change", function (event) {
    const select = event.target.closest("select[data-autosubmit]");
    if (select && select.form) select.form.submit();
  });

  // Asked on submit, so that a form sent with the Enter key asks too; a refusal sends nothing.
  document.addEventListener("submit", function (event) {
    const button = event.submitter && event.submitter.closest("[data-confirm]");
    const question = (button || event.target).dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
      return;
    }
    const jump = event.target.closest("a[data-focus-invalid-link]");
    const box = jump && document.getElementById(jump.getAttribute("href").slice(1));
    if (box) {
      event.preventDefault();
      focusFirstInvalid(box);
      return;
    }
    const back = event.target.closest("a[data-back]");
    if (back && window.history.length > 1 && document.referrer.indexOf(window.location.origin + "/") === 0) {
      event.preventDefault();
      window.history.back();
    }
  });

  // The typed text goes as ?q=… to the suggestion URLs (instead of hx-vals="js:…", which needs eval).
  document.addEventListener("htmx:configRequest", function (event) {
    const name = event.detail.elt.dataset.optionsQuery;
    if (name) event.detail.parameters[name] = event.detail.elt.value;
  });

  if (window.htmx) {
    window.htmx.onLoad(setUp);
  } else {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    const box = document.querySelector("[data-focus-invalid]");
    if (box) focusFirstInvalid(box);
  });
})();
