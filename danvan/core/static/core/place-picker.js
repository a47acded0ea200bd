/* DanVan — the place picker: type a place's name (diacritics optional), choose it from the list.
 *
 * For every <input data-place-picker data-options-url="…" data-code-input="id of a hidden input">:
 * as the user types, the server's matches (<option value="code" data-label="full name">) are shown
 * in a list under the field (an ARIA combobox: arrow keys, Enter, Escape, or a tap); choosing one
 * writes its full name in the field and its code in the hidden input. Typing again clears the code,
 * so what is sent is always what the field shows (without a choice, the server reads the text).
 */
(function () {
  "use strict";

  var count = 0;

  function setup(input) {
    var hidden = document.getElementById(input.getAttribute("data-code-input"));
    var url = input.getAttribute("data-options-url");
    if (!hidden || !url) return;
    count += 1;
    var list = document.createElement("ul");
    list.id = (input.id || "place-picker-" + count) + "-list";
    list.className = "list-group place-picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    var box = document.createElement("div");
    box.className = "place-picker";
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(status);

    var timer = null;
    var active = -1;
    var asked = 0;

    function items() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var all = items();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (item, i) {
        item.classList.toggle("active", i === active);
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({block: "nearest"});
    }

    function choose(item) {
      input.value = item.getAttribute("data-label");
      hidden.value = item.getAttribute("data-code");
      close();
      status.textContent = input.value;
      hidden.dispatchEvent(new Event("change", {bubbles: true}));
    }

    function show(html) {
      var parsed = new DOMParser().parseFromString("<select>" + html + "</select>", "text/html");
      var options = parsed.querySelectorAll("option");
      list.textContent = "";
      options.forEach(function (option, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-code", option.value);
        item.setAttribute("data-label", option.getAttribute("data-label") || option.textContent);
        var label = option.getAttribute("data-label") || option.textContent;
        var cut = label.indexOf(", ");
        var name = document.createElement("span");
        name.className = "fw-semibold";
        name.textContent = cut > 0 ? label.slice(0, cut) : label;
        item.appendChild(name);
        if (cut > 0) {
          var where = document.createElement("span");
          where.className = "d-block small text-secondary";
          where.textContent = label.slice(cut + 2);
          item.appendChild(where);
        }
        list.appendChild(item);
      });
      if (!options.length) {
        var none = document.createElement("li");
        none.className = "list-group-item text-secondary small";
        none.textContent = input.getAttribute("data-empty") || "";
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
      var found = (input.getAttribute("data-found") || "{n}").replace("{n}", options.length);
      status.textContent = options.length ? found : (input.getAttribute("data-empty") || "");
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      window.clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) {
        close();
        return;
      }
      timer = window.setTimeout(function () {
        var ticket = ++asked;
        var address = url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
        fetch(address, {headers: {"HX-Request": "true"}, credentials: "same-origin"})
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) { if (ticket === asked) show(html); })
          .catch(function () { close(); });
      }, 250);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown" && items().length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
          highlight(0);
          event.preventDefault();
        }
        return;
      }
      if (event.key === "ArrowDown") { highlight(active + 1); event.preventDefault(); }
      else if (event.key === "ArrowUp") { highlight(active - 1); event.preventDefault(); }
      else if (event.key === "Enter" && active >= 0) { choose(items()[active]); event.preventDefault(); }
      else if (event.key === "Escape") { close(); event.preventDefault(); }
    });

    // A tap or a click chooses; pressing first keeps the focus in the field.
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) choose(item);
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-place-picker]").forEach(setup);
  });
})();
