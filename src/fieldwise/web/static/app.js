// The web app's small scripts: field rows in the workflow editor, and dropping documents with live status.
// Everything works without them (a plain form post); with them, nothing reloads. No framework, no CDN.
(function () {
  "use strict";

  // --- the workflow editor -------------------------------------------------------------------------------------
  var rows = document.getElementById("field-rows");
  function fromTemplate(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }
  function sync(row) {  // an object row can take columns; enum and multi_select rows take options
    var kind = row.querySelector("select[name=field_type]").value;
    var nested = row.classList.contains("nested");
    row.querySelector(".add-column").hidden = nested || kind !== "object";
    row.querySelector("input.options").hidden = kind !== "enum" && kind !== "multi_select";
  }
  function children(row) {
    var out = [];
    for (var next = row.nextElementSibling; next && next.classList.contains("nested"); next = next.nextElementSibling) {
      out.push(next);
    }
    return out;
  }
  if (rows) {
    rows.querySelectorAll("tr.field-row").forEach(sync);
    document.getElementById("add-field").addEventListener("click", function () {
      var row = fromTemplate("field-row-template");
      rows.appendChild(row);
      sync(row);
      row.querySelector("input[name=field_name]").focus();
    });
    rows.addEventListener("change", function (event) {
      if (event.target.matches("select[name=field_type]")) { sync(event.target.closest("tr")); }
    });
    rows.addEventListener("click", function (event) {
      var row = event.target.closest("tr");
      if (event.target.matches(".remove-field")) {
        if (!row.classList.contains("nested")) { children(row).forEach(function (child) { child.remove(); }); }
        row.remove();
      } else if (event.target.matches(".add-column")) {
        var column = fromTemplate("column-row-template");
        var after = children(row).pop() || row;
        after.after(column);
        sync(column);
        column.querySelector("input[name=field_name]").focus();
      }
    });
  }

  // --- documents: drop, upload one request a file, watch the table --------------------------------------------
  var upload = document.getElementById("upload");
  var results = document.getElementById("results");
  if (!upload || !results) { return; }
  upload.classList.add("scripted");
  var list = document.getElementById("upload-progress");
  var inFlight = 0;
  var timer = null;

  function refresh() {
    return fetch(results.getAttribute("data-table"), {credentials: "same-origin", headers: {Accept: "text/html"}})
      .then(function (response) {
        if (!response.ok) { throw new Error("the table could not be loaded (" + response.status + ")"); }
        var working = Number(response.headers.get("x-working") || "0");
        return response.text().then(function (html) { results.innerHTML = html; return working; });
      });
  }
  function poll() {
    if (timer) { return; }
    timer = window.setTimeout(function () {
      timer = null;
      refresh().then(function (working) { if (working > 0 || inFlight > 0) { poll(); } })
        .catch(function () { poll(); });
    }, 1000);
  }
  function say(item, text, failed) {
    item.textContent = text;
    item.classList.toggle("failed", Boolean(failed));
  }
  function wait(seconds) {
    return new Promise(function (resolve) { window.setTimeout(resolve, seconds * 1000); });
  }
  function post(file, item, name) {
    var body = new FormData();
    body.append("files", file, file.name);
    return fetch(upload.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: {Accept: "application/json", "X-CSRF-Token": upload.getAttribute("data-csrf")}
    }).then(function (response) {
      if (response.status === 429) {  // the organization's rate limit: wait as the server says, then again
        var seconds = Number(response.headers.get("retry-after") || "5");
        say(item, name + ": waiting " + seconds + " s (rate limit)");
        return wait(seconds).then(function () { return post(file, item, name); });
      }
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok) { say(item, name + ": uploaded"); }
        else { say(item, name + ": not accepted: " + (answer.detail || answer.error || response.status), true); }
      });
    });
  }
  function send(file) {
    var item = document.createElement("li");
    var name = file.webkitRelativePath || file.fullPath || file.name;
    say(item, name + ": uploading");
    list.appendChild(item);
    inFlight += 1;
    return post(file, item, name).catch(function (error) {
      say(item, name + ": upload failed: " + error.message, true);
    }).then(function () {
      inFlight -= 1;
      refresh().then(function () { poll(); });
    });
  }
  function sendAll(files) {
    var queue = Array.prototype.slice.call(files).filter(function (file) {
      return file.name.charAt(0) !== ".";  // a folder's hidden files (.DS_Store) are no documents
    });
    var next = function () {  // two at a time: the server stays responsive, the person sees steady progress
      var file = queue.shift();
      return file ? send(file).then(next) : Promise.resolve();
    };
    next();
    next();
    poll();
  }
  upload.addEventListener("change", function (event) {
    if (event.target.files && event.target.files.length) {
      sendAll(event.target.files);
      event.target.value = "";
    }
  });
  upload.addEventListener("submit", function (event) { event.preventDefault(); });
  upload.addEventListener("dragover", function (event) { event.preventDefault(); upload.classList.add("over"); });
  upload.addEventListener("dragleave", function () { upload.classList.remove("over"); });
  function filesIn(entry) {  // a dropped folder's files, all the way down
    if (entry.isFile) {
      return new Promise(function (resolve) {
        entry.file(function (file) { resolve([file]); }, function () { resolve([]); });
      });
    }
    var reader = entry.createReader();
    var found = [];
    return new Promise(function (resolve) {
      (function more() {  // readEntries answers in batches until an empty one
        reader.readEntries(function (batch) {
          if (!batch.length) {
            Promise.all(found.map(filesIn)).then(function (lists) { resolve([].concat.apply([], lists)); });
            return;
          }
          found = found.concat(Array.prototype.slice.call(batch));
          more();
        }, function () { resolve([]); });
      })();
    });
  }
  upload.addEventListener("drop", function (event) {
    event.preventDefault();
    upload.classList.remove("over");
    var items = Array.prototype.slice.call(event.dataTransfer.items || []);
    var entries = items.map(function (item) { return item.webkitGetAsEntry && item.webkitGetAsEntry(); });
    if (!entries.length || entries.some(function (entry) { return !entry; })) {
      sendAll(event.dataTransfer.files);
      return;
    }
    Promise.all(entries.map(filesIn)).then(function (lists) { sendAll([].concat.apply([], lists)); });
  });
  var table = results.querySelector("table.results");
  if (table && Number(table.getAttribute("data-working")) > 0) { poll(); }
})();
