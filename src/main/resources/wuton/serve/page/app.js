// The shopper page: a person photo (file or camera), a garment (catalogue or file), POST /api/tryon.
"use strict";
const $ = (id) => document.getElementById(id);
const state = { person: null, cloth: null, garment: null, resultUrl: null };

function showStatus(text, isError) {
  $("status").textContent = text;
  $("status").classList.toggle("error", Boolean(isError));
}

function preview(img, blob) {
  img.src = URL.createObjectURL(blob);
  img.hidden = false;
}

function updateButton() {
  $("try").disabled = !(state.person && (state.cloth || state.garment));
}

$("person-file").addEventListener("change", (e) => {
  const file = e.target.files[0];
  if (!file) return;
  state.person = file;
  preview($("person-preview"), file);
  updateButton();
});

$("cloth-file").addEventListener("change", (e) => {
  const file = e.target.files[0];
  if (!file) return;
  state.cloth = file;
  state.garment = null;
  document.querySelectorAll(".garments img").forEach((img) => img.classList.remove("chosen"));
  preview($("cloth-preview"), file);
  updateButton();
});

// The camera only where the browser offers it (a secure page, a device with a camera).
if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
  $("camera-start").hidden = false;
  $("camera-start").addEventListener("click", async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" }, audio: false });
      $("camera-video").srcObject = stream;
      $("camera").hidden = false;
    } catch (err) {
      showStatus("The camera is not available: " + err.message, true);
    }
  });
  $("camera-snap").addEventListener("click", () => {
    const video = $("camera-video");
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    canvas.toBlob((blob) => {
      state.person = blob;
      preview($("person-preview"), blob);
      video.srcObject.getTracks().forEach((t) => t.stop());
      $("camera").hidden = true;
      updateButton();
    }, "image/png");
  });
}

async function loadGarments() {
  try {
    const response = await fetch("api/garments");
    const garments = await response.json();
    const list = $("garments");
    for (const g of garments) {
      const img = document.createElement("img");
      img.src = g.thumbnail.replace(/^\//, "");
      img.alt = g.id;
      img.title = g.id;
      img.setAttribute("role", "option");
      img.addEventListener("click", () => {
        state.garment = g.id;
        state.cloth = null;
        $("cloth-preview").hidden = true;
        list.querySelectorAll("img").forEach((other) => other.classList.toggle("chosen", other === img));
        updateButton();
      });
      list.appendChild(img);
    }
  } catch (err) {
    showStatus("The catalogue could not be loaded: " + err.message, true);
  }
}

$("try").addEventListener("click", async () => {
  const form = new FormData();
  form.append("person", state.person, state.person.name || "person.png");
  if (state.cloth) {
    form.append("cloth", state.cloth, state.cloth.name || "cloth.png");
  } else {
    form.append("garment", state.garment);
  }
  $("try").disabled = true;
  showStatus("Dressing…");
  try {
    const response = await fetch("api/tryon", { method: "POST", body: form });
    if (!response.ok) {
      const body = await response.json().catch(() => ({ error: response.statusText }));
      showStatus(body.error || ("error " + response.status), true);
      return;
    }
    const blob = await response.blob();
    if (state.resultUrl) URL.revokeObjectURL(state.resultUrl);
    state.resultUrl = URL.createObjectURL(blob);
    preview($("original"), state.person);
    $("result").src = state.resultUrl;
    $("result").hidden = false;
    $("download").href = state.resultUrl;
    $("download").hidden = false;
    showStatus("");
  } catch (err) {
    showStatus("The service could not be reached: " + err.message, true);
  } finally {
    updateButton();
  }
});

loadGarments();
