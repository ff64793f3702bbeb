// Agenda week: progressive enhancement. The page works without it (links and forms); with it,
// the counsellor select submits on change, and dragging an appointment onto a free slot
// submits the same move form the appointment's page offers (same fields, CSRF token, version).
(function () {
  "use strict";
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      select.form.submit();
    });
  });

  var week = document.getElementById("agenda-week");
  var csrf = document.getElementById("agenda-csrf");
  if (!week || !csrf) {
    return;
  }
  var dragged = null;

  week.querySelectorAll("a.ev-block[draggable='true']").forEach(function (block) {
    block.addEventListener("dragstart", function (event) {
      dragged = block;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", block.id);
    });
    block.addEventListener("dragend", function () {
      dragged = null;
    });
  });

  function field(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }

  week.querySelectorAll("td[data-start]").forEach(function (cell) {
    cell.addEventListener("dragover", function (event) {
      if (dragged) {
        event.preventDefault();
        cell.classList.add("ev-drop");
      }
    });
    cell.addEventListener("dragleave", function () {
      cell.classList.remove("ev-drop");
    });
    cell.addEventListener("drop", function (event) {
      event.preventDefault();
      cell.classList.remove("ev-drop");
      if (!dragged) {
        return;
      }
      var form = document.createElement("form");
      form.method = "post";
      form.action = dragged.dataset.moveUrl;
      field(form, "csrf_token", csrf.value);
      field(form, "version", dragged.dataset.version);
      field(form, "starts_at", cell.dataset.start);
      field(form, "duration_minutes", dragged.dataset.duration);
      field(form, "mode", dragged.dataset.mode);
      field(form, "place", dragged.dataset.place);
      document.body.appendChild(form);
      form.submit();
    });
  });
})();
