/* nrules officer page: the report, the verdict, the letter.
 * The questions are those of `nrules new` (the interview model, served by POST v1/interview): the same
 * order, the same branching on the role, the acts and "another act?", the same parsing of each answer.
 * The page sends the answers as typed and shows what the server says back: new questions, errors, and
 * the incident once it is complete. Plain JavaScript; every request stays on this origin, with relative
 * URLs so the page works behind a reverse proxy under a path prefix. */
"use strict";

const SECTIONS = {
  report: "serve.page.sec_report",
  election: "serve.page.sec_election",
  respondent: "serve.page.sec_respondent",
  event: "serve.page.sec_event",
  acts: "serve.page.sec_acts",
  witnesses: "serve.page.sec_witnesses",
  evidence: "serve.page.sec_evidence",
  narrative: "serve.page.sec_narrative",
  record: "serve.page.sec_record",
  procedure: "serve.page.sec_handling",
};

const state = {
  lang: "id",
  msgs: { en: {}, id: {} },
  version: null,
  nodes: new Map(), // question id -> its field element
  touched: new Set(),
  showAll: false,
  interview: null, // the last answer of v1/interview
  seq: 0,
  inflight: null,
  timer: null,
  lastIncident: null,
  lastResult: null,
};

/* ------------------------------------------------------------------ texts */
function tr(key, params) {
  let text = (state.msgs[state.lang] || {})[key] || (state.msgs.en || {})[key] || key;
  for (const [name, value] of Object.entries(params || {})) text = text.split("{" + name + "}").join(String(value));
  return text;
}
function lbl(bilingual) {
  if (!bilingual) return "";
  return bilingual[state.lang] || bilingual.en || "";
}
function applyTexts(root) {
  (root || document).querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = tr(node.dataset.i18n); });
  (root || document).querySelectorAll("[data-i18n-aria]").forEach((node) => {
    node.setAttribute("aria-label", tr(node.dataset.i18nAria));
  });
}
function setLang(lang) {
  state.lang = lang;
  document.documentElement.lang = lang;
  try { localStorage.setItem("nrules.lang", lang); } catch (e) { /* private mode */ }
  document.querySelectorAll("button.lang").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
  document.title = "nrules: " + tr("serve.page.title");
  applyTexts();
  for (const [id, node] of state.nodes) {
    const value = rawOf(node);
    const fresh = renderQuestion(node.question);
    setRaw(fresh, value);
    node.replaceWith(fresh);
    state.nodes.set(id, fresh);
  }
  if (state.interview) scheduleRefresh(0);
  if (state.lastResult) renderVerdicts(state.lastResult);
}

/* ------------------------------------------------------------------ HTTP */
function headers(extra) {
  const h = Object.assign({ "Accept-Language": state.lang }, extra || {});
  let token = null;
  try { token = sessionStorage.getItem("nrules.token"); } catch (e) { token = null; }
  if (token) h.Authorization = "Bearer " + token;
  return h;
}
async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = headers(opts.headers);
  const response = await fetch(path, opts);
  if (response.status === 401) {
    document.getElementById("token-box").hidden = false;
    document.getElementById("token").focus();
  }
  return response;
}

/* ------------------------------------------------------------------ one question */
function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k.startsWith("data-") || k.startsWith("aria-") || k === "for" || k === "role") node.setAttribute(k, v === true ? "" : v);
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children || []) if (child) node.append(child);
  return node;
}
let uid = 0;
function nextId(qid) { uid += 1; return "q" + uid + "-" + qid.replace(/[^a-zA-Z0-9]+/g, "-"); }

const ANSWER = { yes: "ya", no: "tidak", unknown: "unknown" }; // words the interview's parser reads

