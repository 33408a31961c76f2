// Progress while a large ledger file is sent. A form with data-upload-progress="<id>" is posted with
// XMLHttpRequest, whose upload events report the bytes sent; the answer (the page as the server rendered it)
// then replaces this page's body. Without this script the form posts as usual and works the same.
// window.nfUpload keeps the last upload's figures (bytes sent and total) for the browser tests.
"use strict";
document.addEventListener("submit", event => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.uploadProgress || typeof XMLHttpRequest === "undefined") {
    return;
  }
  const box = document.getElementById(form.dataset.uploadProgress);
  const bar = box && box.querySelector("progress");
  const text = box && box.querySelector("[role=status]");
  if (!box || !bar || !text) {
    return;
  }
  event.preventDefault();
  const body = new FormData(form, event.submitter || undefined);
  const request = new XMLHttpRequest();
  const megabytes = bytes => (bytes / 1048576).toLocaleString("sv-SE", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  window.nfUpload = { loaded: 0, total: 0, events: 0, done: false };
  box.hidden = false;
  for (const button of form.querySelectorAll("button")) button.disabled = true;
  request.upload.addEventListener("progress", e => {
    if (!e.lengthComputable) return;
    window.nfUpload = { ...window.nfUpload, loaded: e.loaded, total: e.total, events: window.nfUpload.events + 1 };
    const percent = Math.floor(e.loaded * 100 / e.total);
    bar.value = percent;
    text.textContent = `Skickat ${percent} % (${megabytes(e.loaded)} av ${megabytes(e.total)} MB).`;
  });
  request.upload.addEventListener("load", () => {
    bar.value = 100;
    text.textContent = "Filen är skickad och prövas nu rad för rad …";
  });
  request.addEventListener("load", () => {
    const page = new DOMParser().parseFromString(request.responseText, "text/html");
    document.title = page.title;
    document.body.replaceWith(document.adoptNode(page.body));
    window.nfUpload.done = true;
    const message = document.getElementById("message");
    if (message) message.focus({ preventScroll: false });
  });
  request.addEventListener("error", () => {
    for (const button of form.querySelectorAll("button")) button.disabled = false;
    text.textContent = "Filen kunde inte skickas (nätverksfel). Försök igen.";
  });
  request.open("POST", form.action || location.href);
  request.send(body);
}, true);
