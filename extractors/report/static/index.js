/* The entity index: filter by type, mentions and documents, search names and aliases, sort by column;
   draws PAGE rows at a time so 10,000 entities stay quick. */
"use strict";
(function () {
  var PAGE = 200;
  var rows = LEAKSIFT.entities; // [id, type, name, mentions, documents, aliases]
  var folded = rows.map(function (r) { return (r[2] + "\u0000" + r[5].join("\u0000")).toLowerCase(); });
  var order = rows.map(function (_, i) { return i; });
  var sortKey = 3, sortDir = -1, shown = PAGE, matches = [];
  var tbody = document.querySelector("#entities tbody");
  var q = document.getElementById("q"), type = document.getElementById("type");
  var minm = document.getElementById("minm"), mind = document.getElementById("mind");
  var count = document.getElementById("count"), more = document.getElementById("more");

  function filter() {
    var text = q.value.trim().toLowerCase(), t = type.value;
    var mm = parseInt(minm.value, 10) || 0, md = parseInt(mind.value, 10) || 0;
    matches = [];
    for (var j = 0; j < order.length; j++) {
      var i = order[j], r = rows[i];
      if (t && r[1] !== t) continue;
      if (r[3] < mm || r[4] < md) continue;
      if (text && folded[i].indexOf(text) < 0) continue;
      matches.push(i);
    }
    shown = PAGE;
    draw();
  }
  function draw() {
    tbody.textContent = "";
    var frag = document.createDocumentFragment();
    for (var j = 0; j < matches.length && j < shown; j++) {
      var r = rows[matches[j]], tr = LEAKSIFT.el("tr"), td = LEAKSIFT.el("td");
      var a = LEAKSIFT.el("a", { href: "e/" + LEAKSIFT.safeId(r[0]) + ".html", "class": "ent t-" + r[1] }, r[2]);
      td.appendChild(a);
      if (r[5].length) td.appendChild(LEAKSIFT.el("span", { "class": "aka" }, " aka " + r[5].slice(0, 3).join("; ")));
      tr.appendChild(td);
      var tt = LEAKSIFT.el("td"); tt.appendChild(LEAKSIFT.el("span", { "class": "badge t-" + r[1] }, r[1]));
      tr.appendChild(tt);
      tr.appendChild(LEAKSIFT.el("td", { "class": "num" }, r[3]));
      tr.appendChild(LEAKSIFT.el("td", { "class": "num" }, r[4]));
      frag.appendChild(tr);
    }
    tbody.appendChild(frag);
    count.textContent = matches.length + " of " + rows.length + " entities" +
      (matches.length > shown ? " (showing " + shown + ")" : "");
    more.hidden = matches.length <= shown;
  }
  function sort(key, kind) {
    if (sortKey === key) sortDir = -sortDir; else { sortKey = key; sortDir = kind === "num" ? -1 : 1; }
    order.sort(function (a, b) {
      var x = rows[a][key], y = rows[b][key];
      if (kind !== "num") { x = String(x).toLowerCase(); y = String(y).toLowerCase(); }
      return x < y ? -sortDir : x > y ? sortDir : rows[b][3] - rows[a][3];
    });
    document.querySelectorAll("#entities th").forEach(function (th) {
      th.removeAttribute("aria-sort");
      if (parseInt(th.getAttribute("data-key"), 10) === key) th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
    });
    filter();
  }
  document.querySelectorAll("#entities th").forEach(function (th) {
    th.addEventListener("click", function () { sort(parseInt(th.getAttribute("data-key"), 10), th.getAttribute("data-sort")); });
  });
  [q, type, minm, mind].forEach(function (input) {
    input.addEventListener("input", filter);
    input.addEventListener("change", filter);
  });
  document.getElementById("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  more.addEventListener("click", function () { shown += PAGE * 5; draw(); });
  filter();
})();
