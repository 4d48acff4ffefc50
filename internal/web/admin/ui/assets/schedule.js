// Drag and drop on the schedule builder, on top of its plain links: a
// session dragged onto a free slot is moved there (room and start; its
// length kept) by sending the same form a button would. Without this
// script, or without a mouse, a session is moved from its own form.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const grid = document.querySelector("[data-move-form]");
  if (!grid) {
    return;
  }
  let dragged = null;

  for (const s of document.querySelectorAll("[data-move-url]")) {
    s.draggable = true;
    s.addEventListener("dragstart", (e) => {
      dragged = s;
      s.classList.add("dragging");
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", s.dataset.moveUrl);
    });
    s.addEventListener("dragend", () => {
      s.classList.remove("dragging");
      dragged = null;
    });
  }

  for (const cell of document.querySelectorAll("td[data-start]")) {
    cell.addEventListener("dragover", (e) => {
      if (dragged) {
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        cell.classList.add("drop-target");
      }
    });
    cell.addEventListener("dragleave", () => cell.classList.remove("drop-target"));
    cell.addEventListener("drop", (e) => {
      e.preventDefault();
      cell.classList.remove("drop-target");
      if (!dragged) {
        return;
      }
      const form = document.createElement("form");
      form.method = "post";
      form.action = dragged.dataset.moveUrl;
      const fields = {
        version: dragged.dataset.version,
        room: cell.dataset.room,
        starts_at: cell.dataset.start,
      };
      for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    });
  }
});
