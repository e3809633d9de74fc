// budgetlens explore pages: draw each chart from the JSON the page embeds
// (<script type="application/json">, never executed) with the ECharts shipped beside this file.
// Values arrive as decimal strings (exact); ECharts draws numbers, the tables keep the digits.
(function () {
  "use strict";
  var charts = {};
  window.budgetlensCharts = charts;

  function num(v) { return v === null || v === undefined ? null : Number(v); }

  function seriesOption(data) {
    return {
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 60, right: 20, top: 20, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: data.categories,
               axisLabel: data.categories.length > 6 ? { interval: 0, rotate: 30 } : {} },
      yAxis: { type: "value" },
      series: data.series.map(function (s) {
        return { name: s.name, type: data.type, data: s.data.map(num), connectNulls: true };
      })
    };
  }

  function treemapOption(data) {
    return {
      tooltip: { formatter: function (p) { return p.name + ": " + p.value; } },
      series: [{
        type: "treemap", roam: false, nodeClick: false, breadcrumb: { show: false },
        label: { show: true, formatter: "{b}" },
        data: data.series.map(function (s) {
          return { name: s.name, value: num(s.value), href: s.href };
        })
      }]
    };
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var empty = data.type === "treemap" ? data.series.length === 0 :
      data.categories.length === 0 || data.series.length === 0;
    if (empty) { el.classList.add("hidden"); return; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(data.type === "treemap" ? treemapOption(data) : seriesOption(data));
    if (data.type === "treemap") {
      chart.on("click", function (p) {
        if (p.data && p.data.href) { window.location.href = p.data.href; }
      });
    }
    charts[el.id] = chart;
    el.setAttribute("data-ready", "1");
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (k) { charts[k].resize(); });
  });
})();
