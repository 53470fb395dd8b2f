/* nrules officer page: the report form (after Formulir Model B.1), the verdict, the letter.
 * Plain JavaScript, no external resources: the form is built from GET v1/vocabulary, the texts come
 * from the server's message catalogue (ui/messages.json), and every request stays on this origin.
 * All URLs are relative so the page works behind a reverse proxy under a path prefix. */
"use strict";

const state = {
  lang: "id",
  msgs: { en: {}, id: {} },
  vocab: null,
  version: null,
  dateUnknownAllowed: false,
  lastIncident: null,
  lastResult: null,
  actCount: 0,
};

/* ------------------------------------------------------------------ texts */
function tr(key, params) {
  let text = (state.msgs[state.lang] || {})[key] || (state.msgs.en || {})[key] || key;
  if (params) {
    for (const [name, value] of Object.entries(params)) text = text.split("{" + name + "}").join(String(value));
  }
  return text;
}
function lbl(bilingual) {
  if (!bilingual) return "";
  return bilingual[state.lang] || bilingual.en || "";
}
function applyTexts(root) {
  (root || document).querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = tr(el.dataset.i18n); });
  (root || document).querySelectorAll("[data-i18n-aria]").forEach((el) => {
    el.setAttribute("aria-label", tr(el.dataset.i18nAria));
  });
}
function setLang(lang) {
  state.lang = lang;
  document.documentElement.lang = lang;
  try { localStorage.setItem("nrules.lang", lang); } catch (e) { /* private mode */ }
  document.querySelectorAll("button.lang").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
  document.title = "nrules: " + tr("serve.page.title");
  applyTexts();
  relabelOptions();
  document.querySelectorAll("[data-validated]").forEach((el) => validateField(el));
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

/* ------------------------------------------------------------------ building the form */
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
function nextId(path) { uid += 1; return "f" + uid + "-" + path.replace(/[^a-zA-Z0-9]+/g, "-"); }

/* A labelled field. spec: {path, label (message key) | term (bilingual), type, required, options,
 * pattern, hint, unknown}. options: [{value, label: bilingual | key}] */
function field(spec) {
  const id = nextId(spec.path);
  const errId = id + "-err";
  const hintId = spec.hint ? id + "-hint" : null;
  const label = el("label", { for: id });
  if (spec.term) label.append(el("span", { "data-bi": JSON.stringify(spec.term), text: lbl(spec.term) }));
  else label.append(el("span", { "data-i18n": spec.label, text: tr(spec.label) }));
  if (spec.required) label.append(el("span", { class: "req", "aria-hidden": "true", text: " *" }));
  let input;
  if (spec.type === "select") {
    input = el("select", { id });
    fillOptions(input, spec.options || [], spec.unknown !== false);
  } else if (spec.type === "textarea") {
    input = el("textarea", { id, rows: spec.rows || 4, maxLength: spec.max || 20000 });
  } else {
    input = el("input", { id, type: spec.type || "text", maxLength: spec.max || 500, inputMode: spec.inputmode || null });
    if (spec.pattern) input.pattern = spec.pattern;
    if (spec.autocomplete) input.autocomplete = spec.autocomplete;
  }
  input.dataset.path = spec.path;
  if (spec.required) { input.required = true; input.setAttribute("aria-required", "true"); }
  if (spec.check) input.dataset.check = spec.check;
  input.setAttribute("aria-describedby", [hintId, errId].filter(Boolean).join(" "));
  input.addEventListener("input", () => validateField(input));
  input.addEventListener("change", () => validateField(input));
  input.addEventListener("blur", () => validateField(input));
  const hint = spec.hint ? el("p", { id: hintId, class: "hint", "data-i18n": spec.hint }) : null;
  const err = el("p", { id: errId, class: "field-error", "aria-live": "polite" });
  if (hint) hint.textContent = tr(spec.hint);
  return el("div", { class: "field" + (spec.wide ? " wide" : "") }, [label, hint, input, err]);
}
function fillOptions(select, options, withBlank) {
  const keep = select.value;
  select.textContent = "";
  if (withBlank) select.append(el("option", { value: "", "data-i18n": "serve.page.not_stated", text: tr("serve.page.not_stated") }));
  for (const o of options) {
    const opt = el("option", { value: o.value });
    if (o.key) { opt.dataset.i18n = o.key; opt.textContent = tr(o.key); }
    else { opt.dataset.bi = JSON.stringify(o.label); opt.textContent = lbl(o.label) + (o.suffix || ""); if (o.suffix) opt.dataset.suffix = o.suffix; }
    select.append(opt);
  }
  if ([...select.options].some((o) => o.value === keep)) select.value = keep;
}
function relabelOptions() {
  document.querySelectorAll("[data-bi]").forEach((node) => {
    node.textContent = lbl(JSON.parse(node.dataset.bi)) + (node.dataset.suffix || "");
  });
}
function terms(list) { return list.map((t) => ({ value: t.key, label: t.label })); }

function buildForm() {
  const v = state.vocab;
  const today = new Date().toISOString().slice(0, 10);
  const sec = (id) => document.getElementById(id);
  sec("sec-report").append(
    field({ path: "incident_id", label: "serve.page.incident_id", required: true, max: 128, hint: "serve.page.incident_id_help" }),
    field({ path: "report.number", label: "serve.page.report_number" }),
    field({ path: "report.channel", label: "serve.page.report_channel", type: "select",
      options: v.report_channels.map((c) => ({ value: c.key, label: c.label })) }),
    field({ path: "report.received_on", label: "serve.page.received_on", type: "date" }),
  );
  sec("sec-reporter").append(
    field({ path: "report.reporter.name", label: "serve.page.name", autocomplete: "off" }),
    field({ path: "report.reporter.occupation", label: "serve.page.occupation" }),
    field({ path: "report.reporter.address", label: "serve.page.address" }),
    field({ path: "report.reporter.phone", label: "serve.page.phone", type: "tel" }),
    field({ path: "report.reporter.email", label: "serve.page.email", type: "email", check: "email" }),
  );
  const roleOptions = [];
  for (const r of v.roles) {
    roleOptions.push({ value: r.key, label: r.label });
    for (const a of r.aliases) roleOptions.push({ value: a, label: r.label, suffix: " (" + a.replace(/_/g, " ") + ")" });
  }
  sec("sec-respondent").append(
    field({ path: "respondent.name", label: "serve.page.name" }),
    field({ path: "respondent.role", label: "serve.page.role", type: "select", options: roleOptions, required: true, unknown: true }),
    field({ path: "respondent.jabatan", label: "serve.page.jabatan", hint: "serve.page.jabatan_help" }),
    field({ path: "respondent.nip", label: "serve.page.nip", inputmode: "numeric", check: "nip", max: 18 }),
    field({ path: "respondent.position_kind", label: "serve.page.position_kind", type: "select", options: terms(v.positions) }),
    field({ path: "respondent.government_level", label: "serve.page.government_level", type: "select", options: terms(v.government_levels) }),
    field({ path: "respondent.golongan", label: "serve.page.golongan", max: 12 }),
    field({ path: "respondent.instansi", label: "serve.page.instansi" }),
    field({ path: "respondent.local_title", label: "serve.page.local_title" }),
    field({ path: "respondent.election_body", label: "serve.page.election_body", type: "select", options: terms(v.election_bodies) }),
    field({ path: "respondent.address", label: "serve.page.address" }),
  );
  const electionOptions = v.elections.map((e) => ({ value: e.key, label: e.title }));
  sec("sec-event").append(
    field({ path: "election.key", label: "serve.page.election", type: "select", options: electionOptions, required: true }),
    field({ path: "election.contest", label: "serve.page.contest", type: "select", options: [], required: true }),
    field({ path: "election.region", label: "serve.page.region" }),
    field({ path: "event.description", label: "serve.page.event_description", type: "textarea", rows: 2, wide: true }),
    field({ path: "event.place", label: "serve.page.place" }),
    field({ path: "event.date_of_act", label: "serve.page.date_of_act", type: "date", required: !state.dateUnknownAllowed, check: "in_window" }),
    field({ path: "event.date_known", label: "serve.page.date_known", type: "date", check: "after_act" }),
  );
  sec("sec-narrative").append(
    field({ path: "narrative", label: "serve.page.narrative", type: "textarea", rows: 6, wide: true, hint: "serve.page.narrative_help" }),
  );
  sec("sec-handling").append(
    field({ path: "examination_started_on", label: "serve.page.examination_started_on", type: "date", hint: "serve.page.examination_help" }),
    field({ path: "assessment_date", label: "serve.page.assessment_date", type: "date", hint: "serve.page.assessment_help" }),
  );
  byPath("incident_id").value = "WEB-" + today.replace(/-/g, "") + "-" + Math.floor(Math.random() * 9000 + 1000);
  byPath("assessment_date").value = today;
  byPath("election.key").addEventListener("change", refreshContests);
  byPath("respondent.role").addEventListener("change", refreshActTypes);
  document.getElementById("add-act").addEventListener("click", () => { addAct(); });
  document.getElementById("add-witness").addEventListener("click", () => addRepeated("witnesses", witnessFields));
  document.getElementById("add-evidence").addEventListener("click", () => addRepeated("evidence", evidenceFields));
  addAct(true);
  refreshContests();
}
function byPath(path, root) { return (root || document).querySelector('[data-path="' + path + '"]'); }

function refreshContests() {
  const key = byPath("election.key").value;
  const election = state.vocab.elections.find((e) => e.key === key);
  const contests = election ? election.contests : [];
  const options = contests.map((c) => ({ value: c, label: (state.vocab.contests.find((t) => t.key === c) || { label: { en: c, id: c } }).label }));
  fillOptions(byPath("election.contest"), options, true);
  document.querySelectorAll('[data-path$=".contest"]').forEach((s) => { if (s.dataset.path !== "election.contest") fillOptions(s, options, true); });
  document.querySelectorAll('[data-check="in_window"]').forEach((d) => {
    if (election && election.window_from) d.min = election.window_from;
    if (election && election.window_to) d.max = election.window_to;
    if (d.value) validateField(d);
  });
}
function roleKey() {
  const value = byPath("respondent.role").value;
  const role = state.vocab.roles.find((r) => r.key === value || r.aliases.includes(value));
  return role ? role.key : "";
}
function actTypeOptions() {
  const role = roleKey();
  return state.vocab.act_types
    .filter((a) => !role || a.subjects.includes(role))
    .map((a) => ({ value: a.key, label: a.label }));
}
function refreshActTypes() {
  document.querySelectorAll('select[data-path$=".type"]').forEach((s) => fillOptions(s, actTypeOptions(), true));
}

/* An act: its type, date, contest, description and every modifier of the vocabulary. A yes/no
 * modifier has four answers: yes, no, not known yet (null: alleged, not established), not stated. */
function addAct(first) {
  const index = state.actCount++;
  const p = "acts[" + index + "]";
  const box = el("div", { class: "repeat act", "data-index": index, role: "group", "aria-labelledby": "act-title-" + index });
  const title = el("h3", { id: "act-title-" + index });
  title.dataset.i18n = "serve.page.act_n";
  box.append(title);
  box.append(
    field({ path: p + ".type", label: "serve.page.act_type", type: "select", options: actTypeOptions(), required: true }),
    field({ path: p + ".date", label: "serve.page.act_date", type: "date", hint: "serve.page.act_date_help", check: "in_window" }),
    field({ path: p + ".contest", label: "serve.page.act_contest", type: "select", options: [] }),
    field({ path: p + ".description", label: "serve.page.act_description", type: "textarea", rows: 2, wide: true }),
  );
  const mods = el("div", { class: "modifiers" });
  for (const m of state.vocab.modifiers) mods.append(modifierField(p, m));
  box.append(el("h4", { "data-i18n": "serve.page.circumstances" }), mods);
  if (!first) {
    const remove = el("button", { type: "button", class: "remove", "data-i18n": "serve.page.remove_act" });
    remove.addEventListener("click", () => { box.remove(); renumber(); document.getElementById("add-act").focus(); });
    box.append(remove);
  }
  document.getElementById("acts").append(box);
  applyTexts(box);
  renumber();
  refreshContests();
  const select = byPath(p + ".type", box);
  if (!first) select.focus();
  return box;
}
function renumber() {
  document.querySelectorAll("#acts .act").forEach((box, i) => {
    const h = box.querySelector("h3");
    h.textContent = tr("serve.page.act_n", { n: i + 1 });
  });
}
function modifierField(prefix, m) {
  const path = prefix + "." + m.key;
  if (m.type === "bool") {
    const name = nextId(path);
    const fs = el("fieldset", { class: "tri", "data-path": path, "data-kind": "bool" });
    const legend = el("legend", { "data-bi": JSON.stringify(m.label), text: lbl(m.label) });
    fs.append(legend);
    const answers = [["", "serve.page.not_stated"], ["true", "serve.page.yes"], ["false", "serve.page.no"], ["null", "serve.page.unknown"]];
    for (const [value, key] of answers) {
      const id = name + "-" + (value || "absent");
      const radio = el("input", { type: "radio", name, id, value });
      if (value === "") radio.checked = true;
      fs.append(el("span", { class: "choice" }, [radio, el("label", { for: id, "data-i18n": key, text: tr(key) })]));
    }
    if (m.definition) fs.append(el("p", { class: "hint", "data-bi": JSON.stringify(m.definition), text: lbl(m.definition) }));
    return fs;
  }
  if (m.type === "set") {
    const fs = el("fieldset", { class: "set", "data-path": path, "data-kind": "set" });
    fs.append(el("legend", { "data-bi": JSON.stringify(m.label), text: lbl(m.label) }));
    for (const value of m.values) {
      const id = nextId(path + "-" + value);
      fs.append(el("span", { class: "choice" }, [
        el("input", { type: "checkbox", id, value }),
        el("label", { for: id, text: value.replace(/_/g, " ") }),
      ]));
    }
    return fs;
  }
  if (m.type === "enum") {
    return field({ path, term: m.label, type: "select", options: m.values.map((x) => ({ value: x, label: { en: x.replace(/_/g, " "), id: x.replace(/_/g, " ") } })) });
  }
  return field({ path, term: m.label, type: "number", inputmode: "numeric", check: "amount" });
}
function witnessFields(p) {
  return [
    field({ path: p + ".name", label: "serve.page.name" }),
    field({ path: p + ".address", label: "serve.page.address" }),
    field({ path: p + ".phone", label: "serve.page.phone", type: "tel" }),
  ];
}
function evidenceFields(p) {
  return [
    field({ path: p + ".kind", label: "serve.page.evidence_kind", type: "select", required: true,
      options: state.vocab.evidence_kinds.map((c) => ({ value: c.key, label: c.label })) }),
    field({ path: p + ".description", label: "serve.page.evidence_description" }),
    field({ path: p + ".ref", label: "serve.page.evidence_ref" }),
  ];
}
const repeatCounts = {};
function addRepeated(kind, make) {
  const index = repeatCounts[kind] = (repeatCounts[kind] || 0) + 1;
  const p = kind + "[" + (index - 1) + "]";
  const box = el("div", { class: "repeat", role: "group" });
  box.append(...make(p));
  const remove = el("button", { type: "button", class: "remove", "data-i18n": "serve.page.remove" });
  remove.addEventListener("click", () => { box.remove(); document.getElementById("add-" + (kind === "witnesses" ? "witness" : kind)).focus(); });
  box.append(remove);
  document.getElementById(kind).append(box);
  applyTexts(box);
  box.querySelector("input, select, textarea").focus();
}

/* ------------------------------------------------------------------ validation as they type */
function setError(input, message) {
  const err = document.getElementById(input.getAttribute("aria-describedby").split(" ").pop());
  input.dataset.validated = "1";
  if (message) {
    input.setAttribute("aria-invalid", "true");
    err.textContent = message;
  } else {
    input.removeAttribute("aria-invalid");
    err.textContent = "";
  }
  return !message;
}
function validateField(input) {
  if (!input || !input.dataset || !input.dataset.path || input.tagName === "FIELDSET") return true;
  const value = input.value.trim();
  if (input.required && !value) return setError(input, tr("serve.page.err_required"));
  if (input.type === "date" && input.validity && input.validity.badInput) return setError(input, tr("serve.page.err_date"));
  if (!value) return setError(input, "");
  switch (input.dataset.check) {
    case "nip":
      if (!/^\d{18}$/.test(value)) return setError(input, tr("serve.page.err_nip"));
      break;
    case "email":
      if (input.validity && input.validity.typeMismatch) return setError(input, tr("serve.page.err_email"));
      break;
    case "amount":
      if (!/^\d+$/.test(value)) return setError(input, tr("serve.page.err_amount"));
      break;
    case "in_window": {
      const election = state.vocab.elections.find((e) => e.key === byPath("election.key").value);
      if (election && election.window_from && election.window_to && (value < election.window_from || value > election.window_to)) {
        return setError(input, tr("serve.page.err_window", { from: election.window_from, to: election.window_to, election: lbl(election.title) }));
      }
      break;
    }
    case "after_act": {
      const act = byPath("event.date_of_act").value;
      if (act && value < act) return setError(input, tr("serve.page.err_known_before_act"));
      break;
    }
    default:
      break;
  }
  if (input.maxLength > 0 && value.length > input.maxLength) return setError(input, tr("serve.page.err_too_long", { n: input.maxLength }));
  return setError(input, "");
}

/* ------------------------------------------------------------------ the incident from the form */
function setPath(target, path, value) {
  const parts = path.replace(/\[(\d+)\]/g, ".$1").split(".");
  let node = target;
  for (let i = 0; i < parts.length - 1; i += 1) {
    const key = /^\d+$/.test(parts[i]) ? Number(parts[i]) : parts[i];
    const nextIsIndex = /^\d+$/.test(parts[i + 1]);
    if (node[key] === undefined) node[key] = nextIsIndex ? [] : {};
    node = node[key];
  }
  node[parts[parts.length - 1]] = value;
}
function compact(value) {
  if (Array.isArray(value)) return value.filter((x) => x !== undefined).map(compact);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      const c = compact(v);
      if (c !== undefined && !(c && typeof c === "object" && !Array.isArray(c) && Object.keys(c).length === 0)) out[k] = c;
    }
    return out;
  }
  return value;
}
function collect() {
  const data = {};
  const form = document.getElementById("report");
  // renumber repeated groups so that the paths are dense (acts[0], acts[1]... after removals)
  const groups = [["#acts > .repeat", "acts"], ["#witnesses > .repeat", "witnesses"], ["#evidence > .repeat", "evidence"]];
  const rename = new Map();
  for (const [selector, kind] of groups) {
    document.querySelectorAll(selector).forEach((box, i) => {
      box.querySelectorAll("[data-path]").forEach((n) => {
        const m = n.dataset.path.match(new RegExp("^" + kind + "\\[(\\d+)\\]"));
        if (m) rename.set(n, n.dataset.path.replace(m[0], kind + "[" + i + "]"));
      });
    });
  }
  form.querySelectorAll("[data-path]").forEach((node) => {
    const path = rename.get(node) || node.dataset.path;
    node.dataset.sent = path;
    if (node.dataset.kind === "bool") {
      const chosen = node.querySelector("input:checked");
      if (!chosen || chosen.value === "") return;
      setPath(data, path, chosen.value === "null" ? null : chosen.value === "true");
      return;
    }
    if (node.dataset.kind === "set") {
      const values = [...node.querySelectorAll("input:checked")].map((c) => c.value);
      if (values.length) setPath(data, path, values);
      return;
    }
    const value = node.value.trim();
    if (!value) return;
    setPath(data, path, node.type === "number" ? Number(value) : value);
  });
  return compact(data);
}

