// The chat: sends the question and the conversation so far to /api/ask and shows the answer with
// numbered citation cards. Every document or user text goes into the page as text, never as HTML.
(function () {
  "use strict";
  var form = document.getElementById("ask-form");
  var input = document.getElementById("question");
  var button = document.getElementById("ask-button");
  var conversation = document.getElementById("conversation");
  var status = document.getElementById("status");
  var problem = document.getElementById("question-error");
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

  // text[start:end] marked, the rest plain, appended to `node`.
  function appendMarked(node, text, start, end) {
    start = Math.max(0, Math.min(text.length, start));
    end = Math.max(start, Math.min(text.length, end));
    if (start > 0) node.appendChild(document.createTextNode(text.slice(0, start)));
    if (end > start) node.appendChild(el("mark", "", text.slice(start, end)));
    if (end < text.length) node.appendChild(document.createTextNode(text.slice(end)));
    return node;
  }

  function passageWithHighlight(text, range) {
    return appendMarked(el("blockquote", "passage"), text, range[0], range[1]);
  }

  // Where each cell's value stands in a table row's text ("Aktivitet: … | Ansvarig: …", as
  // ingest/tables.py renders it); null when the text is not that rendering of the fields.
  function cellRanges(text, fields) {
    var ranges = [];
    var at = 0;
    for (var i = 0; i < fields.length; i++) {
      var name = fields[i][0], value = fields[i][1];
      if (!value) { ranges.push(null); continue; }
      var head = (at ? " | " : "") + name + ": ";
      if (text.substr(at, head.length) !== head || text.substr(at + head.length, value.length) !== value) return null;
      ranges.push([at + head.length, at + head.length + value.length]);
      at += head.length + value.length;
    }
    return at === text.length ? ranges : null;
  }

  // A table row as a two-column list (column, value), with the answering cell marked; a
  // highlight over the whole row marks nothing, since it singles nothing out.
  function rowList(c) {
    var ranges = c.fields && c.fields.length ? cellRanges(c.text, c.fields) : null;
    if (!ranges) return null;
    var whole = c.highlight[0] <= 0 && c.highlight[1] >= c.text.length;
    var list = el("dl", "row-fields");
    c.fields.forEach(function (field, i) {
      var range = ranges[i];
      if (!range) return;
      var pair = el("div");
      pair.appendChild(el("dt", "", field[0]));
      var value = el("dd");
      var start = Math.max(c.highlight[0], range[0]) - range[0];
      var end = Math.min(c.highlight[1], range[1]) - range[0];
      if (whole || end <= start) value.textContent = field[1];
      else appendMarked(value, field[1], start, end);
      pair.appendChild(value);
      list.appendChild(pair);
    });
    return list;
  }

  function citationCard(c, prefix) {
    var li = el("li", "card");
    li.id = prefix + c.n;
    li.appendChild(el("h3", "", "[" + c.n + "] " + c.title));
    // The page the answering part stands on; the passage's page range when that is not known.
    var pages = c.answer_page ? c.answer_page
      : c.page && c.page_end && c.page_end !== c.page ? c.page + "–" + c.page_end : c.page;
    var where = [c.section, pages ? "s. " + pages : ""].filter(Boolean).join(" · ");
    if (where) li.appendChild(el("p", "where", where));
    li.appendChild((c.kind === "table_row" && rowList(c)) || passageWithHighlight(c.text, c.highlight));
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

  // "Bra svar" sends the verdict at once; "Fel svar" opens the optional comment ("Vad saknades?")
  // and sends on "Skicka". One verdict per answer; the reply is read out by the status line.
  function feedbackForm(data, question, earlier, n) {
    var form = el("form", "feedback");
    form.setAttribute("aria-label", "Omdöme om svar " + n);
    form.noValidate = true;
    var row = el("div", "feedback-buttons");
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", "Var svaret rätt?");
    var good = el("button", "secondary", "Bra svar");
    good.type = "button";
    var bad = el("button", "secondary", "Fel svar");
    bad.type = "button";
    bad.setAttribute("aria-expanded", "false");
    row.appendChild(good);
    row.appendChild(bad);
    form.appendChild(row);
    var more = el("div", "feedback-more");
    more.hidden = true;
    var id = "t" + n + "-comment";
    bad.setAttribute("aria-controls", id + "-box");
    more.id = id + "-box";
    var label = el("label", "", "Vad saknades? (frivilligt)");
    label.htmlFor = id;
    var comment = el("textarea");
    comment.id = id;
    comment.rows = 2;
    comment.maxLength = 2000;
    more.appendChild(label);
    more.appendChild(comment);
    var send = el("button", "", "Skicka");
    send.type = "submit";
    more.appendChild(send);
    form.appendChild(more);
    var said = el("p", "status");
    said.setAttribute("role", "status");
    said.setAttribute("aria-live", "polite");
    // Focusable by script only: the pressed button is disabled while sending, which would drop the
    // keyboard focus on <body>; the reply takes it instead, so the reader keeps their place.
    said.tabIndex = -1;
    form.appendChild(said);

    function submit(verdict) {
      var buttons = [good, bad, send];
      buttons.forEach(function (b) { b.disabled = true; });
      said.textContent = "Skickar…";
      fetch("/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          question: question, answer: data.answer.slice(0, 8000), verdict: verdict,
          citations: data.citations.map(function (c) { return c.passage_id; }).slice(0, 20),
          index_version: data.index_version || "", comment: verdict === "bad" ? comment.value.trim() : "",
          history: earlier.slice(-20)
        })
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (!result.ok) throw new Error(result.body.error || "");
        (verdict === "good" ? good : bad).setAttribute("aria-pressed", "true");
        comment.readOnly = true;
        said.textContent = "Tack för ditt svar";
        said.focus();
      }).catch(function (error) {
        buttons.forEach(function (b) { b.disabled = false; });
        said.textContent = (error && error.message) || "Omdömet kunde inte skickas; försök igen.";
        said.focus();
      });
    }

    good.addEventListener("click", function () { submit("good"); });
    bad.addEventListener("click", function () {
      more.hidden = false;
      bad.setAttribute("aria-expanded", "true");
      comment.focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!send.disabled) submit("bad");
    });
    return form;
  }

  function showAnswer(data, question, earlier) {
    turn += 1;
    var prefix = "t" + turn + "-c";
    var box = el("article", "msg bot" + (data.abstained ? " abstained" : ""));
    box.setAttribute("aria-label", "Svar " + turn);
    box.appendChild(el("p", "who", "plansearch"));
    box.appendChild(answerParagraph(data.answer, prefix));
    if (data.note) box.appendChild(el("p", "note", data.note));
    if (data.link && data.link.charAt(0) === "/") {  // a register answer: the whole list on its page
      var more = el("p", "register-link");
      var a = el("a", "", "Visa hela listan");
      a.href = data.link;
      more.appendChild(a);
      box.appendChild(more);
    }
    if (data.citations.length) {
      box.appendChild(el("h2", "sources-heading", data.abstained ? "Närmaste avsnitten" : "Källor"));
      var list = el("ol", "citations");
      data.citations.forEach(function (c) { list.appendChild(citationCard(c, prefix)); });
      box.appendChild(list);
    }
    box.appendChild(feedbackForm(data, question, earlier, turn));
    conversation.appendChild(box);
    return box;
  }

  function showError(message) {
    var box = el("div", "msg error", message);
    box.setAttribute("role", "alert");
    conversation.appendChild(box);
    return box;
  }

  // The start of the new message at the top of the screen; the question box stays reachable
  // below it (it sticks to the bottom of the screen) and keeps the focus without scrolling.
  function bringIntoView(box) {
    box.scrollIntoView({ block: "start" });
    input.focus({ preventScroll: true });
  }

  function showProblem(message) {
    problem.textContent = message;
    problem.hidden = !message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  input.addEventListener("input", function () { if (!problem.hidden) showProblem(""); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question) {
      showProblem("Skriv en fråga först.");
      status.textContent = "";
      input.focus();
      return;
    }
    if (button.disabled) return;  // an answer is on its way
    showProblem("");
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
      if (!result.ok) {
        bringIntoView(showError(result.data.error || "Frågan kunde inte besvaras."));
        status.textContent = "Frågan kunde inte besvaras.";
        return;
      }
      var earlier = history.slice(-10).filter(function (t) { return t.role === "user"; }).map(function (t) { return t.content; });
      history.push({ role: "user", content: question });
      history.push({ role: "assistant", content: result.data.answer.slice(0, 1900) });
      input.value = "";
      status.textContent = result.data.abstained ? "Inget svar i dokumenten; de närmaste avsnitten visas." : "Svaret är klart.";
      bringIntoView(showAnswer(result.data, question, earlier));
    }).catch(function () {
      bringIntoView(showError("Tjänsten svarar inte. Försök igen om en stund."));
      status.textContent = "Tjänsten svarar inte.";
    }).then(function () {
      button.disabled = false;
    });
  });

  document.getElementById("new-chat").addEventListener("click", function () {
    history = [];
    conversation.textContent = "";
    showProblem("");
    status.textContent = "Nytt samtal.";
    input.focus();
  });
})();
