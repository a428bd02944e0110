/* Dashboard charts, drawn with the vendored ECharts (static/vendor/echarts; no build step, no CDN).

   Place a chart with templates/partials/chart_card.html. It renders
     <div data-chart="KIND" data-chart-data="ID" style="height: …"></div>
     <script type="application/json" id="ID">…</script>      (Django's json_script)
   and this script draws every such element when the page has loaded. Load it after
   echarts.min.js.

   Data stay data. Names (of units, of people) reach a chart as JSON, never as markup, and
   ECharts draws axes, labels and legends as SVG text. The one place where ECharts takes HTML
   is the tooltip: every tooltip formatter here passes every piece of data through
   escapeHtml(), so `X<img onerror=…>` shows as those characters and runs nothing.

   Kinds and the JSON each one takes:
     Any item may carry url: a path of this site that a click on its slice or bar opens.
     pie   {items: [{name, value, color?}]}
             a doughnut with its legend on the left; items of value 0 are left out
     bar   {series, items: [{name, value, color?}]}
             one bar per item, its value on top; series names the values in the tooltip
     hbar  {series, suffix?, max?, items: [{name, value, color?, note?}]}
             a ranking, the first item at the top; suffix follows each value ("%"), note
             is a last tooltip line ("3 / 4")
     line  {categories: [...], series: [{name, data: [...], color?, urls?: [...]}]}
             one line per series; a null in data is a point with no value (yet); urls,
             beside data, are what a click on each point opens
   Another kind can be added to window.OfficeCharts.kinds before the page has loaded.
*/
(() => {
  "use strict";

  const HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  /** The text of any value, safe to put in HTML (between tags or in a quoted attribute). */
  const escapeHtml = (value) => String(value ?? "").replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

  // Tooltip markup in the look of ECharts' own: grey 14px text, the value bold on the right.
  const TEXT = "font-size:14px;color:#6d6e73;line-height:1;";
  const marker = (color) =>
    '<span style="display:inline-block;margin-right:4px;border-radius:10px;width:10px;' +
    `height:10px;background-color:${escapeHtml(color)};"></span>`;
  const tooltipRow = (color, name, value) =>
    `<div style="margin:10px 0 0;${TEXT}">${marker(color)}` +
    `<span style="font-weight:400;margin-left:2px">${escapeHtml(name)}</span>` +
    `<span style="float:right;margin-left:20px;font-weight:900">${escapeHtml(value ?? "-")}</span>` +
    '<div style="clear:both"></div></div>';
  /** An axis tooltip: the category, then a row per series. */
  const axisTooltip = (params) =>
    `<div style="${TEXT}font-weight:400;">${escapeHtml(params[0].name)}</div>` +
    params.map((p) => tooltipRow(p.color, p.seriesName, p.value)).join("");
  /** Lines of text, each escaped, one under the other. */
  const textLines = (lines) =>
    lines.filter((line) => line !== undefined && line !== null && line !== "").map(escapeHtml).join("<br>");

  const point = (item) => ({
    name: item.name,
    value: item.value,
    url: item.url,
    itemStyle: item.color ? { color: item.color } : undefined,
    cursor: item.url ? "pointer" : "default",
  });

  /** A slice or bar with a url opens the list behind it. Only a path of this site is followed. */
  const openListOnClick = (chart) =>
    chart.on("click", (params) => {
      const url = params.data && params.data.url;
      if (typeof url === "string" && url.startsWith("/") && !url.startsWith("//")) {
        window.location.assign(url);
      }
    });

  const kinds = {
    pie: (spec) => ({
      tooltip: {
        trigger: "item",
        formatter: (p) => `${escapeHtml(p.name)}: ${escapeHtml(p.value)} (${escapeHtml(p.percent)}%)`,
      },
      legend: { orient: "vertical", left: 0, top: "middle" },
      series: [{
        type: "pie",
        radius: ["45%", "70%"],
        center: ["60%", "50%"],
        label: { formatter: "{b}\n{c}" }, // drawn as text, not HTML
        data: spec.items.filter((item) => item.value > 0).map(point),
      }],
    }),

    bar: (spec) => ({
      tooltip: { trigger: "axis", formatter: axisTooltip },
      grid: { left: 40, right: 20, top: 20, bottom: 30, containLabel: true },
      xAxis: { type: "category", axisLabel: { interval: 0 }, data: spec.items.map((item) => item.name) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{
        type: "bar",
        name: spec.series,
        barMaxWidth: 60,
        label: { show: true, position: "top" },
        data: spec.items.map(point),
      }],
    }),

    hbar: (spec) => {
      const items = spec.items.slice().reverse(); // a category axis counts from the bottom
      const suffix = spec.suffix || "";
      const withSuffix = (value) => `${value}${suffix}`;
      return {
        tooltip: {
          trigger: "axis",
          formatter: (params) => {
            const item = items[params[0].dataIndex];
            return textLines([item.name, `${spec.series}: ${withSuffix(item.value)}`, item.note]);
          },
        },
        grid: { left: 10, right: 50, top: 10, bottom: 20, containLabel: true },
        xAxis: { type: "value", max: spec.max, axisLabel: { formatter: withSuffix } },
        yAxis: { type: "category", data: items.map((item) => item.name) },
        series: [{
          type: "bar",
          name: spec.series,
          barMaxWidth: 24,
          label: { show: true, position: "right", formatter: (p) => withSuffix(p.value) },
          data: items.map(point),
        }],
      };
    },

    line: (spec) => ({
      tooltip: { trigger: "axis", formatter: axisTooltip },
      legend: { bottom: 0 },
      grid: { left: 40, right: 20, top: 20, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: spec.categories },
      yAxis: { type: "value", minInterval: 1 },
      series: spec.series.map((s) => ({
        type: "line",
        name: s.name,
        // Counts per month: straight segments, never a curve that overshoots below zero.
        smooth: false,
        symbolSize: s.urls ? 8 : 4,
        data: s.urls
          ? s.data.map((value, i) =>
              value === null ? null : { value, url: s.urls[i], cursor: s.urls[i] ? "pointer" : "default" })
          : s.data,
        itemStyle: s.color ? { color: s.color } : undefined,
      })),
    }),
  };

  const charts = [];

  const draw = (el) => {
    const kind = kinds[el.dataset.chart];
    const source = document.getElementById(el.dataset.chartData);
    if (!kind || !source || echarts.getInstanceByDom(el)) return;
    // SVG rather than canvas: printed lines and text stay sharp at any scale.
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(kind(JSON.parse(source.textContent)));
    openListOnClick(chart);
    charts.push(chart);
  };

  /** Fit every chart to its element now. For print the browser takes its picture before the
      next frame, when ECharts would otherwise paint, so paint at once and without animation. */
  const fitNow = () =>
    charts.forEach((chart) => {
      chart.resize({ animation: { duration: 0 } });
      chart.getZr().refreshImmediately();
    });

  const drawAll = () => {
    document.querySelectorAll("[data-chart]").forEach(draw);
    window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
    // Entering and leaving the print layout (A4 is narrower than a tablet held sideways).
    window.matchMedia("print").addEventListener("change", fitNow);
  };

  window.OfficeCharts = { escapeHtml, kinds };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
