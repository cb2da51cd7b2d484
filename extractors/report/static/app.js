/* leaksift report: the shared namespace the data files fill (no inline script anywhere; every text goes
   into the page with textContent, never as HTML). */
"use strict";
var LEAKSIFT = { entities: [], network: null };
LEAKSIFT.addEntities = function (rows) {
  for (var i = 0; i < rows.length; i++) LEAKSIFT.entities.push(rows[i]);
};
LEAKSIFT.el = function (tag, attrs, text) {
  var node = document.createElement(tag);
  if (attrs) for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
};
/* an id as it may appear in a file name: hex and word characters only */
LEAKSIFT.safeId = function (id) {
  return /^[A-Za-z0-9_-]+$/.test(String(id)) ? String(id) : "";
};
