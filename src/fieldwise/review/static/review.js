// Keyboard review: j/k move between fields, v verifies, e edits, b draws the value's evidence box on the page,
// Esc leaves the box (or stops drawing). No framework, no CDN.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.cell"));
  if (!rows.length) { return; }
  var current = -1;
  var SVG = "http://www.w3.org/2000/svg";

  function select(index) {
    if (index < 0 || index >= rows.length) { return; }
    if (current >= 0) { rows[current].classList.remove("selected"); }
    current = index;
    var row = rows[current];
    row.classList.add("selected");
    row.scrollIntoView({block: "nearest"});
    var path = row.getAttribute("data-path");
    document.querySelectorAll("rect.box").forEach(function (box) {
      box.classList.toggle("selected", box.getAttribute("data-path") === path);
    });
    var first = document.querySelector('rect.box[data-path="' + CSS.escape(path) + '"]');
    if (first) { first.closest("figure").scrollIntoView({block: "nearest"}); }
  }

  // --- drawing the evidence box of a corrected value -------------------------------------------------------
  var pages = document.querySelector("section.pages");
  var drawing = null;  // the row whose box is being drawn
  var start = null;
  var sketch = null;

  function beginDrawing(row) {
    select(rows.indexOf(row));
    drawing = row;
    pages.classList.add("drawing");
  }
  function stopDrawing() {
    drawing = null;
    start = null;
    pages.classList.remove("drawing");
  }
  function percent(figure, event) {
    var image = figure.querySelector("img").getBoundingClientRect();
    var clamp = function (v) { return Math.min(Math.max(v, 0), 100); };
    return {x: clamp((event.clientX - image.left) / image.width * 100),
            y: clamp((event.clientY - image.top) / image.height * 100)};
  }
  function place(rect, a, b) {
    rect.setAttribute("x", Math.min(a.x, b.x));
    rect.setAttribute("y", Math.min(a.y, b.y));
    rect.setAttribute("width", Math.abs(a.x - b.x));
    rect.setAttribute("height", Math.abs(a.y - b.y));
  }
  if (pages) {
    pages.addEventListener("mousedown", function (event) {
      var figure = event.target.closest("figure.page");
      if (!drawing || !figure) { return; }
      event.preventDefault();
      start = {figure: figure, at: percent(figure, event)};
      var old = document.querySelector('rect.sketch[data-path="' + CSS.escape(drawing.getAttribute("data-path")) + '"]');
      if (old) { old.remove(); }
      sketch = document.createElementNS(SVG, "rect");
      sketch.setAttribute("class", "box sketch selected");
      sketch.setAttribute("data-path", drawing.getAttribute("data-path"));
      figure.querySelector("svg.boxes").appendChild(sketch);
      place(sketch, start.at, start.at);
    });
    document.addEventListener("mousemove", function (event) {
      if (start) { place(sketch, start.at, percent(start.figure, event)); }
    });
    document.addEventListener("mouseup", function (event) {
      if (!start) { return; }
      var end = percent(start.figure, event);
      var a = start.at;
      var form = drawing.querySelector("form.edit-form");
      if (Math.abs(a.x - end.x) > 0.2 && Math.abs(a.y - end.y) > 0.2) {
        var values = {box_page: start.figure.getAttribute("data-page"),
                      box_x0: Math.min(a.x, end.x).toFixed(3), box_y0: Math.min(a.y, end.y).toFixed(3),
                      box_x1: Math.max(a.x, end.x).toFixed(3), box_y1: Math.max(a.y, end.y).toFixed(3)};
        Object.keys(values).forEach(function (key) { form.querySelector("input." + key).value = values[key]; });
        drawing.classList.add("boxed");
      } else {
        sketch.remove();
      }
      var input = form.querySelector(".edit");
      stopDrawing();
      input.focus();
    });
  }

  rows.forEach(function (row, index) {
    row.addEventListener("click", function () { select(index); });
    var input = row.querySelector(".edit");
    input.addEventListener("focus", function () { select(index); });
    if (input.tagName === "TEXTAREA") {  // Enter saves, as in a one-line box; Shift+Enter starts a new line
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); input.form.requestSubmit(); }
      });
    }
    var draw = row.querySelector("button.draw");
    if (draw) { draw.addEventListener("click", function (event) { event.stopPropagation(); beginDrawing(row); }); }
  });

  var review = document.querySelector(".review");
  var at = review ? review.getAttribute("data-at") : "";
  var first = rows.findIndex(function (row) { return row.getAttribute("data-path") === at; });
  select(first >= 0 ? first : 0);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawing) { stopDrawing(); return; }
    var typing = event.target.matches("input, textarea, select");
    if (event.key === "Escape" && typing) { event.target.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var row = rows[current];
    if (event.key === "j") { select(current + 1); }
    else if (event.key === "k") { select(current - 1); }
    else if (event.key === "v") {
      var verify = row.querySelector("form.verify-form");
      if (verify) { verify.submit(); }
    } else if (event.key === "e") {
      var input = row.querySelector(".edit");
      input.focus();
      input.select();
    } else if (event.key === "b") {
      beginDrawing(row);
    } else { return; }
    event.preventDefault();
  });
})();
