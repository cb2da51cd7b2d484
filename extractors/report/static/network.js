/* The network: nodes laid out when the report was written, drawn as SVG; filters hide nodes by type and
   edges by kind and weight. Node labels are SVG text nodes (textContent). */
"use strict";
(function () {
  var NS = "http://www.w3.org/2000/svg";
  var data = LEAKSIFT.network || { nodes: [], edges: [] };
  var box = document.getElementById("network"), count = document.getElementById("netcount");
  var form = document.getElementById("netfilters"), minw = document.getElementById("minw");
  var svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 1000 1000");
  svg.setAttribute("class", "graph");
  var edgeLayer = document.createElementNS(NS, "g"), nodeLayer = document.createElementNS(NS, "g");
  svg.appendChild(edgeLayer); svg.appendChild(nodeLayer);
  box.appendChild(svg);
  var byId = {}, maxMentions = 1, maxWeight = 1;
  data.nodes.forEach(function (n) { maxMentions = Math.max(maxMentions, n[3]); });
  data.edges.forEach(function (ed) { maxWeight = Math.max(maxWeight, ed[3]); });
  var LABELS = 60; // names drawn for the most mentioned nodes (nodes come most mentioned first)
  var nodeEls = data.nodes.map(function (n, k) {
    var id = LEAKSIFT.safeId(n[0]);
    var a = document.createElementNS(NS, "a");
    a.setAttribute("href", "e/" + id + ".html");
    a.setAttribute("class", "node t-" + n[1]);
    var c = document.createElementNS(NS, "circle");
    c.setAttribute("cx", n[4]); c.setAttribute("cy", n[5]);
    c.setAttribute("r", (4 + 10 * Math.sqrt(n[3] / maxMentions)).toFixed(1));
    var title = document.createElementNS(NS, "title"); title.textContent = n[2] + " (" + n[1] + ", " + n[3] + " mentions)";
    c.appendChild(title);
    var label = document.createElementNS(NS, "text");
    label.setAttribute("x", n[4] + 8); label.setAttribute("y", n[5] + 4);
    label.textContent = n[2].length > 28 ? n[2].slice(0, 27) + "\u2026" : n[2];
    a.appendChild(c);
    if (k < LABELS) a.appendChild(label);
    nodeLayer.appendChild(a);
    byId[n[0]] = { n: n, el: a };
    return a;
  });
  var edgeEls = data.edges.map(function (ed) {
    var a = byId[ed[0]], b = byId[ed[1]];
    var line = document.createElementNS(NS, "line");
    line.setAttribute("x1", a.n[4]); line.setAttribute("y1", a.n[5]);
    line.setAttribute("x2", b.n[4]); line.setAttribute("y2", b.n[5]);
    line.setAttribute("class", "edge " + ed[2]);
    line.setAttribute("stroke-width", (0.5 + 4 * ed[3] / maxWeight).toFixed(2));
    var title = document.createElementNS(NS, "title");
    title.textContent = a.n[2] + " \u2013 " + b.n[2] + ": " + ed[3] + (ed[2] === "mail" ? " e-mails" : " pages together");
    line.appendChild(title);
    edgeLayer.appendChild(line);
    return line;
  });
  function apply() {
    var types = {}, kinds = {};
    form.querySelectorAll("input[name=type]").forEach(function (i) { types[i.value] = i.checked; });
    form.querySelectorAll("input[name=kind]").forEach(function (i) { kinds[i.value] = i.checked; });
    var w = parseInt(minw.value, 10) || 1, visibleNodes = 0, visibleEdges = 0, linked = {};
    data.edges.forEach(function (ed, k) {
      var on = kinds[ed[2]] && ed[3] >= w && types[byId[ed[0]].n[1]] && types[byId[ed[1]].n[1]];
      edgeEls[k].style.display = on ? "" : "none";
      if (on) { visibleEdges++; linked[ed[0]] = linked[ed[1]] = true; }
    });
    data.nodes.forEach(function (n, k) {
      var on = types[n[1]] && (w <= 1 || linked[n[0]]);
      nodeEls[k].style.display = on ? "" : "none";
      if (on) visibleNodes++;
    });
    count.textContent = visibleNodes + " nodes, " + visibleEdges + " edges shown";
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  apply();
})();