/* The field for a question: a labelled control, its hint (what a blank means) and its error line. */
function renderQuestion(q) {
  const id = nextId(q.id);
  const errId = id + "-err";
  const hintId = id + "-hint";
  const hintText = [lbl(q.help), q.skip_means && !q.required ? tr("serve.page.blank_means", { what: lbl(q.skip_means) }) : ""]
    .filter(Boolean).join(" ");
  const hint = hintText ? el("p", { id: hintId, class: "hint", text: hintText }) : null;
  const err = el("p", { id: errId, class: "field-error", "aria-live": "polite" });
  const described = [hint ? hintId : null, errId].filter(Boolean).join(" ");
  const title = el("span", { class: "prompt", text: lbl(q.prompt) });
  const star = q.required ? el("span", { class: "req", "aria-hidden": "true", text: " *" }) : null;
  let node;
  if (q.kind === "tristate" || q.kind === "yesno") {
    const name = id;
    const answers = q.kind === "yesno"
      ? [[ANSWER.yes, "serve.page.yes"], [ANSWER.no, "serve.page.no"]]
      : [["", "serve.page.not_stated"], [ANSWER.yes, "serve.page.yes"], [ANSWER.no, "serve.page.no"]]
        .concat(q.allow_unknown ? [[ANSWER.unknown, "serve.page.unknown"]] : []);
    const fs = el("fieldset", { class: "tri", "aria-describedby": described }, [el("legend", {}, [title, star])]);
    const checked = q.kind === "yesno" ? (q.default === true ? ANSWER.yes : ANSWER.no) : "";
    for (const [value, key] of answers) {
      const rid = name + "-" + (value || "blank");
      const radio = el("input", { type: "radio", name, id: rid, value, checked: value === checked });
      fs.append(el("span", { class: "choice" }, [radio, el("label", { for: rid, text: tr(key) })]));
    }
    node = el("div", { class: "field group" }, [fs, hint, err]);
  } else if (q.kind === "multi") {
    const fs = el("fieldset", { class: "set", "aria-describedby": described }, [el("legend", {}, [title, star])]);
    for (const c of q.choices) {
      const cid = nextId(q.id + "-" + c.value);
      fs.append(el("span", { class: "choice" }, [
        el("input", { type: "checkbox", id: cid, value: c.value }),
        el("label", { for: cid, text: lbl(c.label) }),
      ]));
    }
    node = el("div", { class: "field group" }, [fs, hint, err]);
  } else {
    let control;
    if (q.kind === "choice") {
      control = el("select", { id });
      control.append(el("option", { value: "", text: q.required ? tr("serve.page.choose") : tr("serve.page.not_stated") }));
      for (const c of q.choices) {
        control.append(el("option", { value: c.value, text: lbl(c.label), title: lbl(c.definition) || null }));
        for (const alias of c.aliases || []) {
          control.append(el("option", { value: alias, text: lbl(c.label) + " (" + alias.replace(/_/g, " ") + ")" }));
        }
      }
      if (q.allow_unknown) control.append(el("option", { value: ANSWER.unknown, text: tr("serve.page.unknown") }));
    } else if (q.kind === "longtext") {
      control = el("textarea", { id, rows: 5, maxLength: 20000 });
    } else if (q.kind === "date") {
      control = el("input", { id, type: "date" });
    } else {
      const numeric = q.kind === "idnumber" || q.kind === "int";
      control = el("input", { id, type: "text", maxLength: q.kind === "text" ? 500 : 200, inputMode: numeric ? "numeric" : null });
      if (q.kind === "reported_date") control.placeholder = tr("serve.page.reported_date_example");
    }
    if (q.required) control.setAttribute("aria-required", "true");
    control.setAttribute("aria-describedby", described);
    const label = el("label", { for: id }, [title, star]);
    node = el("div", { class: "field" + (q.kind === "longtext" ? " wide" : "") }, [label, hint, control, err]);
    if (q.default !== null && q.default !== undefined && typeof q.default === "string") control.value = q.default;
  }
  node.dataset.qid = q.id;
  node.dataset.sig = JSON.stringify([q.kind, q.choices, q.required, q.allow_unknown, q.allow_skip, q.prompt]);
  node.question = q;
  node.addEventListener("input", () => { state.touched.add(q.id); scheduleRefresh(); });
  node.addEventListener("change", () => { state.touched.add(q.id); scheduleRefresh(0); });
  return node;
}
function controlOf(node) { return node.querySelector("input, select, textarea"); }
function rawOf(node) {
  const q = node.question;
  if (q.kind === "tristate" || q.kind === "yesno") {
    const chosen = node.querySelector("input:checked");
    return chosen ? chosen.value : "";
  }
  if (q.kind === "multi") return [...node.querySelectorAll("input:checked")].map((c) => c.value).join(",");
  return controlOf(node).value;
}
function setRaw(node, value) {
  const q = node.question;
  if (q.kind === "tristate" || q.kind === "yesno") {
    node.querySelectorAll("input").forEach((r) => { r.checked = r.value === value; });
  } else if (q.kind === "multi") {
    const values = value.split(",");
    node.querySelectorAll("input").forEach((c) => { c.checked = values.includes(c.value); });
  } else {
    const control = controlOf(node);
    if (control.tagName === "SELECT" && ![...control.options].some((o) => o.value === value)) return;
    control.value = value;
  }
}
function showError(node, message) {
  const err = node.querySelector(".field-error");
  const control = node.querySelector("fieldset") || controlOf(node);
  err.textContent = message || "";
  if (message) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

/* ------------------------------------------------------------------ the interview, in step with the server */
function sectionBody(name) {
  let fs = document.getElementById("sec-" + name);
  if (!fs) {
    const legendKey = SECTIONS[name];
    const legend = el("legend", { text: legendKey ? tr(legendKey) : name, "data-i18n": legendKey || null });
    fs = el("fieldset", { id: "sec-" + name, class: "section" }, [legend]);
    document.getElementById("sections").append(fs);
  }
  return fs;
}
function answers() {
  const out = {};
  for (const [id, node] of state.nodes) out[id] = rawOf(node);
  return out;
}
function scheduleRefresh(delay) {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => { refresh(); }, delay === undefined ? 250 : delay);
}
async function refresh() {
  const seq = ++state.seq;
  const work = (async () => {
    const response = await api("v1/interview", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ answers: answers() }),
    });
    if (!response.ok) throw new Error("interview " + response.status);
    const body = await response.json();
    if (seq === state.seq) reconcile(body);
    return body;
  })();
  state.inflight = work;
  return work;
}
/* Bring the form in line with the questions: new ones are inserted in place, changed ones replaced with
 * their answer kept, unreachable ones removed; existing fields are never moved, so focus stays put. */
