// The shopper page: a person photo (file, camera or a sample person), a garment (catalogue or file), POST /api/tryon.
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

function choosePerson(blob) {
  state.person = blob;
  preview($("person-preview"), blob);
  document.querySelectorAll(".people img").forEach((img) => img.classList.remove("chosen"));
  updateButton();
}

$("person-file").addEventListener("change", (e) => {
  const file = e.target.files[0];
  if (!file) return;
  choosePerson(file);
});

// Sample people (people/people.json): one click on someone tries the chosen garment on them.
async function loadPeople() {
  try {
    const response = await fetch("people/people.json");
    const people = await response.json();
    const list = $("people");
    for (const p of people) {
      const img = document.createElement("img");
      img.src = "people/" + p.file;
      img.alt = p.caption;
      img.title = p.caption + " (" + p.credit + ")";
      img.setAttribute("role", "option");
      img.addEventListener("click", async () => {
        const photo = await (await fetch(img.src)).blob();
        choosePerson(new File([photo], p.file, { type: photo.type }));
        img.classList.add("chosen");
        if (!$("try").disabled) $("try").click();
      });
      list.appendChild(img);
    }
  } catch (err) {
    showStatus("The sample people could not be loaded: " + err.message, true);
  }
}

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
      choosePerson(blob);
      video.srcObject.getTracks().forEach((t) => t.stop());
      $("camera").hidden = true;
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
    // a garment is chosen from the start, so that one click on a sample person shows a try-on
    if (!state.garment && !state.cloth && list.firstChild) list.firstChild.click();
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
loadPeople();