/* ------------------------------------------------------------------ submit, errors */
function showSummary(items) {
  const box = document.getElementById("error-summary");
  const list = box.querySelector("ul");
  list.textContent = "";
  for (const { input, message } of items) {
    const link = el("a", { href: "#" + (input ? input.id : "report"), text: message });
    link.addEventListener("click", (ev) => { ev.preventDefault(); if (input) input.focus(); });
    list.append(el("li", {}, [link]));
  }
  box.hidden = items.length === 0;
  if (items.length) box.focus();
}
function fieldFor(path) {
  if (!path) return null;
  for (let p = path; p; p = p.replace(/(\.[^.[\]]+|\[\d+\])$/, "")) {
    const node = document.querySelector('[data-sent="' + p + '"]');
    if (node) return node.tagName === "FIELDSET" ? node.querySelector("input") : node;
    if (!/(\.[^.[\]]+|\[\d+\])$/.test(p)) break;
  }
  return null;
}
async function submit(ev) {
  ev.preventDefault();
  const problems = [];
  document.querySelectorAll("#report [data-path]").forEach((input) => {
    if (!validateField(input)) {
      const err = document.getElementById(input.getAttribute("aria-describedby").split(" ").pop());
      const label = document.querySelector('label[for="' + input.id + '"] > span');
      problems.push({ input, message: (label ? label.textContent + ": " : "") + err.textContent });
    }
  });
  if (problems.length) { showSummary(problems); return; }
  showSummary([]);
  const incident = collect();
  const busy = document.getElementById("busy");
  busy.textContent = tr("serve.page.checking");
  document.getElementById("check").disabled = true;
  try {
    const response = await api("v1/check", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(incident),
    });
    const body = await response.json();
    if (!response.ok) {
      const input = fieldFor(body.field);
      if (input) setError(input, body.detail);
      showSummary([{ input, message: body.detail || body.title }]);
      busy.textContent = "";
      return;
    }
    state.lastIncident = incident;
    state.lastResult = body;
    renderVerdicts(body);
    busy.textContent = tr("serve.page.done");
    const section = document.getElementById("verdict");
    section.hidden = false;
    section.focus();
  } catch (e) {
    showSummary([{ input: null, message: tr("serve.page.err_network") }]);
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
function renderVerdict(v, index, count) {
  const box = el("article", { class: "verdict status-" + v.status, "data-status": v.status });
  if (count > 1 && v.respondent) box.append(el("h3", { text: (v.respondent.name || v.respondent.role || "") }));
  box.append(el("p", { class: "status" }, [el("strong", { class: "badge", text: tr("ui.status." + v.status) })]));
  box.append(el("p", { class: "summary", text: lbl(v.summary) }));
  if (v.headline && v.headline.tier !== "none") {
    box.append(el("p", { class: "headline" }, [
      el("span", { text: tr("serve.page.recommended") + ": " }),
      el("strong", { text: lbl(v.headline.label) }),
      el("span", { text: " [" + v.headline.card_tier + "]" }),
    ]));
  }
  if (v.headline && v.headline.criminal_referral) box.append(el("p", { class: "warning", text: tr("serve.page.criminal_referral") }));
  for (const s of v.sanctions) {
    const sec = el("section", { class: "track" });
    sec.append(el("h3", { text: lbl(s.track_label) + ": " + lbl(s.law_label) }));
    if (s.already_sanctioned) sec.append(el("p", { text: tr("serve.page.already_sanctioned") }));
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
    sec.append(list(v.open_questions, (q) => [lbl(q.title) + ": " + q.unknown_fact_labels.map(lbl).join(", ")]));
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
  const [vocab, version, schema] = await Promise.all([api("v1/vocabulary"), api("version"), api("v1/schema/incident")]);
  if (!vocab.ok || !version.ok || !schema.ok) {
    document.getElementById("loading").textContent = tr("serve.page.err_load");
    return;
  }
  state.vocab = await vocab.json();
  state.version = await version.json();
  const incidentSchema = await schema.json();
  const eventDef = (incidentSchema.$defs || {}).Event || {};
  state.dateUnknownAllowed = !(eventDef.required || []).includes("date_of_act");
  if (!document.getElementById("report").dataset.built) {
    buildForm();
    document.getElementById("report").dataset.built = "1";
  }
  document.querySelectorAll("button.letter").forEach((b) => { b.hidden = !state.version.letter_formats.includes(b.dataset.format); });
  document.getElementById("loading").hidden = true;
  document.getElementById("report").hidden = false;
  applyTexts();
  renumber();
}
document.addEventListener("DOMContentLoaded", start);
