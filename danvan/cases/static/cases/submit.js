// The public form: "use my location" fills the map point, and a sent form cannot be sent twice.
// Texts come from the form's data- attributes (translated by the template).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    const form = document.querySelector("form[data-testid=case-form]");
    if (!form) return;
    const point = form.querySelector("input[name='point']");
    if (point && navigator.geolocation) {
      const locate = document.createElement("button");
      locate.type = "button";
      locate.className = "btn btn-sm btn-outline-secondary mt-1";
      locate.textContent = form.dataset.locateLabel;
      locate.addEventListener("click", function () {
        locate.disabled = true;
        navigator.geolocation.getCurrentPosition(function (pos) {
          point.value = pos.coords.latitude.toFixed(6) + ", " + pos.coords.longitude.toFixed(6);
          locate.disabled = false;
        }, function () {
          locate.disabled = false;
          locate.textContent = form.dataset.locateFailed;
        }, {enableHighAccuracy: true, timeout: 10000});
      });
      point.insertAdjacentElement("afterend", locate);
    }
    form.addEventListener("submit", function () { form.querySelector("button[type=submit]").disabled = true; });
  });
})();
