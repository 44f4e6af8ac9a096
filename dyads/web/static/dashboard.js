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
      traces.push({type: "scatter", mode: "lines+markers", name: "Mean Goldstein", x: x, yaxis: "y2",
                   y: data.buckets.map(function (b) { return b.goldstein; }), customdata: spans,
                   line: {color: "#14233c", width: 2}, marker: {size: 6},
                   hovertemplate: "%{customdata[0]} – %{customdata[1]}<br>Goldstein %{y:+.2f}<extra></extra>"});
      var layout = {barmode: "stack", margin: {l: 50, r: 55, t: 10, b: 40}, hovermode: "closest",
                    legend: {orientation: "h", y: -0.15}, bargap: 0.15,
                    xaxis: {type: "date", range: [isoDay(Date.parse(data.buckets[0].period) - PAD[data.interval]),
                                                  isoDay(Date.parse(data.buckets[x.length - 1].until) + PAD[data.interval])]},
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
      if (label) {
        label.textContent = "from " + since + " to " + until + " ";
        var clear = document.createElement("a");
        clear.href = "#";
        clear.textContent = "(all)";
        clear.addEventListener("click", function (e) {
          e.preventDefault();
          getHTML(rowsUrl).then(function (all) { rows.innerHTML = all; label.textContent = ""; });
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

  document.querySelectorAll("[data-timeline]").forEach(drawTimeline);
}());
