// The staff dashboard's charts: figures from /staff/dashboard/figures (the same numbers as the
// tables under each chart), drawn with Chart.js 4. No inline script: loaded with defer.
(function () {
  "use strict";

  const COLOURS = {
    answered: "#2f855a", clarified: "#d69e2e", declined: "#c53030",
    up: "#2f855a", down: "#c53030", line: "#0b4f96",
  };
  const PALETTE = ["#0b4f96", "#2f855a", "#d69e2e", "#c53030", "#6b46c1", "#319795", "#718096", "#dd6b20"];

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) return;
    const existing = Chart.getChart(canvas);
    if (existing) existing.destroy();
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options);
    new Chart(canvas, config);
    canvas.dataset.drawn = "true";
  }

  function percent(value) {
    return Math.round(value * 1000) / 10 + "%";
  }

  function statusChart(id, table, horizontal) {
    draw(id, {
      type: "bar",
      data: {
        labels: table.rows.map((r) => r.name),
        datasets: table.statuses.map((s, i) => ({
          label: s.label, data: table.rows.map((r) => r.counts[i]), backgroundColor: PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true, beginAtZero: true } },
      },
    });
  }

  function render(f) {
    draw("chart-questions", {
      type: "bar",
      data: {
        labels: f.questions_per_day.labels,
        datasets: f.questions_per_day.series.map((s) => ({ label: s.label, data: s.data, backgroundColor: COLOURS[s.key] })),
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
    draw("chart-outcomes", {
      type: "doughnut",
      data: {
        labels: f.outcomes.items.map((i) => i.label),
        datasets: [{ data: f.outcomes.items.map((i) => i.count), backgroundColor: f.outcomes.items.map((i) => COLOURS[i.key]) }],
      },
    });
    draw("chart-trend", {
      type: "line",
      data: {
        labels: f.unanswered_trend.labels,
        datasets: [{ label: "%", data: f.unanswered_trend.share.map((v) => v * 100), borderColor: COLOURS.line, backgroundColor: COLOURS.line, tension: 0.2 }],
      },
      options: {
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => percent(c.parsed.y / 100) } } },
        scales: { y: { beginAtZero: true, max: 100 } },
      },
    });
    draw("chart-feedback", {
      type: "bar",
      data: { labels: f.feedback.labels, datasets: [{ data: [f.feedback.up, f.feedback.down], backgroundColor: [COLOURS.up, COLOURS.down] }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    draw("chart-topics", {
      type: "bar",
      data: {
        labels: f.topics.map((t) => t.title.length > 18 ? t.title.slice(0, 17) + "…" : t.title),
        datasets: [
          { label: f.outcomes.items[0].label, data: f.topics.map((t) => t.questions - t.declined), backgroundColor: COLOURS.answered },
          { label: f.outcomes.items[2].label, data: f.topics.map((t) => t.declined), backgroundColor: COLOURS.declined },
        ],
      },
      options: { indexAxis: "y", scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } } },
    });
    draw("chart-funnel", {
      type: "bar",
      data: {
        labels: f.funnel.steps.map((s) => s.conversion === null ? s.label : s.label + "（" + percent(s.conversion) + "）"),
        datasets: [{ data: f.funnel.steps.map((s) => s.users), backgroundColor: PALETTE.slice(0, 3) }],
      },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    statusChart("chart-bookings", f.bookings, true);
    statusChart("chart-applications", f.applications, false);
  }

  function start() {
    const root = document.getElementById("dashboard");
    if (!root || typeof Chart === "undefined") return;
    fetch(root.dataset.figures, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error("figures: HTTP " + response.status);
        return response.json();
      })
      .then(render)
      .catch((error) => {
        const failed = document.getElementById("charts-failed");
        if (failed) failed.hidden = false;
        console.error(error);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
