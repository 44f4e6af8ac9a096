/* dyads dashboard: draws timelines from the JSON API with the plotly.js of the installed plotly
   package, and swaps server-rendered fragments (event rows, evidence) into the page.
   No inline scripts (the Content-Security-Policy forbids them) and no network beyond this server. */
(function () {
  "use strict";

  var QUADS = [
    {key: "q1", name: "Verbal cooperation", color: "#5aa469"},
    {key: "q2", name: "Material cooperation", color: "#1e6b45"},
    {key: "q3", name: "Verbal conflict", color: "#e3a33b"},
    {key: "q4", name: "Material conflict", color: "#c0392b"}
  ];
  var DAY = 86400000;
  var PAD = {day: DAY, week: 7 * DAY, month: 31 * DAY, year: 366 * DAY};  // room left and right of the bars

  function isoDay(ms) { return new Date(ms).toISOString().slice(0, 10); }

  // The mean-Goldstein line: one point per period with events, and a null (a break in the line)
  // at the start of every run of empty periods, so no line is drawn straight across them.
  function goldsteinLine(buckets) {
    var x = [], y = [], spans = [];
    buckets.forEach(function (b, i) {
      x.push((Date.parse(b.period) + Date.parse(b.until) + DAY) / 2);
      y.push(b.goldstein);
      spans.push([b.period, b.until]);
      var after = Date.parse(b.until) + DAY;  // the first day of the next period
      if (i + 1 < buckets.length && Date.parse(buckets[i + 1].period) > after) {
        x.push(after); y.push(null); spans.push(null);
      }
    });
    return {x: x, y: y, spans: spans};
  }

  function firstFit(choices, units) {  // the smallest step that makes at most 10 ticks
    for (var i = 0; i < choices.length; i++) { if (units / choices[i] <= 10) { return choices[i]; } }
    return choices[choices.length - 1];
  }

  // x-axis ticks that fit the interval: whole days, weeks (from a Monday), months or years, each
  // label in the middle of its period (ticklabelmode "period"), never hours.
  function periodTicks(interval, first, last) {  // first: the first period's start; last: the last period's end
    var start = new Date(first), span, k;
    if (interval === "day" || interval === "week") {
      var unit = interval === "day" ? DAY : 7 * DAY;
      k = firstFit(interval === "day" ? [1, 2, 7, 14, 28, 91, 182, 364, 728] : [1, 2, 4, 8, 13, 26, 52, 104, 260], (last - first) / unit);
      return {tick0: isoDay(first), dtick: k * unit, tickformat: "%d %b %Y", ticklabelmode: k === 1 ? "period" : "instant"};
    }
    span = (new Date(last).getUTCFullYear() - start.getUTCFullYear()) * 12 + new Date(last).getUTCMonth() - start.getUTCMonth() + 1;
    k = interval === "month" ? firstFit([1, 2, 3, 6, 12, 24, 60, 120, 240], span) : 12 * firstFit([1, 2, 5, 10, 20, 50, 100], span / 12);
    var tick0 = k % 12 === 0 ? start.getUTCFullYear() + "-01-01" : isoDay(first);
    return {tick0: tick0, dtick: "M" + k, tickformat: k % 12 === 0 ? "%Y" : "%b %Y", ticklabelmode: "period"};
  }

  function getJSON(url) {
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.error ? body.error.message : r.statusText); }
        return body;
      });
    });
  }

  function getHTML(url) {
    return fetch(url, {headers: {Accept: "text/html"}}).then(function (r) {
      return r.text().then(function (text) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return text;
      });
    });
  }

  function say(el, text) {
    el.textContent = "";
    var p = document.createElement("p");
    p.className = "muted";
    p.textContent = text;
    el.appendChild(p);
  }

  function drawTimeline(el) {
    getJSON(el.dataset.timeline).then(function (data) {
      if (!window.Plotly) { say(el, "The chart library (plotly.min.js) did not load."); return; }
      if (!data.buckets.length) { say(el, "No dated events for this selection."); el.dataset.rendered = "empty"; return; }
      // each bar sits in the middle of its period and is 85% as wide (explicit: one bar alone has no neighbour)
      var x = data.buckets.map(function (b) { return (Date.parse(b.period) + Date.parse(b.until) + DAY) / 2; });
      var width = data.buckets.map(function (b) { return 0.85 * (Date.parse(b.until) + DAY - Date.parse(b.period)); });
      var spans = data.buckets.map(function (b) { return [b.period, b.until]; });
      var most = Math.max.apply(null, data.buckets.map(function (b) { return b.events; }));  // whole-number ticks when few
      var traces = QUADS.map(function (q) {
        return {type: "bar", name: q.name, x: x, y: data.buckets.map(function (b) { return b[q.key]; }),
                marker: {color: q.color}, customdata: spans, width: width, hovertemplate: "%{customdata[0]} – %{customdata[1]}<br>%{y} events<extra>" + q.name + "</extra>"};
      });
      var line = goldsteinLine(data.buckets);
      traces.push({type: "scatter", mode: "lines+markers", name: "Mean Goldstein", x: line.x, yaxis: "y2",
                   y: line.y, customdata: line.spans, connectgaps: false,
                   line: {color: "#14233c", width: 2}, marker: {size: 6},
                   hovertemplate: "%{customdata[0]} – %{customdata[1]}<br>Goldstein %{y:+.2f}<extra></extra>"});
      var first = Date.parse(data.buckets[0].period), last = Date.parse(data.buckets[x.length - 1].until) + DAY;
      var xaxis = periodTicks(data.interval, first, last);
      xaxis.type = "date";
      xaxis.tickmode = "linear";
      xaxis.range = [isoDay(first - PAD[data.interval]), isoDay(last + PAD[data.interval])];
      var layout = {barmode: "stack", margin: {l: 50, r: 55, t: 10, b: 40}, hovermode: "closest",
                    legend: {orientation: "h", y: -0.15}, bargap: 0.15, xaxis: xaxis,
                    yaxis: {title: {text: "events"}, rangemode: "tozero", dtick: most <= 8 ? 1 : null},
                    yaxis2: {title: {text: "Goldstein"}, overlaying: "y", side: "right", range: [-10.5, 10.5],
                             tickvals: [-10, -5, 0, 5, 10], zeroline: false, showgrid: false}};
      el.textContent = "";
      return window.Plotly.newPlot(el, traces, layout, {displaylogo: false, displayModeBar: false, responsive: true}).then(function () {
        el.dataset.rendered = String(data.buckets.length);
        if (el.dataset.rows) {
          el.on("plotly_click", function (ev) {
            var span = ev.points[0].customdata;
            showPeriod(el.dataset.rows, span[0], span[1]);
          });
        }
      });
    }).catch(function (err) { say(el, "Could not load the timeline: " + err.message); });
  }

  function withParams(url, extra) {
    var u = new URL(url, window.location.origin);
    Object.keys(extra).forEach(function (k) { u.searchParams.set(k, extra[k]); });
    return u.pathname + u.search;
  }

  function showPeriod(rowsUrl, since, until) {
    var rows = document.getElementById("event-rows");
    var label = document.getElementById("period");
    if (!rows) { return; }
    getHTML(withParams(rowsUrl, {since: since, until: until})).then(function (html) {
      rows.innerHTML = html;
      setCsv({since: since, until: until});
      if (label) {
        label.textContent = "from " + since + " to " + until + " ";
        var clear = document.createElement("a");
        clear.href = "#";
        clear.textContent = "(all)";
        clear.addEventListener("click", function (e) {
          e.preventDefault();
          getHTML(rowsUrl).then(function (all) { rows.innerHTML = all; label.textContent = ""; setCsv({}); });
        });
        label.appendChild(clear);
      }
    });
  }

  function showEvidence(row) {
    var panel = document.getElementById("evidence");
    if (!panel) { window.location = row.querySelector("a").href; return; }
    document.querySelectorAll("tr.event.active").forEach(function (r) { r.classList.remove("active"); });
    row.classList.add("active");
    getHTML(row.dataset.evidence).then(function (html) {
      panel.innerHTML = html;
      var sel = panel.querySelector("#selected");
      var box = panel.querySelector(".evidence-body");
      if (sel && box) { box.scrollTop = sel.offsetTop - box.offsetTop - 40; }
      panel.dataset.loaded = row.dataset.id;
    }).catch(function (err) { say(panel, "Could not load the evidence: " + err.message); });
  }

  document.addEventListener("click", function (e) {
    var more = e.target.closest("button.more");
    if (more) {
      var holder = more.closest("tr");
      getHTML(more.dataset.more).then(function (html) { holder.insertAdjacentHTML("afterend", html); holder.remove(); });
      return;
    }
    if (e.target.closest("a")) { return; }
    var row = e.target.closest("table.clickable tr.event");
    if (row) { showEvidence(row); }
  });

  document.addEventListener("keydown", function (e) {
    var row = e.target.closest && e.target.closest("table.clickable tr.event");
    if (row && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); showEvidence(row); }
  });

  // the event table's CSV link follows the period clicked on the chart: it downloads what the table shows
  function setCsv(period) {
    var link = document.querySelector("a.csv[data-csv-for='event-rows']");
    if (!link) { return; }
    var u = new URL(link.dataset.base || link.getAttribute("href"), window.location.origin);
    link.dataset.base = link.dataset.base || u.pathname + u.search;
    ["since", "until"].forEach(function (k) { if (period[k]) { u.searchParams.set(k, period[k]); } });
    link.setAttribute("href", u.pathname + u.search);
  }

  // --- the map: country shapes from the bundled GeoJSON, events as points by quad class ----------

  function countryOutlines(geo) {  // every ring of every country as one line trace, rings split by nulls
    var lon = [], lat = [];
    geo.features.forEach(function (f) {
      var g = f.geometry;
      if (!g) { return; }
      (g.type === "Polygon" ? [g.coordinates] : g.coordinates).forEach(function (poly) {
        poly.forEach(function (ring) {
          ring.forEach(function (p) { lon.push(p[0]); lat.push(p[1]); });
          lon.push(null); lat.push(null);
        });
      });
    });
    return {type: "scattergeo", mode: "lines", lon: lon, lat: lat, name: "countries", showlegend: false,
            hoverinfo: "skip", line: {color: "#a9b3c1", width: 0.7}, connectgaps: false};
  }

  function spread(points) {  // events at one place fan out a little around it, so each can be clicked
    var seen = {};
    return points.map(function (p) {
      var key = p.lat + "," + p.lon, k = seen[key] = (seen[key] || 0) + 1;
      if (k === 1) { return [p.lon, p.lat]; }
      var r = 0.35 * Math.sqrt(k - 1), a = 2.4 * (k - 1);
      return [p.lon + r * Math.cos(a), p.lat + r * Math.sin(a)];
    });
  }

  function showPoint(panel, p) {
    panel.textContent = "";
    var card = document.createElement("div");
    card.className = "map-point";
    card.dataset.event = p.id;
    var h = document.createElement("h3");
    h.textContent = p.source + " " + p.cameo + " " + p.target;
    var what = document.createElement("p");
    what.className = "small";
    what.textContent = (p.label || "") + " · " + QUADS[p.quad_class - 1].name + " · Goldstein " +
      (p.goldstein > 0 ? "+" : "") + p.goldstein.toFixed(1);
    var where = document.createElement("p");
    where.className = "small muted";
    where.textContent = p.place + (p.country ? " (" + p.country + ")" : "") + (p.day ? " · " + p.day : " · no date");
    var quote = document.createElement("blockquote");
    quote.className = "evidence-sentence";
    quote.textContent = p.sentence;
    var link = document.createElement("a");
    link.href = p.article;
    link.className = "event-link";
    link.textContent = "Open the event in its article";
    [h, what, where, quote, link].forEach(function (node) { card.appendChild(node); });
    panel.appendChild(card);
  }

  function drawMap(el) {
    Promise.all([getJSON(el.dataset.countries), getJSON(el.dataset.map)]).then(function (got) {
      if (!window.Plotly) { say(el, "The chart library (plotly.min.js) did not load."); return; }
      var geo = got[0], data = got[1], where = spread(data.points);
      var traces = [countryOutlines(geo)];
      QUADS.forEach(function (q, i) {
        var idx = [];
        data.points.forEach(function (p, j) { if (p.quad_class === i + 1) { idx.push(j); } });
        traces.push({type: "scattergeo", mode: "markers", name: q.name,
                     lon: idx.map(function (j) { return where[j][0]; }), lat: idx.map(function (j) { return where[j][1]; }),
                     customdata: idx, text: idx.map(function (j) { var p = data.points[j]; return p.source + " " + p.cameo + " " + p.target + " · " + p.place; }),
                     marker: {color: q.color, size: 9, opacity: 0.85, line: {color: "#fff", width: 1}},
                     hovertemplate: "%{text}<extra>" + q.name + "</extra>"});
      });
      var layout = {margin: {l: 0, r: 0, t: 0, b: 0}, legend: {orientation: "h", y: 0.02, x: 0.01, bgcolor: "rgba(255,255,255,.8)"},
                    geo: {projection: {type: "natural earth"}, showland: false, showocean: false, showlakes: false,
                          showrivers: false, showcountries: false, showcoastlines: false, showsubunits: false,
                          showframe: true, framecolor: "#d0d5dd", bgcolor: "#f4f8fc", lataxis: {range: [-60, 85]}}};
      el.textContent = "";
      // topojsonURL points at this server: with every base layer off plotly loads none, and never from a CDN
      var config = {displaylogo: false, responsive: true, scrollZoom: true, topojsonURL: "/static/", modeBarButtonsToRemove: ["toImage"]};
      return window.Plotly.newPlot(el, traces, layout, config).then(function () {
        el.dataset.rendered = String(data.points.length);
        var panel = document.getElementById("map-point");
        el.on("plotly_click", function (ev) {
          var pt = ev.points[0];
          if (!panel || !pt || pt.customdata === undefined) { return; }
          showPoint(panel, data.points[pt.customdata]);
        });
      });
    }).catch(function (err) { say(el, "Could not load the map: " + err.message); });
  }

  document.querySelectorAll("[data-timeline]").forEach(drawTimeline);
  document.querySelectorAll("[data-map]").forEach(drawMap);
}());
