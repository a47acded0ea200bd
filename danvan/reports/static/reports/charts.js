// Draw each table's chart from the JSON the page carries next to it (Chart.js, vendored).
(function () {
  "use strict";
  const palette = ["#9d1c20", "#6c757d", "#c9882b", "#2f6f8f", "#4f8a3c", "#7a4f9a", "#b5651d", "#3c6e71"];
  function draw(canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart) return;
    const spec = JSON.parse(source.textContent);
    const horizontal = spec.kind === "hbar";
    const type = horizontal ? "bar" : spec.kind;
    const round = spec.kind === "doughnut";
    const datasets = spec.datasets.map(function (d, i) {
      return {
        label: d.label,
        data: d.data,
        backgroundColor: round ? palette : palette[i % palette.length],
        borderColor: round ? "#fff" : palette[i % palette.length],
        tension: 0.2,
      };
    });
    if (horizontal) canvas.parentElement.style.height = Math.max(160, 24 * spec.labels.length + 60) + "px";
    new window.Chart(canvas, {
      type: type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        locale: document.documentElement.lang || "vi",
        plugins: {
          legend: { display: datasets.length > 1 || round, position: "bottom" },
          title: { display: !!spec.title, text: spec.title },
        },
        scales: round ? {} : { x: { beginAtZero: true }, y: { beginAtZero: true } },
      },
    });
    canvas.dataset.drawn = "1";
  }
  function drawAll(root) {
    root.querySelectorAll("canvas[data-chart]:not([data-drawn])").forEach(draw);
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
