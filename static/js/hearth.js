// Hearth: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Escape closes the crisis panel and returns focus to its button.
  document.addEventListener("keydown", function (event) {
    var panel = document.getElementById("crisis");
    if (event.key === "Escape" && panel && panel.open) {
      panel.open = false;
      panel.querySelector("summary").focus();
    }
  });

  // Moving focus out of the open crisis panel closes it, so the panel never covers the
  // control that has focus (WCAG 2.4.11).
  document.addEventListener("focusin", function (event) {
    var panel = document.getElementById("crisis");
    if (panel && panel.open && !panel.contains(event.target)) {
      panel.open = false;
    }
  });

  // After htmx swaps in new search results, announce their count through the page's
  // persistent status region (WCAG 4.1.3).
  document.addEventListener("htmx:afterSwap", function (event) {
    var count = event.detail.target.querySelector("[data-result-count]");
    var status = document.getElementById("results-status");
    if (count && status) {
      status.textContent = count.textContent.trim();
    }
  });

  // Two short beeps from the Web Audio API (no audio file, no inline script). Browsers may
  // keep audio muted until the page has been clicked once; the banner shows regardless.
  var audio = null;
  function crisisTone() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    try {
      audio = audio || new Ctx();
      if (audio.state === "suspended") audio.resume();
      [0, 0.35].forEach(function (offset) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.2, audio.currentTime + offset);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + offset + 0.3);
        osc.connect(gain).connect(audio.destination);
        osc.start(audio.currentTime + offset);
        osc.stop(audio.currentTime + offset + 0.3);
      });
    } catch (e) { /* sound is a courtesy; the banner is the alert */ }
  }

  // Live alerts for staff over a WebSocket (Channels). Messages never carry personal data.
  function connectAlerts() {
    var path = document.body.getAttribute("data-alerts-socket");
    if (!path || !window.WebSocket) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + path);
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      var box = document.getElementById("live-alerts");
      if (!box) return;
      var p = document.createElement("p");
      p.className = "message message-" + (data.level || "info");
      if (data.url) {
        var a = document.createElement("a");
        a.href = data.url;
        a.textContent = data.message;
        p.appendChild(a);
      } else {
        p.textContent = data.message;
      }
      if (data.level === "crisis") {
        // A high-risk warmline chat: an assertive banner and a tone (see crisisTone).
        p.setAttribute("role", "alert");
        crisisTone();
      }
      box.appendChild(p);
    };
    socket.onclose = function (event) {
      if (event.code !== 4403) setTimeout(connectAlerts, 10000);
    };
  }
  document.addEventListener("DOMContentLoaded", connectAlerts);
})();