function reconcile(body) {
  state.interview = body;
  const seen = new Set();
  const previous = {};
  for (const q of body.questions) {
    seen.add(q.id);
    const section = sectionBody(q.section);
    let node = state.nodes.get(q.id);
    const sig = JSON.stringify([q.kind, q.choices, q.required, q.allow_unknown, q.allow_skip, q.prompt]);
    if (!node) {
      node = renderQuestion(q);
      const prev = previous[q.section];
      if (prev) prev.after(node);
      else section.querySelector("legend").after(node);
      state.nodes.set(q.id, node);
    } else if (node.dataset.sig !== sig) {
      const value = rawOf(node);
      const fresh = renderQuestion(q);
      setRaw(fresh, value);
      node.replaceWith(fresh);
      state.nodes.set(q.id, fresh);
      node = fresh;
    } else {
      node.question = q;
    }
    previous[q.section] = node;
    showError(node, (state.showAll || state.touched.has(q.id)) ? q.error : null);
  }
  for (const [id, node] of [...state.nodes]) {
    if (!seen.has(id)) { node.remove(); state.nodes.delete(id); }
  }
  document.querySelectorAll("#sections > fieldset").forEach((fs) => { fs.hidden = fs.querySelectorAll("[data-qid]").length === 0; });
}

/* ------------------------------------------------------------------ submit, errors */
function showSummary(items) {
  const box = document.getElementById("error-summary");
  const list = box.querySelector("ul");
  list.textContent = "";
  for (const { node, message } of items) {
    const target = node ? (node.querySelector("fieldset input") || controlOf(node)) : null;
    const link = el("a", { href: "#" + (target ? target.id : "report"), text: message });
    link.addEventListener("click", (ev) => { ev.preventDefault(); if (target) target.focus(); });
    list.append(el("li", {}, [link]));
  }
  box.hidden = items.length === 0;
  if (items.length) box.focus();
}
function nodeForField(path) {
  if (!path) return null;
  const candidates = [path, path.replace(/^respondent\./, "respondents[0].")];
  for (let p of candidates) {
    while (p) {
      if (state.nodes.has(p)) return state.nodes.get(p);
      const shorter = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      if (shorter === p) break;
      p = shorter;
    }
  }
  return null;
}
async function submit(ev) {
  ev.preventDefault();
  clearTimeout(state.timer);
  state.showAll = true;
  let body;
  try { body = await refresh(); } catch (e) { showSummary([{ node: null, message: tr("serve.page.err_network") }]); return; }
  if (!body.complete) {
    const items = body.questions.filter((q) => q.error).map((q) => ({ node: state.nodes.get(q.id), message: lbl(q.prompt) + " " + q.error }));
    for (const p of body.problems) items.push({ node: nodeForField(p.question), message: p.message });
    showSummary(items.length ? items : [{ node: null, message: tr("serve.page.err_incomplete") }]);
    return;
  }
  showSummary([]);
  const busy = document.getElementById("busy");
  busy.textContent = tr("serve.page.checking");
  document.getElementById("check").disabled = true;
  try {
    const response = await api("v1/check", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body.incident),
    });
    const result = await response.json();
    if (!response.ok) {
      const node = nodeForField(result.field);
      if (node) showError(node, result.detail);
      showSummary([{ node, message: result.detail || result.title }]);
      busy.textContent = "";
      return;
    }
    state.lastIncident = body.incident;
    state.lastResult = result;
    renderVerdicts(result);
    busy.textContent = tr("serve.page.done");
    const section = document.getElementById("verdict");
    section.hidden = false;
    section.focus();
  } catch (e) {
    showSummary([{ node: null, message: tr("serve.page.err_network") }]);
    busy.textContent = "";
  } finally {
    document.getElementById("check").disabled = false;
  }
}
/* ------------------------------------------------------------------ the verdict */
function list(items, render) {
  const ul = el("ul");
  for (const item of items) ul.append(el("li", {}, render(item)));
  return ul;
}
function renderVerdicts(result) {
  const body = document.getElementById("verdict-body");
  body.textContent = "";
  result.verdicts.forEach((v, i) => body.append(renderVerdict(v, i, result.verdicts.length)));
  const p = result.verdicts[0].provenance;
  document.getElementById("provenance").textContent =
    "nrules " + p.nrules_version + " · " + tr("serve.page.ruleset") + " " + p.ruleset.name + " " + p.ruleset.version +
    " (sha256 " + p.ruleset.content_hash.slice(0, 12) + ") · " + tr("serve.page.backend") + " " + p.backend +
    " · " + tr("serve.page.law_as_of") + " " + p.law_as_of;
}
/* "a = x and b = y", or "... or ..." for several ways: the open facts under which a line holds. */
function conditions(when) {
  return (when || []).map((all) => all.map((x) => lbl(x.label) + " = " + lbl(x.value)).join(" " + tr("serve.page.and") + " "))
    .join("; " + tr("serve.page.or") + " ");
}
function renderVerdict(v, index, count) {
  const box = el("article", { class: "verdict status-" + v.status, "data-status": v.status });
  if (count > 1 && v.respondent) {
    const who = [v.respondent.name, v.respondent.jabatan, lbl(v.respondent.role_label)].filter(Boolean).join(", ");
    box.append(el("h3", { class: "respondent", text: tr("serve.page.respondent_n", { n: index + 1 }) + ": " + who }));
  }
  box.append(el("p", { class: "status" }, [el("strong", { class: "badge", text: tr("ui.status." + v.status) })]));
  box.append(el("p", { class: "summary", text: lbl(v.summary) }));
  const entries = (v.headline && v.headline.entries) || [];
  if (entries.length) {
    box.append(el("div", { class: "headline" }, [
      el("p", { text: tr("serve.page.recommended") + ":" }),
      list(entries, (e) => [
        el("strong", { text: lbl(e.tier_label) }),
        " (" + lbl(e.track_label) + (e.certainty === "possible" ? "; " + tr("serve.page.possible") : "") + ")",
      ]),
    ]));
  } else if (v.headline && v.headline.tier !== "none") {
    box.append(el("p", { class: "headline" }, [
      el("span", { text: tr("serve.page.recommended") + ": " }), el("strong", { text: lbl(v.headline.label) }),
    ]));
  }
  if (v.headline && v.headline.criminal_referral) box.append(el("p", { class: "warning", text: tr("serve.page.criminal_referral") }));
  if ((v.scenarios || []).length) {
    const sec = el("section", { class: "scenarios" }, [el("h3", { text: tr("serve.page.scenarios") })]);
    sec.append(list(v.scenarios, (sc) => [el("strong", { text: lbl(sc.summary) }), " " + tr("serve.page.if") + " " + conditions(sc.when)]));
    box.append(sec);
  }
  for (const s of v.sanctions) {
    const sec = el("section", { class: "track" });
    const possible = s.certainty === "possible" ? " (" + tr("serve.page.possible") + ")" : "";
    sec.append(el("h3", { text: lbl(s.track_label) + ": " + lbl(s.law_label) + possible }));
    if (s.already_sanctioned) sec.append(el("p", { text: tr("serve.page.already_sanctioned") }));
    for (const heavier of s.possible_heavier || []) {
      sec.append(el("p", { class: "warning", text: tr("serve.page.possible_heavier", { tier: lbl(heavier.tier_label) }) + " " + conditions(heavier.when) }));
    }
    for (const o of s.option_sets) {
      sec.append(el("p", { class: "sub", text: tr("serve.page.options") + (o.status === "pending" ? " (" + tr("serve.page.pending") + ")" : "") }));
      sec.append(list(o.options, (x) => [lbl(x.label)]));
    }
    if (s.route.length) {
      const seen = new Set();
      const steps = s.route.filter((r) => { const k = r.step + "|" + lbl(r.label); if (seen.has(k)) return false; seen.add(k); return true; });
      sec.append(el("p", { class: "sub", text: tr("serve.page.route") }));
      sec.append(list(steps, (r) => [tr("ui.step." + r.step) + ": " + lbl(r.label)]));
    }
    if (s.deadlines.length) {
      sec.append(el("p", { class: "sub", text: tr("serve.page.deadlines") }));
      sec.append(list(s.deadlines, (d) => [lbl(d.label) + ": " + d.amount + " " + tr("ui.unit." + d.unit) + (d.due ? " (" + tr("serve.page.due") + " " + d.due + ")" : "")]));
    }
    box.append(sec);
  }
  if (v.open_questions.length) {
    const sec = el("section", { class: "questions" }, [el("h3", { text: tr("serve.page.open_questions") })]);
    sec.append(list(v.open_questions, (q) => [
      el("strong", { text: lbl(q.label) }),
      ": " + (q.outcomes || []).map((o) => lbl(o.value) + " → " + lbl(o.summary)).join("; "),
    ]));
    box.append(sec);
  }
  box.append(reasoning(v));
  return box;
}
function reasoning(v) {
  const details = el("details", { class: "reasoning" });
  details.append(el("summary", { text: tr("serve.page.full_reasoning") }));
  const findings = [...v.findings, ...v.exemptions];
  if (findings.length) details.append(el("h3", { text: tr("serve.page.findings") }));
  for (const f of findings) {
    const art = el("section", { class: "finding" });
    art.append(el("h4", { text: lbl(f.title) + (f.tier_label ? " → " + lbl(f.tier_label) : "") }));
    if (f.certainty === "possible") art.append(el("p", { class: "warning", text: tr("serve.page.possible") + ": " + tr("serve.page.if") + " " + conditions(f.holds_when) }));
    art.append(el("p", { class: "rule-id", text: f.rule_id }));
    art.append(el("p", { text: lbl(f.explanation) }));
    art.append(el("p", { class: "sub", text: tr("serve.page.facts") }));
    art.append(list(f.facts, (c) => [lbl(c.label) + ": " + fmt(c.actual) + " (" + tr("serve.page.origin." + c.origin) + ")"]));
    art.append(el("p", { class: "sub", text: tr("serve.page.basis") }));
    for (const b of f.basis) {
      art.append(el("blockquote", {}, [
        el("p", { class: "cite", text: b.instrument + " " + b.article + " [" + b.confidence + "]" }),
        el("p", { text: (b.lead_in ? b.lead_in + " … " : "") + b.text }),
      ]));
    }
    details.append(art);
  }
  if (v.near_misses.length) {
    details.append(el("h3", { text: tr("serve.page.near_misses") }));
    details.append(list(v.near_misses, (m) => [lbl(m.explanation)]));
  }
  if ((v.not_needed || []).length) {
    details.append(el("h3", { text: tr("serve.page.not_needed") }));
    details.append(list(v.not_needed, (f) => [lbl(f.label) + ": " + lbl(f.reported)]));
  }
  if (v.flags.length) {
    details.append(el("h3", { text: tr("serve.page.flags") }));
    details.append(list(v.flags, (f) => [el("code", { text: f.id }), " " + lbl(f.text)]));
  }
  return details;
}
function fmt(value) {
  if (value === true) return tr("serve.page.yes");
  if (value === false) return tr("serve.page.no");
  if (value === null || value === undefined) return tr("serve.page.unknown");
  return String(value);
}

