/* A time-series chart of a statistics table (Serang Dalam Angka), drawn with the
   Chart.js shipped in vendor/chartjs. The data comes from the page itself
   (data-module-chart), the same numbers as the table beside it. */
ckan.module("satudata-chart", function () {
  "use strict";
  return {
    options: { chart: null, kind: "line" },
    initialize: function () {
      var data = this.options.chart;
      if (!data || !window.Chart) {
        return;
      }
      var number = function (value) {
        return Number(value).toLocaleString("id-ID");
      };
      new window.Chart(this.el[0], {
        type: this.options.kind,
        data: data,
        options: {
          responsive: true,
          locale: "id-ID",
          spanGaps: true,
          interaction: { mode: "index", intersect: false },
          plugins: {
            legend: { position: "bottom" },
            tooltip: {
              callbacks: {
                label: function (item) {
                  return item.dataset.label + ": " + number(item.parsed.y);
                }
              }
            }
          },
          scales: { y: { ticks: { callback: number } } }
        }
      });
    }
  };
});
