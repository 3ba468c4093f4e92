/* Progress for forms marked data-progress (the roster import): once the form is sent,
   show the progress box (the browser shows the upload itself) and keep the button from
   being pressed twice. Without JavaScript the form posts the same way. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var box = document.getElementById(form.getAttribute("data-progress"));
      var button = form.querySelector("button[type=submit]");
      if (box) { box.hidden = false; }
      window.setTimeout(function () { if (button) { button.disabled = true; } }, 0);
    });
  });
})();
