// Keyboard review: j/k move between fields, v verifies, e edits, Esc leaves the box. No framework, no CDN.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.cell"));
  if (!rows.length) { return; }
  var current = -1;

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

  rows.forEach(function (row, index) {
    row.addEventListener("click", function () { select(index); });
    row.querySelector("input.edit").addEventListener("focus", function () { select(index); });
  });

  var review = document.querySelector(".review");
  var at = review ? review.getAttribute("data-at") : "";
  var start = rows.findIndex(function (row) { return row.getAttribute("data-path") === at; });
  select(start >= 0 ? start : 0);

  document.addEventListener("keydown", function (event) {
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
      var input = row.querySelector("input.edit");
      input.focus();
      input.select();
    } else { return; }
    event.preventDefault();
  });
})();
