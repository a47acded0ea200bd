// The period picker: the month or quarter list only for those kinds, showing just the matching options.
(function () {
  "use strict";
  function setUp(form) {
    const kind = form.querySelector("select[name=ky]");
    const number = form.querySelector("select[name=so]");
    if (!kind || !number) return;
    const groups = number.querySelectorAll("optgroup");
    function sync() {
      const k = kind.value;
      const wanted = k === "thang" ? 0 : k === "quy" ? 1 : -1;
      number.disabled = wanted < 0;
      groups.forEach(function (group, index) { group.hidden = index !== wanted; });
      const chosen = number.selectedOptions[0];
      if (wanted >= 0 && (!chosen || chosen.parentElement !== groups[wanted])) {
        groups[wanted].querySelector("option").selected = true;
      }
    }
    kind.addEventListener("change", sync);
    sync();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-testid=period-form]").forEach(setUp);
  });
})();
