// The chat: sends the question and the conversation so far to /api/ask and shows the answer with
// numbered citation cards. Every document or user text goes into the page as text, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("ask-form");
  var input = document.getElementById("question");
  var button = document.getElementById("ask-button");
  var conversation = document.getElementById("conversation");
  var status = document.getElementById("status");
  var history = [];
  var turn = 0;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // "… [1] … [2]" -> text with links to the citation cards of this turn.
  function answerParagraph(text, prefix) {
    var p = el("p", "answer-text");
    var parts = text.split(/(\[\d+\])/);
    parts.forEach(function (part) {
      var m = /^\[(\d+)\]$/.exec(part);
      if (m) {
        var a = el("a", "cite-link", part);
        a.href = "#" + prefix + m[1];
        a.setAttribute("aria-label", "källa " + m[1]);
        p.appendChild(a);
      } else {
        var lines = part.split("\n");
        lines.forEach(function (line, i) {
          if (i > 0) p.appendChild(document.createElement("br"));
          p.appendChild(document.createTextNode(line));
        });
      }
    });
    return p;
  }

  function passageWithHighlight(text, range) {
    var block = el("blockquote", "passage");
    var start = Math.max(0, range[0]), end = Math.min(text.length, range[1]);
    if (end <= start) { block.textContent = text; return block; }
    block.appendChild(document.createTextNode(text.slice(0, start)));
    block.appendChild(el("mark", "", text.slice(start, end)));
    block.appendChild(document.createTextNode(text.slice(end)));
    return block;
  }

  function citationCard(c, prefix) {
    var li = el("li", "card");
    li.id = prefix + c.n;
    var h = el("h3", "", "[" + c.n + "] " + c.title);
    li.appendChild(h);
    var where = [c.section, c.page ? "s. " + c.page : ""].filter(Boolean).join(" · ");
    if (where) li.appendChild(el("p", "where", where));
    li.appendChild(passageWithHighlight(c.text, c.highlight));
    var open = el("a", "open-doc", "Öppna i dokumentet");
    open.href = "/dokument/" + encodeURIComponent(c.doc_id) + "?p=" + encodeURIComponent(c.passage_id) +
      "&hl=" + c.highlight[0] + "-" + c.highlight[1] + "#hit";
    li.appendChild(open);
    return li;
  }

  function showQuestion(question) {
    var box = el("div", "msg user");
    box.appendChild(el("p", "who", "Du"));
    box.appendChild(el("p", "", question));
    conversation.appendChild(box);
  }

  function showAnswer(data) {
    turn += 1;
    var prefix = "t" + turn + "-c";
    var box = el("article", "msg bot" + (data.abstained ? " abstained" : ""));
    box.setAttribute("aria-label", "Svar " + turn);
    box.appendChild(el("p", "who", "plansearch"));
    box.appendChild(answerParagraph(data.answer, prefix));
    if (data.note) box.appendChild(el("p", "note", data.note));
    if (data.citations.length) {
      box.appendChild(el("h2", "sources-heading", data.abstained ? "Närmaste avsnitten" : "Källor"));
      var list = el("ol", "citations");
      data.citations.forEach(function (c) { list.appendChild(citationCard(c, prefix)); });
      box.appendChild(list);
    }
    conversation.appendChild(box);
  }

  function showError(message) {
    var box = el("div", "msg error", message);
    box.setAttribute("role", "alert");
    conversation.appendChild(box);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question) { status.textContent = "Skriv en fråga först."; input.focus(); return; }
    showQuestion(question);
    button.disabled = true;
    status.textContent = "Söker i dokumenten…";
    fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ question: question, history: history.slice(-10) })
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      if (!result.ok) { showError(result.data.error || "Frågan kunde inte besvaras."); status.textContent = "Fel."; return; }
      showAnswer(result.data);
      history.push({ role: "user", content: question });
      history.push({ role: "assistant", content: result.data.answer.slice(0, 1900) });
      input.value = "";
      status.textContent = result.data.abstained ? "Inget svar i dokumenten; närmaste avsnitt visas." : "Svaret är klart.";
    }).catch(function () {
      showError("Tjänsten svarar inte. Försök igen om en stund.");
      status.textContent = "Fel.";
    }).then(function () {
      button.disabled = false;
      input.focus();
    });
  });

  document.getElementById("new-chat").addEventListener("click", function () {
    history = [];
    conversation.textContent = "";
    status.textContent = "Nytt samtal.";
    input.focus();
  });
})();
