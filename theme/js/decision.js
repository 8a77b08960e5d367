// factbook decision trees, enhanced: one step at a time, the answers so far listed (each can be
// changed), back and restart, and the state in the query string keyed by question id
// (?realtime=yes&team=javascript), so a result can be shared, reloaded and bookmarked and the
// browser's back and forward buttons step through answers. Without this script the tree is
// plain linked HTML.
(function () {
  "use strict";
  var root = document.querySelector("[data-decision]");
  var dataElement = document.getElementById("decision-data");
  if (!root || !dataElement || !window.URLSearchParams || !history.pushState) return;
  var tree = JSON.parse(dataElement.textContent);
  // The words it shows, in the site's language (theme/words/).
  var words = tree.words || {};
  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  var steps = {};
  root.querySelectorAll(".decision-step").forEach(function (el) {
    steps[el.getAttribute("data-node")] = el;
  });
  var progress = root.querySelector(".decision-progress");
  var pathList = root.querySelector(".decision-path");
  var live = root.querySelector("[data-decision-live]");
  var back = root.querySelector("button[data-decision-back]");
  var restart = root.querySelector("button[data-decision-restart]");
  var howto = root.querySelector("[data-decision-howto]");

  // Follows the answers in `params` from the start; stops at the first question not answered
  // (or answered with a key it does not know). Answers off the path are ignored.
  function walk(params) {
    var path = [];
    var node = tree.start;
    while (tree.nodes[node].type === "question") {
      var key = params.get(node);
      var answer = tree.nodes[node].answers.filter(function (a) { return a.key === key; })[0];
      if (!answer) break;
      path.push({ question: node, answer: answer });
      node = answer.next;
    }
    return { path: path, current: node };
  }

  function stateOf(path) {
    return { path: path, current: path.length ? path[path.length - 1].answer.next : tree.start };
  }

  function urlOf(path) {
    var params = new URLSearchParams();
    path.forEach(function (step) { params.set(step.question, step.answer.key); });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function render(state, moveFocus) {
    Object.keys(steps).forEach(function (id) { steps[id].hidden = id !== state.current; });
    pathList.textContent = "";
    state.path.forEach(function (step, i) {
      var item = document.createElement("li");
      var ask = document.createElement("span");
      ask.className = "decision-asked";
      ask.textContent = tree.nodes[step.question].ask;
      var answer = document.createElement("strong");
      answer.textContent = step.answer.label;
      var change = document.createElement("button");
      change.type = "button";
      change.className = "decision-change";
      change.textContent = words.change;
      change.setAttribute("aria-label", fill(words.change_answer, { question: tree.nodes[step.question].ask }));
      change.addEventListener("click", function () { go(state.path.slice(0, i), true); });
      item.append(ask, " ", answer, " ", change);
      pathList.append(item);
    });
    var node = tree.nodes[state.current];
    // The step itself is shown below with its heading: the list only says where the reader is.
    var currentItem = document.createElement("li");
    currentItem.setAttribute("aria-current", "step");
    currentItem.textContent = node.type === "question"
      ? fill(words.question_below, { n: state.path.length + 1 })
      : words.recommendation_below;
    pathList.append(currentItem);
    back.disabled = state.path.length === 0;
    restart.hidden = state.path.length === 0;
    var heading = steps[state.current].querySelector("h3");
    var announcement = node.type === "question"
      ? fill(words.question, { n: state.path.length + 1, ask: node.ask })
      : heading.textContent;
    if (moveFocus) {
      heading.focus();
      live.textContent = announcement;
    }
  }

  function go(path, moveFocus) {
    history.pushState(null, "", urlOf(path));
    render(stateOf(path), moveFocus);
  }

  root.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-answer], [data-decision-restart]");
    if (!link) return;
    event.preventDefault();
    if (link.hasAttribute("data-decision-restart")) {
      go([], true);
      return;
    }
    var question = link.closest(".decision-step").getAttribute("data-node");
    var answer = tree.nodes[question].answers.filter(function (a) {
      return a.key === link.getAttribute("data-answer");
    })[0];
    var state = walk(new URLSearchParams(location.search));
    // Only the question on screen can be answered; keep the answers that led to it.
    var index = state.path.findIndex(function (step) { return step.question === question; });
    var path = index >= 0 ? state.path.slice(0, index) : state.path;
    go(path.concat([{ question: question, answer: answer }]), true);
  });

  back.addEventListener("click", function () {
    var state = walk(new URLSearchParams(location.search));
    go(state.path.slice(0, -1), true);
  });

  window.addEventListener("popstate", function () {
    render(walk(new URLSearchParams(location.search)), true);
  });

  root.classList.add("is-enhanced");
  progress.hidden = false;
  if (howto) howto.textContent = words.howto;
  // A link to a step (#dt-ID) without answers opens that step, reached by the first path
  // that leads to it.
  function pathTo(target) {
    var stack = [{ node: tree.start, path: [] }];
    while (stack.length) {
      var at = stack.pop();
      if (at.node === target) return at.path;
      var node = tree.nodes[at.node];
      if (node.type !== "question") continue;
      for (var i = node.answers.length - 1; i >= 0; i--) {
        var answer = node.answers[i];
        stack.push({ node: answer.next, path: at.path.concat([{ question: at.node, answer: answer }]) });
      }
    }
    return null;
  }
  function linkedState(state) {
    var linked = location.hash.indexOf("#dt-") === 0 ? location.hash.slice(4) : null;
    if (!linked || linked === state.current || !tree.nodes[linked]) return state;
    var path = pathTo(linked);
    if (!path) return state;
    history.replaceState(null, "", urlOf(path) + location.hash);
    return stateOf(path);
  }
  window.addEventListener("hashchange", function () {
    var state = walk(new URLSearchParams(location.search));
    var linked = linkedState(state);
    if (linked !== state) render(linked, true);
  });
  render(linkedState(walk(new URLSearchParams(location.search))), false);
})();