/* ------------------------------------------------------------------ the letter */
async function download(format) {
  const status = document.getElementById("letter-status");
  if (!state.lastIncident) return;
  status.textContent = tr("serve.page.preparing");
  const response = await api("v1/letter?format=" + encodeURIComponent(format), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(state.lastIncident),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    status.textContent = problem.detail || tr("serve.page.err_network");
    return;
  }
  const blob = await response.blob();
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = disposition.match(/filename="([^"]+)"/);
  const link = el("a", { href: URL.createObjectURL(blob), download: match ? match[1] : "nrules." + format });
  document.body.append(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  status.textContent = tr("serve.page.downloaded");
}

/* ------------------------------------------------------------------ start */
async function start() {
  let stored = null;
  try { stored = localStorage.getItem("nrules.lang"); } catch (e) { stored = null; }
  const preferred = (navigator.languages || [navigator.language || "id"]).map((l) => l.slice(0, 2).toLowerCase());
  state.lang = stored || preferred.find((l) => l === "id" || l === "en") || "id";
  document.querySelectorAll("button.lang").forEach((b) => b.addEventListener("click", () => setLang(b.dataset.lang)));
  document.getElementById("token-box").addEventListener("submit", (ev) => {
    ev.preventDefault();
    try { sessionStorage.setItem("nrules.token", document.getElementById("token").value); } catch (e) { /* ignore */ }
    document.getElementById("token-box").hidden = true;
    load();
  });
  document.getElementById("report").addEventListener("submit", submit);
  document.querySelectorAll("button.letter").forEach((b) => b.addEventListener("click", () => download(b.dataset.format)));
  state.msgs = await (await fetch("ui/messages.json")).json();
  setLang(state.lang);
  await load();
}
async function load() {
  const version = await api("version");
  if (!version.ok) {
    document.getElementById("loading").textContent = tr("serve.page.err_load");
    return;
  }
  state.version = await version.json();
  document.querySelectorAll("button.letter").forEach((b) => { b.hidden = !state.version.letter_formats.includes(b.dataset.format); });
  try {
    await refresh();
  } catch (e) {
    document.getElementById("loading").textContent = tr("serve.page.err_load");
    return;
  }
  document.getElementById("loading").hidden = true;
  document.getElementById("report").hidden = false;
}
document.addEventListener("DOMContentLoaded", start);
