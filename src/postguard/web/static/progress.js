/* Upload progress for forms marked data-progress: the upload is sent with XHR so the
   bar can show how much has gone; the answer (a full page) then replaces this one.
   Without JavaScript the form posts normally. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var box = document.getElementById(form.getAttribute("data-progress"));
      if (!box || !window.XMLHttpRequest || !window.FormData) { return; }
      event.preventDefault();
      var bar = box.querySelector("progress");
      var label = box.querySelector("[role=status]");
      var button = form.querySelector("button[type=submit]");
      box.hidden = false;
      if (button) { button.disabled = true; }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round((e.loaded / e.total) * 100);
          label.textContent = "Uploading… " + bar.value + "%";
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value");
        label.textContent = "Checking every row and saving…";
      });
      xhr.addEventListener("load", function () {
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () {
        label.textContent = "The upload failed. Check the connection and try again.";
        if (button) { button.disabled = false; }
      });
      xhr.send(new FormData(form));
    });
  });
})();
