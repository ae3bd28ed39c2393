// Warmline chat and console: live messages over a WebSocket, with HTTP polling when the
// socket is down. Every message carries a per-chat sequence number; the page keeps the
// last one it showed, so reconnecting (or polling) resumes exactly where it left off.
// The pages work without this file (plain forms and a refresh link).
(function () {
  "use strict";

  var labels = {};
  function label(name) { return labels[name] || ""; }

  function socketUrl(path) {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + window.location.host + path;
  }

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setLiveStatus(text, kind) {
    var box = document.getElementById("live-status");
    if (!box) return;
    box.textContent = text;
    box.className = "live-status" + (kind ? " live-" + kind : "");
  }

  // --- a chat (visitor or staff side) --------------------------------------------------
  function Chat(root) {
    this.root = root;
    this.list = document.getElementById("transcript");
    this.lastSeq = 0;
    var items = this.list ? this.list.querySelectorAll("[data-seq]") : [];
    for (var i = 0; i < items.length; i++) {
      this.lastSeq = Math.max(this.lastSeq, parseInt(items[i].getAttribute("data-seq"), 10));
    }
    this.socket = null;
    this.live = false;
    this.retry = 1000;
    this.pollTimer = null;
    this.typingTimer = null;
    this.lastTyping = 0;
    this.clientId = 0;
    this.status = root.getAttribute("data-status");
    this.bindComposer(document.getElementById("composer"), false);
    this.bindComposer(document.getElementById("whisper"), true);
    this.bindCanned();
    if (root.getAttribute("data-chat-socket")) this.connect();
  }

  Chat.prototype.connect = function () {
    var self = this;
    if (!window.WebSocket) { this.startPolling(); return; }
    var url = socketUrl(this.root.getAttribute("data-chat-socket")) + "?after=" + this.lastSeq;
    var socket;
    try { socket = new WebSocket(url); } catch (e) { this.startPolling(); return; }
    this.socket = socket;
    socket.onmessage = function (event) { self.onEvent(JSON.parse(event.data)); };
    socket.onclose = function (event) {
      self.socket = null;
      self.live = false;
      if (event.code === 4403 || event.code === 4404) return;
      setLiveStatus(label("offline"), "warning");
      self.startPolling();
      setTimeout(function () { self.connect(); }, self.retry);
      self.retry = Math.min(self.retry * 2, 10000);
    };
  };

  Chat.prototype.onEvent = function (data) {
    if (data.type === "hello") {
      this.retry = 1000;
      this.live = !!data.live;
      if (this.live) { setLiveStatus("", ""); this.stopPolling(); }
      else { setLiveStatus(label("layerDown"), "warning"); this.startPolling(); }
      this.applyState(data);
    } else if (data.type === "message") {
      this.append(data);
    } else if (data.type === "ack") {
      if (data.live === false) { this.live = false; setLiveStatus(label("layerDown"), "warning"); this.startPolling(); }
      else if (!this.live) { this.live = true; setLiveStatus("", ""); this.stopPolling(); }
    } else if (data.type === "refused") {
      this.showError(data.detail);
    } else if (data.type === "typing") {
      this.showTyping(data.who);
    } else if (data.type === "state") {
      this.applyState(data);
    }
  };

  Chat.prototype.applyState = function (data) {
    if (typeof data.risk === "number") {
      this.root.setAttribute("data-risk", String(data.risk));
      if (data.risk >= 3) {
        var protocol = document.getElementById("crisis-protocol");
        if (protocol) protocol.open = true;
      }
    }
    if (data.status && this.status && data.status !== this.status) {
      // The chat was picked up, transferred or ended: the page shows different controls.
      window.location.reload();
    }
  };

  Chat.prototype.append = function (m) {
    if (!this.list || m.seq <= this.lastSeq) return;
    this.lastSeq = m.seq;
    var li = document.createElement("li");
    li.className = "msg msg-" + m.sender;
    li.setAttribute("data-seq", String(m.seq));
    var who = document.createElement("span");
    who.className = "who";
    var name = label(m.sender === "visitor" ? "visitor" : m.sender);
    if (m.sender === "peer" && m.author) name = m.author;
    if (m.sender === "whisper" && m.author) name += " · " + m.author;
    who.textContent = name;
    var body = document.createElement("span");
    body.className = "body";
    body.textContent = m.body; // never innerHTML: messages are shown exactly as typed
    li.appendChild(who);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(body);
    this.list.appendChild(li);
    var typing = document.getElementById("typing");
    if (typing) typing.textContent = "";
  };

  Chat.prototype.showError = function (text) {
    var box = document.getElementById("composer-error");
    if (box) box.textContent = text || "";
  };

  Chat.prototype.showTyping = function (who) {
    var box = document.getElementById("typing");
    if (!box) return;
    box.textContent = label(who === "peer" ? "typingPeer" : "typingVisitor");
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(function () { box.textContent = ""; }, 4000);
  };

  Chat.prototype.startPolling = function () {
    var self = this;
    if (this.pollTimer) return;
    this.pollTimer = setInterval(function () { self.poll(); }, 3000);
    this.poll();
  };

  Chat.prototype.stopPolling = function () {
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  };

  Chat.prototype.poll = function () {
    var self = this;
    var url = this.root.getAttribute("data-poll") + "?after=" + this.lastSeq;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        data.messages.forEach(function (m) { self.append(m); });
        self.applyState(data);
      })
      .catch(function () { /* offline: the next poll tries again */ });
  };

  Chat.prototype.bindComposer = function (form, whisper) {
    var self = this;
    if (!form) return;
    var box = form.querySelector("textarea");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = box.value;
      self.showError("");
      if (self.socket && self.socket.readyState === WebSocket.OPEN) {
        self.clientId += 1;
        self.socket.send(JSON.stringify({ type: "message", body: body, whisper: whisper, client_id: self.clientId }));
        box.value = "";
        return;
      }
      var data = new FormData(form);
      fetch(self.root.getAttribute("data-send"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken(form) }
      }).then(function (r) {
        return r.json().then(function (json) {
          if (r.ok) { box.value = ""; self.poll(); } else { self.showError(json.detail); }
        });
      }).catch(function () { self.showError(label("offline")); });
    });
    if (!whisper) {
      box.addEventListener("input", function () {
        var now = Date.now();
        if (now - self.lastTyping < 2000) return;
        self.lastTyping = now;
        if (self.socket && self.socket.readyState === WebSocket.OPEN) {
          self.socket.send(JSON.stringify({ type: "typing" }));
        }
      });
    }
  };

  Chat.prototype.bindCanned = function () {
    var box = document.getElementById("id_body");
    var buttons = document.querySelectorAll("[data-canned]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function (event) {
        if (!box) return;
        box.value = event.currentTarget.getAttribute("data-canned");
        box.focus();
      });
    }
  };

  // --- the console's queue ---------------------------------------------------------------
  function Queue(root) {
    var self = this;
    this.root = root;
    this.socket = null;
    this.retry = 1000;
    setInterval(function () { if (!self.socket) self.refresh(); }, 5000);
    this.connect();
  }

  Queue.prototype.refresh = function () {
    var root = this.root;
    fetch(root.getAttribute("data-queue-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        root.replaceChildren.apply(root, Array.prototype.slice.call(doc.body.childNodes));
      })
      .catch(function () {});
  };

  Queue.prototype.connect = function () {
    var self = this;
    if (!window.WebSocket) return;
    var socket = new WebSocket(socketUrl(this.root.getAttribute("data-queue-socket")));
    socket.onopen = function () { self.socket = socket; self.retry = 1000; };
    socket.onmessage = function (event) {
      var data = JSON.parse(event.data);
      if (data.type === "hello") {
        setLiveStatus(data.live ? "" : label("layerDown"), data.live ? "" : "warning");
        if (!data.live) self.socket = null;
        self.refresh();
      } else if (data.type === "queue") {
        self.refresh();
      }
    };
    socket.onclose = function (event) {
      self.socket = null;
      if (event.code === 4403) return;
      setLiveStatus(label("offline"), "warning");
      setTimeout(function () { self.connect(); }, self.retry);
      self.retry = Math.min(self.retry * 2, 10000);
    };
  };

  document.addEventListener("DOMContentLoaded", function () {
    var holder = document.getElementById("chat-labels");
    if (holder) {
      labels = {
        visitor: holder.getAttribute("data-visitor"),
        peer: holder.getAttribute("data-peer"),
        whisper: holder.getAttribute("data-whisper"),
        system: holder.getAttribute("data-system"),
        typingVisitor: holder.getAttribute("data-typing-visitor"),
        typingPeer: holder.getAttribute("data-typing-peer"),
        offline: holder.getAttribute("data-offline"),
        layerDown: holder.getAttribute("data-layer-down")
      };
    }
    document.documentElement.classList.add("js");
    var chat = document.querySelector(".chat[data-poll]");
    if (chat) new Chat(chat);
    var queue = document.querySelector("[data-queue-socket]");
    if (queue) new Queue(queue);
  });
})();
