/* graphviz-app's player for an interactive page: no dependencies, no network.
 *
 * Everything it shows was computed by graphviz-app in Python, with the code the window uses: the layout,
 * what each node says from which step on (its value, its gradient so far), each edge's highlight, each step's
 * caption and tokens, the inspector's pages, the paths and the quiz (page/document.py). The player looks
 * these up by step and puts them on screen; it computes no value, gradient or caption.
 *
 * Data: one <script type="application/json" class="ga-data"> in the player's element. A version list is
 * [[step, ...what is shown from that step on], ...], starting at step 0; versionAt(list, k) is the one shown
 * at step k. Several players on one page (a notebook) keep to their own element and its keys.
 */
(function () {
  "use strict";
  if (window.GraphvizAppPlayer) return;
  var SVG = "http://www.w3.org/2000/svg";

  // --- looking things up (pure: tests/page/player_test.js runs these) ---------------------------------

  /** The version shown at step k: the last one whose step is at most k. */
  function versionAt(versions, k) {
    var lo = 0, hi = versions.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (versions[mid][0] <= k) lo = mid; else hi = mid - 1;
    }
    return versions[lo];
  }

  /** "{right} right of {asked} asked" with the named values put in. */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  /** The command a key runs, from the page's key table (null: not a key of the player). */
  function keyCommand(keys, key) {
    for (var i = 0; i < keys.length; i++) if (keys[i][0].indexOf(key) >= 0) return keys[i][1];
    return null;
  }

  /** The number a guess means, read as the window's quiz reads it (session/quiz/questions.py parse_guess):
   *  0.5, .5, -1.2e-3, −0.3, 1/2, 0,25. Throws {message} when it is not a number. */
  function parseGuess(text, messages) {
    var trimmed = text.trim();
    var cleaned = trimmed.toLowerCase().replace(/−/g, "-").replace(/–/g, "-").replace(/×10\^/g, "e");
    cleaned = cleaned.replace(/[ \u202f]/g, "").replace(/\+-/g, "-");
    if (cleaned.indexOf(",") >= 0 && cleaned.indexOf(".") < 0) cleaned = cleaned.replace(/,/g, ".");
    var number = "[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:e[+-]?\\d+)?";
    var match = new RegExp("^(" + number + ")(?:/(" + number + "))?$").exec(cleaned);
    if (!trimmed) throw { message: messages.empty };
    if (!match) throw { message: fill(messages.not_a_number, { text: trimmed, hint: messages.number_hint }) };
    var value = Number(match[1]);
    if (match[2] !== undefined) {
      if (Number(match[2]) === 0) throw { message: fill(messages.divides_by_zero, { text: trimmed }) };
      value = value / Number(match[2]);
    }
    return value;
  }

  /** Right or wrong, against the interval or the whole number the page was given. */
  function judge(question, text, messages) {
    var guess;
    try {
      guess = parseGuess(text, messages);
    } catch (error) {
      if (question.kind === "gradient" || !text.trim()) throw error;
      throw { message: fill(messages.not_a_number, { text: text.trim(), hint: question.hint }) };
    }
    if (question.kind === "gradient") {
      var right = question.range[0] <= guess && guess <= question.range[1];
      return { outcome: right ? "right" : "wrong", message: right ? question.right : question.wrong };
    }
    if (!Number.isInteger(guess) || (question.kind === "edge" && (guess < 1 || guess > question.choices))) {
      throw { message: question.hint };
    }
    var ok = guess === question.answer;
    return { outcome: ok ? "right" : "wrong", message: ok ? question.right : fill(question.wrong, { guess: guess }) };
  }

  // --- the player ------------------------------------------------------------------------------------------

  /** The page's data: JSON, or (a big graph's) gzipped JSON in base64, which the browser unpacks. */
  function readData(script) {
    var text = script.textContent;
    if (script.getAttribute("data-encoding") !== "gzip+base64") return Promise.resolve(JSON.parse(text));
    var binary = atob(text.trim()), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  function Player(root, data, options) {
    this.root = root;
    this.data = data;
    this.standalone = !!(options && options.standalone);
    this.last = this.data.steps.caption.length - 1;
    this.k = -1;
    this.target = null;
    this.timer = null;
    this.playing = false;
    this.speed = 1;
    this.selection = null;
    this.hovered = null;
    this.quiz = { on: false, outcomes: {}, open: [], waiting: false, verdict: "", verdictKind: "" };
    this.$ = function (selector) { return root.querySelector(selector); };
    this.canvas = this.$(".ga-canvas");
    this.layers = Array.prototype.slice.call(root.querySelectorAll("svg.ga-graph"));
    this.tokens = this.$(".ga-tokens");
    this.nodes = Array.prototype.slice.call(root.querySelectorAll(".ga-node"));
    this.edges = Array.prototype.slice.call(root.querySelectorAll(".ga-edge"));
    this.valueLines = this.nodes.map(function (g) { return g.querySelector(".ga-v"); });
    this.gradLines = this.nodes.map(function (g) { return g.querySelector(".ga-g"); });
    this.nodes.forEach(function (g) {  // a title wider than its box (another font than the one measured)
      var title = g.querySelector(".r-title");
      if (title) squeeze(title);
    });
    this.shownNodes = [];
    this.shownEdges = [];
    var self = this;
    this.edges.forEach(function (g, i) { g.querySelector(".ga-line").id = root.id + "-e" + i; });
    this.drawing = this.layers[0].getAttribute("viewBox").split(" ").map(Number);
    this.home = this.drawing.slice();
    this.view = this.home.slice();
    this.bind();
    this.setTheme(this.data.theme);
    this.fillHelp();
    this.fillPaths();
    this.open();
    if (window.ResizeObserver) new ResizeObserver(function () { if (self.fitted) self.fit(); }).observe(this.canvas);
    this.show(this.data.start);
    root.setAttribute("data-ready", "true");
    root.setAttribute("data-ready-ms", String(Math.round(performance.now())));  // since the page began to load
  }

  Player.prototype.bind = function () {
    var self = this, root = this.root;
    root.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-cmd]");
      if (button && root.contains(button)) {
        self.command(button.getAttribute("data-cmd"));
        if (event.detail > 0) root.focus({ preventScroll: true });  // a clicked button keeps no focus: Space is the player's
      }
      var tab = event.target.closest("button[data-tab]");
      if (tab) self.showTab(tab.getAttribute("data-tab"));
    });
    (this.standalone ? document : root).addEventListener("keydown", function (event) { self.key(event); });
    this.$(".ga-scrub").addEventListener("input", function (event) { self.go(Number(event.target.value), false); });
    this.$(".ga-speed").addEventListener("change", function (event) { self.speed = Number(event.target.value); });
    this.$(".ga-leaf").addEventListener("change", function () { self.showPaths(); });
    this.canvas.addEventListener("click", function (event) {
      if (self.dragged) { self.dragged = false; return; }  // the end of a pan, not a click
      self.select(self.itemAt(event.target));
    });
    this.canvas.addEventListener("mouseover", function (event) { self.hover(self.itemAt(event.target)); });
    this.canvas.addEventListener("mouseleave", function () { self.hover(null); });
    this.bindZoom();
  };

  Player.prototype.itemAt = function (element) {
    var node = element.closest(".ga-node"), edge = element.closest(".ga-edge");
    if (node) return { node: this.nodes.indexOf(node) };
    if (edge) return { edge: this.edges.indexOf(edge) };
    return null;
  };

  // --- steps ---

  /** Go to step k; with `animate`, one step forward plays its tokens first, as the window does. */
  Player.prototype.go = function (k, animate) {
    this.finish();
    k = Math.max(0, Math.min(this.last, k));
    if (k !== this.k + 1 || this.k < 0) this.quiz.open = [];  // a jump leaves open questions for later
    if (this.quiz.on && k === this.k + 1) this.openQuestions(k);
    var tokens = this.data.steps.tokens[k];
    if (animate && k === this.k + 1 && tokens.length) {
      this.target = k;
      this.playTokens(tokens);
      var self = this;
      this.timer = setTimeout(function () { self.arrive(); }, 1000 * this.data.timing.travel / this.speed);
    } else {
      this.target = k;
      this.arrive();
    }
  };

  Player.prototype.arrive = function () {
    var k = this.target;
    this.timer = null;
    this.target = null;
    this.clearTokens();
    this.show(k);
    if (this.quiz.open.length) this.setPlaying(false);
    if (!this.playing) return;
    if (k >= this.last) { this.setPlaying(false); return; }
    var self = this;
    this.timer = setTimeout(function () { self.go(self.k + 1, true); }, 1000 * this.data.timing.pause / this.speed);
  };

  /** A step still travelling arrives at once (every press is one step). */
  Player.prototype.finish = function () {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.target !== null) this.arrive();
  };

  Player.prototype.setPlaying = function (on) {
    this.playing = on;
    var button = this.$('button[data-cmd="play"]');
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? "⏸" : "▶";
  };

  Player.prototype.togglePlay = function () {
    if (this.playing) { this.setPlaying(false); this.finish(); return; }
    this.setPlaying(true);
    if (this.k >= this.last) this.go(0, false);
    else this.go(this.k + 1, true);
  };

  /** Show step k at rest: every node's lines, every edge's highlight, the caption. */
  Player.prototype.show = function (k) {
    var data = this.data;
    this.k = k;
    var masked = {};
    this.quiz.open.forEach(function (q) { if (q.node >= 0) masked[q.node] = q.masked; });
    for (var i = 0; i < this.nodes.length; i++) {
      var version = versionAt(data.nodeText[i], k);
      var key = i in masked ? masked[i] : version;
      if (this.shownNodes[i] === key) continue;
      this.shownNodes[i] = key;
      setLine(this.valueLines[i], version[1], version[2]);
      if (i in masked) setLine(this.gradLines[i], masked[i], "grad-partial");
      else setLine(this.gradLines[i], version[3], version[4]);
    }
    for (var j = 0; j < this.edges.length; j++) {
      var state = versionAt(data.edgeStates[j], k);
      if (this.shownEdges[j] === state) continue;
      this.shownEdges[j] = state;
      this.edges[j].setAttribute("class", state[1] ? "ga-edge s-" + state[1] : "ga-edge");
      if (this.selection && this.selection.edge === j) this.edges[j].classList.add("selected");
      if (this.lit && this.lit.edges.indexOf(j) >= 0) this.edges[j].classList.add("lit");
    }
    var active = data.steps.active[k];
    if (this.activeNode !== undefined && this.activeNode >= 0) this.nodes[this.activeNode].classList.remove("active");
    if (active >= 0) this.nodes[active].classList.add("active");
    this.activeNode = active;
    this.follow(active);
    var question = this.currentQuestion();
    var asked = question || (this.quiz.waiting ? this.quiz.asked : null);  // no arithmetic that answers it
    this.$(".ga-caption").textContent = asked ? asked.caption : data.steps.caption[k];
    this.$(".ga-scrub").value = String(k);
    this.$(".ga-step").textContent = k + " / " + this.last;
    this.showQuiz();
    this.showInspector();
  };

  function setLine(element, text, role) {
    if (!element) return;
    element.textContent = text;
    element.setAttribute("class", "ga-t r-" + role + (element.classList.contains("ga-v") ? " ga-v" : " ga-g"));
    squeeze(element);
  }

  /** A line longer than its box (a font wider than DejaVu Sans, which the boxes were measured for) is drawn
   *  condensed to the box, as the window's canvas does, rather than spilling out of it. */
  function squeeze(line) {
    var room = line.parentNode.querySelector(".ga-box").width.baseVal.value - 6;
    if (line.hasAttribute("textLength")) {
      line.removeAttribute("textLength");
      line.removeAttribute("lengthAdjust");
    }
    if (line.textContent.length > 6 && line.getComputedTextLength() > room) {
      line.setAttribute("textLength", String(room));
      line.setAttribute("lengthAdjust", "spacingAndGlyphs");
    }
  }

  // --- tokens travel along their edges: SVG's own animateMotion on the edge's curve ---

  Player.prototype.playTokens = function (tokens) {
    var duration = this.data.timing.travel / this.speed + "s";
    var masked = {};
    this.quiz.open.forEach(function (q) { if (q.edge >= 0) masked[q.edge] = true; });
    for (var i = 0; i < tokens.length; i++) {
      var edge = tokens[i][0], backward = tokens[i][1], role = tokens[i][3];
      var group = document.createElementNS(SVG, "g");
      group.setAttribute("class", "ga-token r-" + role);
      var pill = document.createElementNS(SVG, "rect");
      var text = document.createElementNS(SVG, "text");
      text.setAttribute("class", "ga-t");
      text.textContent = masked[edge] ? "?" : tokens[i][2];
      group.appendChild(pill);
      group.appendChild(text);
      this.tokens.appendChild(group);
      var box = text.getBBox();
      pill.setAttribute("x", String(box.x - 5));
      pill.setAttribute("y", String(box.y - 2));
      pill.setAttribute("width", String(box.width + 10));
      pill.setAttribute("height", String(box.height + 4));
      pill.setAttribute("rx", String(box.height / 2 + 2));
      var motion = document.createElementNS(SVG, "animateMotion");
      motion.setAttribute("dur", duration);
      motion.setAttribute("fill", "freeze");
      motion.setAttribute("begin", "indefinite");
      motion.setAttribute("calcMode", "spline");
      motion.setAttribute("keyTimes", "0;1");
      motion.setAttribute("keyPoints", backward ? "1;0" : "0;1");
      motion.setAttribute("keySplines", this.data.timing.easing);
      var path = document.createElementNS(SVG, "mpath");
      path.setAttribute("href", "#" + this.root.id + "-e" + edge);
      motion.appendChild(path);
      group.appendChild(motion);
      motion.beginElement();
    }
  };

  Player.prototype.clearTokens = function () {
    while (this.tokens.firstChild) this.tokens.removeChild(this.tokens.firstChild);
  };

  // --- commands and keys ---

  Player.prototype.command = function (name) {
    var phases = this.data.phases;
    var quizOpen = this.currentQuestion() !== null;
    switch (name) {
      case "play": if (quizOpen || this.quiz.waiting) this.reveal(); else this.togglePlay(); break;
      case "next": if (quizOpen || this.quiz.waiting) this.reveal(); else this.go(this.k + 1, true); break;
      case "back": this.setPlaying(false); this.go(this.k - 1, false); break;
      case "start": this.setPlaying(false); this.go(phases.start, false); break;
      case "backward": this.setPlaying(false); this.go(phases.backward, false); break;
      case "end": this.setPlaying(false); this.go(phases.end, false); break;
      case "answer": this.answer(); break;
      case "reveal": this.reveal(); break;
      case "quiz": this.setQuiz(!this.quiz.on); break;
      case "blank": this.toggle(".ga-blank"); break;
      case "help": this.toggle(".ga-help"); break;
      case "theme": this.setTheme(this.theme === "dark" ? "light" : "dark"); break;
      case "fullscreen": this.fullscreen(); break;
      case "zoom-in": this.zoom(0.8); break;
      case "zoom-out": this.zoom(1.25); break;
      case "fit": this.fit(); break;
      case "escape": this.escape(); break;
    }
  };

  Player.prototype.key = function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" && target.type !== "range" || target.tagName === "SELECT");
    var command = keyCommand(this.data.keys, event.key);
    // in a field, keys are typing; a clicker's keys and Enter and Escape still steer the quiz
    if (typing && !(command === "answer" || command === "escape" || /^Page/.test(event.key))) return;
    if (command === null || (command === "answer" && !this.quiz.on)) return;
    if (!this.standalone && !this.root.contains(document.activeElement)) return;
    event.preventDefault();
    this.command(command);
  };

  Player.prototype.toggle = function (selector) {
    var element = this.$(selector);
    element.hidden = !element.hidden;
  };

  Player.prototype.escape = function () {
    if (!this.$(".ga-blank").hidden) this.$(".ga-blank").hidden = true;
    else if (!this.$(".ga-help").hidden) this.$(".ga-help").hidden = true;
    else if (this.quiz.on) this.setQuiz(false);
    else if (this.lit) this.light(null);
    else this.select(null);
  };

  Player.prototype.setTheme = function (name) {
    var palette = this.data.palettes[name];
    for (var role in palette) this.root.style.setProperty(role, palette[role]);
    this.theme = name;
    this.root.setAttribute("data-theme", name);
  };

  Player.prototype.fullscreen = function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (this.root.requestFullscreen) this.root.requestFullscreen();
  };

  Player.prototype.fillHelp = function () {
    var table = this.$(".ga-keys");
    this.data.keys.forEach(function (row) {
      if (!row[2]) return;
      var tr = table.insertRow(), th = document.createElement("th");
      th.textContent = row[2];
      tr.appendChild(th);
      tr.insertCell().textContent = row[3];
    });
  };

  // --- zoom and pan: the drawing's viewBox ---

  /** The whole drawing in view, a small one blown up no more than the window would (fitMaxScale). */
  Player.prototype.fit = function () {
    var d = this.drawing, width = this.canvas.clientWidth, height = this.canvas.clientHeight;
    var most = this.data.fitMaxScale, box = d.slice();
    if (width > 0 && height > 0 && Math.min(width / d[2], height / d[3]) > most) {
      box = [d[0] + d[2] / 2 - width / most / 2, d[1] + d[3] / 2 - height / most / 2, width / most, height / most];
    }
    this.home = box;
    this.setView(box);
    this.fitted = true;
  };

  /** At first the whole drawing; a big one no smaller than openMinScale, its start in view. */
  Player.prototype.open = function () {
    this.fit();
    var d = this.drawing, width = this.canvas.clientWidth, height = this.canvas.clientHeight;
    var least = this.data.openMinScale;
    if (width > 0 && height > 0 && Math.min(width / d[2], height / d[3]) < least) {
      this.setView([d[0], d[1], width / least, height / least]);
    }
  };

  Player.prototype.setView = function (box) {
    this.fitted = false;
    this.view = box.slice();
    var text = box.join(" ");
    this.layers.forEach(function (layer) { layer.setAttribute("viewBox", text); });
  };

  Player.prototype.zoom = function (factor, centre) {
    var v = this.view;
    var c = centre || [v[0] + v[2] / 2, v[1] + v[3] / 2];
    this.setView([c[0] - (c[0] - v[0]) * factor, c[1] - (c[1] - v[1]) * factor, v[2] * factor, v[3] * factor]);
  };

  Player.prototype.pointAt = function (event) {
    var svg = this.layers[0], point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var p = point.matrixTransform(svg.getScreenCTM().inverse());
    return [p.x, p.y];
  };

  Player.prototype.bindZoom = function () {
    var self = this, canvas = this.canvas, drag = null;
    canvas.addEventListener("wheel", function (event) {
      event.preventDefault();
      self.zoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, self.pointAt(event));
    }, { passive: false });
    canvas.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      drag = { at: self.pointAt(event), moved: false };
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var p = self.pointAt(event), v = self.view;
      if (!drag.moved && Math.abs(p[0] - drag.at[0]) + Math.abs(p[1] - drag.at[1]) < 3) return;
      drag.moved = true;
      canvas.classList.add("ga-dragging");
      self.setView([v[0] - (p[0] - drag.at[0]), v[1] - (p[1] - drag.at[1]), v[2], v[3]]);
    });
    window.addEventListener("pointerup", function () {
      self.dragged = !!(drag && drag.moved);
      drag = null;
      canvas.classList.remove("ga-dragging");
    });
  };

  /** Zoomed in, the view follows the node the step is about, as the window does on a big graph. */
  Player.prototype.follow = function (node) {
    if (node < 0 || this.view[2] >= this.home[2] * 0.999) return;
    var t = this.nodes[node].transform.baseVal.consolidate();
    if (!t) return;
    var x = t.matrix.e, y = t.matrix.f, v = this.view;
    if (x < v[0] || x > v[0] + v[2] || y < v[1] || y > v[1] + v[3]) {
      this.setView([x - v[2] / 2, y - v[3] / 2, v[2], v[3]]);
    }
  };

  // --- the inspector ---

  Player.prototype.select = function (what) {
    var old = this.selection;
    if (old && old.node !== undefined) this.nodes[old.node].classList.remove("selected");
    if (old && old.edge !== undefined) this.edges[old.edge].classList.remove("selected");
    this.selection = what;
    if (what && what.node !== undefined) this.nodes[what.node].classList.add("selected");
    if (what && what.edge !== undefined) this.edges[what.edge].classList.add("selected");
    if (what && what.node !== undefined) this.choosePathsFrom(what.node);
    this.showInspector();
  };

  Player.prototype.hover = function (what) {
    this.hovered = what;
    this.showInspector();
  };

  Player.prototype.showInspector = function () {
    var what = this.hovered || this.selection, inspector = this.data.inspector;
    var pieces = null;
    if (what && what.node !== undefined) {
      var pages = inspector.nodes[what.node];
      pieces = typeof pages[0] === "number" ? pages : pages.length ? versionAt(pages, this.k)[1] : null;
    } else if (what && what.edge !== undefined && inspector.edges[what.edge].length) {
      pieces = inspector.edges[what.edge];
    }
    if (this.quiz.on && this.quiz.open.length) pieces = null;  // it would give the answer away
    var page = this.$(".ga-page");
    this.$(".ga-empty").hidden = pieces !== null;
    if (this.shownPage === pieces) return;
    this.shownPage = pieces;
    page.textContent = "";
    if (pieces === null) return;
    var names = ["title", "details", "value", "flags", "gradient", "contributions", "implicit"];
    pieces.forEach(function (index, i) {
      var html = inspector.strings[index];
      if (!html) return;
      var div = document.createElement("div");
      div.className = "ga-p-" + names[i];
      div.innerHTML = html;  // written and escaped by graphviz-app (session/inspector.py)
      page.appendChild(div);
    });
  };

  // --- the paths panel ---

  Player.prototype.fillPaths = function () {
    var select = this.$(".ga-leaf");
    this.$(".ga-paths-note").textContent = this.data.pathsNote;
    this.data.paths.forEach(function (entry, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = entry.name;
      select.appendChild(option);
    });
    this.showPaths();
  };

  Player.prototype.choosePathsFrom = function (node) {
    for (var i = 0; i < this.data.paths.length; i++) {
      if (this.data.paths[i].leaf === node) {
        this.$(".ga-leaf").value = String(i);
        this.showPaths();
        return;
      }
    }
  };

  Player.prototype.showPaths = function () {
    var entry = this.data.paths[Number(this.$(".ga-leaf").value)], self = this;
    this.light(null);
    var list = this.$(".ga-rows");
    list.textContent = "";
    this.$(".ga-running").textContent = "";
    if (!entry) { this.$(".ga-count").textContent = ""; return; }
    this.$(".ga-count").innerHTML = entry.count;  // written and escaped by session/paths/prose.py
    this.$(".ga-widths").textContent = entry.widths;
    this.$(".ga-cost").textContent = entry.cost;
    this.$(".ga-shown").textContent = entry.rows.length ? entry.shown : "";
    this.$(".ga-total").innerHTML = entry.total;
    entry.rows.forEach(function (row, i) {
      var item = document.createElement("li"), button = document.createElement("button");
      button.type = "button";
      button.setAttribute("aria-pressed", "false");
      button.textContent = row.text;
      var route = document.createElement("span");
      route.className = "ga-route";
      route.textContent = row.route;
      button.appendChild(route);
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        list.querySelectorAll("button").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
        button.setAttribute("aria-pressed", String(on));
        self.light(on ? row : null);
        self.$(".ga-running").textContent = on ? row.running : "";
      });
      item.appendChild(button);
      list.appendChild(item);
    });
  };

  /** Light one path's nodes and edges and dim the rest (null: nothing lit). */
  Player.prototype.light = function (row) {
    var self = this;
    if (this.lit) {
      this.lit.nodes.forEach(function (i) { self.nodes[i].classList.remove("lit"); });
      this.lit.edges.forEach(function (i) { self.edges[i].classList.remove("lit"); });
    }
    this.lit = row;
    this.canvas.classList.toggle("ga-dim", !!row);
    if (!row) {
      this.root.querySelectorAll(".ga-rows button").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      return;
    }
    row.nodes.forEach(function (i) { self.nodes[i].classList.add("lit"); });
    row.edges.forEach(function (i) { self.edges[i].classList.add("lit"); });
  };

  Player.prototype.showTab = function (name) {
    this.root.querySelectorAll("[data-tab]").forEach(function (tab) {
      tab.setAttribute("aria-selected", String(tab.getAttribute("data-tab") === name));
    });
    this.root.querySelectorAll("[data-panel]").forEach(function (panel) {
      panel.hidden = panel.getAttribute("data-panel") !== name;
    });
  };

  // --- quiz mode: predict, then reveal ---

  function questionKey(q) { return q.kind + " " + q.node; }

  Player.prototype.setQuiz = function (on) {
    this.quiz.on = on;
    this.quiz.open = [];
    this.quiz.waiting = false;
    this.quiz.verdict = "";
    this.$('button[data-cmd="quiz"]').setAttribute("aria-pressed", String(on));
    this.$(".ga-quizbar").hidden = !on;
    this.$(".ga-side").hidden = on;  // the panels would give the answers away
    this.show(this.k);
  };

  Player.prototype.openQuestions = function (k) {
    var outcomes = this.quiz.outcomes;
    this.quiz.open = this.data.quiz.questions.filter(function (q) {
      return q.step === k && !(questionKey(q) in outcomes);
    });
    this.quiz.waiting = false;
    this.quiz.verdict = "";
  };

  Player.prototype.currentQuestion = function () {
    return this.quiz.on && this.quiz.open.length && !this.quiz.waiting ? this.quiz.open[0] : null;
  };

  Player.prototype.answer = function () {
    var q = this.currentQuestion();
    if (!q) return;
    var input = this.$(".ga-guess");
    try {
      var verdict = judge(q, input.value, this.data.quiz.messages);
      input.value = "";
      this.record(q, verdict.outcome, verdict.message);
    } catch (error) {
      this.quiz.verdict = error.message;
      this.quiz.verdictKind = "hint";
      this.showQuiz();
    }
  };

  /** Space or PageDown with a question open: its answer without a guess; after an answer: go on. */
  Player.prototype.reveal = function () {
    if (this.quiz.waiting) {
      this.quiz.waiting = false;
      this.quiz.verdict = "";
      this.show(this.k);
      return;
    }
    var q = this.currentQuestion();
    if (q) this.record(q, "skipped", q.revealed);
  };

  Player.prototype.record = function (q, outcome, message) {
    this.quiz.outcomes[questionKey(q)] = outcome;
    this.quiz.asked = q;
    this.quiz.open.shift();
    this.quiz.verdict = message;
    this.quiz.verdictKind = outcome === "right" ? "right" : outcome === "wrong" ? "wrong" : "";
    this.quiz.waiting = this.quiz.open.length > 0;  // the next press asks the step's next question
    this.show(this.k);
  };

  Player.prototype.showQuiz = function () {
    if (!this.quiz.on) return;
    var counts = { right: 0, wrong: 0, skipped: 0 }, outcomes = this.quiz.outcomes;
    Object.keys(outcomes).forEach(function (key) { counts[outcomes[key]] += 1; });
    this.$(".ga-score").textContent = fill(this.data.quiz.score, {
      right: counts.right, asked: counts.right + counts.wrong + counts.skipped, skipped: counts.skipped,
    });
    var verdict = this.$(".ga-verdict");
    verdict.textContent = this.quiz.verdict;
    verdict.className = "ga-verdict" + (this.quiz.verdictKind ? " ga-" + this.quiz.verdictKind : "");
    var q = this.currentQuestion();
    var input = this.$(".ga-guess");
    input.disabled = !q;
    if (q) input.placeholder = q.hint;
  };

  /** Start the player of `root` once its data is read; resolves to the player. */
  function mount(root, options) {
    if (!root.gaReady) {
      root.gaReady = readData(root.querySelector("script.ga-data")).then(function (data) {
        root.gaPlayer = new Player(root, data, options);
        return root.gaPlayer;
      });
    }
    return root.gaReady;
  }

  window.GraphvizAppPlayer = {
    mount: mount,
    versionAt: versionAt,
    fill: fill,
    keyCommand: keyCommand,
    parseGuess: parseGuess,
    judge: judge,
  };
})();
