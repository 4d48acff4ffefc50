// Copy buttons for fediverse addresses. The pages work without this
// script: the buttons stay hidden and the address can be selected.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var status = button.nextElementSibling;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        if (status) {
          status.textContent = "Copied";
          setTimeout(function () { status.textContent = ""; }, 2500);
        }
      });
    });
  });
})();
