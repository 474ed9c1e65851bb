// The GameBook player: picks a story, plays it through the story API (one request per step, no page reload),
// saves to a file and restores from one. Keys: 1-9 choose, Enter or Space continue.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const ui = {
    form: $('story-form'),
    select: $('story-select'),
    locale: $('locale-select'),
    localeLabel: $('locale-label'),
    start: $('start-button'),
    save: $('save-button'),
    restoreInput: $('restore-input'),
    restart: $('restart-button'),
    title: $('story-title'),
    status: $('status'),
    problem: $('problem'),
    transcript: $('transcript'),
    prompt: $('prompt'),
    choices: $('choices'),
    continue: $('continue-button'),
    ending: $('ending'),
    endingTitle: $('ending-title'),
    endingDetail: $('ending-detail'),
    playAgain: $('play-again-button'),
  };

  const storageKey = 'gamebook.player.session';
  let stories = [];
  let session = null; // { id, token, story, locale }
  let step = null;
  let nodes = new Map(); // node unique name or name -> { tags, isEnding }
  let busy = false;

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || `The server answered ${status}.`);
      this.status = status;
      this.problem = problem || {};
    }
  }

  // body: an object to send as JSON, or a string that already is JSON. With raw, the answer comes back as text:
  // saves hold 64-bit numbers (the random generator's state) that JSON.parse would round.
  async function api(method, path, body, useToken = true, raw = false) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (useToken && session) headers['X-Session-Token'] = session.token;
    let response;
    try {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      response = await fetch(path, { method, headers, body: payload });
    } catch (error) {
      throw new ApiError(0, { detail: 'The server cannot be reached. Check your connection and try again.' });
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return raw ? text : data;
  }

  function say(message) { ui.status.textContent = message || ''; }

  function showProblem(error) {
    if (!error) { ui.problem.hidden = true; ui.problem.textContent = ''; return; }
    let message = error.message || String(error);
    const type = (error.problem && error.problem.type) || '';
    if (type.endsWith('/unknown-session')) {
      message = 'This game is no longer on the server (it was idle too long or deleted). Start a new game, or restore a save file.';
      forgetSession();
    }
    ui.problem.textContent = message;
    ui.problem.hidden = false;
  }

  function rememberSession() {
    try { sessionStorage.setItem(storageKey, JSON.stringify(session)); } catch { /* private mode: no resume */ }
  }

  function forgetSession() {
    session = null;
    try { sessionStorage.removeItem(storageKey); } catch { /* ignore */ }
    updateButtons();
  }

  function updateButtons() {
    ui.save.disabled = busy || !session;
    ui.restart.disabled = busy || !session;
    ui.start.disabled = busy || ui.select.options.length === 0;
    for (const button of ui.choices.querySelectorAll('button')) {
      button.disabled = busy || button.dataset.available !== 'true';
    }
    ui.continue.disabled = busy;
  }

  // Clicks while a request runs are dropped (no double moves); runWhenIdle waits for it instead (a chosen file).
  let running = Promise.resolve();
  function runWhenIdle(work) {
    if (busy) { running.then(() => runWhenIdle(work)); return; }
    run(work);
  }

  function run(work) {
    if (busy) return running;
    running = runNow(work);
    return running;
  }

  async function runNow(work) {
    busy = true;
    document.body.setAttribute('aria-busy', 'true');
    updateButtons();
    try {
      showProblem(null);
      await work();
    } catch (error) {
      showProblem(error);
    } finally {
      busy = false;
      document.body.removeAttribute('aria-busy');
      updateButtons();
    }
  }

  // ---- stories ----

  async function loadStories() {
    stories = (await api('GET', '/api/stories', undefined, false)) || [];
    ui.select.replaceChildren();
    for (const story of stories) {
      const option = document.createElement('option');
      option.value = story.name;
      // A story whose latest edit has errors still plays its last good version; one that never compiled cannot play.
      option.textContent = story.hasErrors ? `${titleOf(story.name)} (has errors)` : titleOf(story.name);
      option.disabled = story.playable === false;
      ui.select.append(option);
    }
    const firstGood = stories.find((s) => !s.hasErrors) || stories.find((s) => s.playable !== false);
    if (firstGood) ui.select.value = firstGood.name;
    if (stories.length === 0) say('This server has no stories yet.');
  }

  // The locales the selected story is offered in (its base text and one per string table), preferring the browser's.
  // Only the latest request fills the list (the player may switch stories faster than the server answers).
  let localeRequest = 0;
  async function loadLocales(name, wanted) {
    const mine = ++localeRequest;
    let offered = [];
    try {
      const answer = await api('GET', `/api/stories/${encodeURIComponent(name)}/locales`, undefined, false);
      offered = (answer && answer.locales) || [];
    } catch { offered = []; }
    if (mine !== localeRequest) return;
    ui.locale.replaceChildren();
    for (const locale of offered) {
      const option = document.createElement('option');
      option.value = locale.locale;
      option.textContent = locale.name || locale.locale;
      option.lang = locale.locale;
      ui.locale.append(option);
    }
    const names = offered.map((l) => l.locale.toLowerCase());
    const preferred = [wanted, ...(navigator.languages || [])].filter(Boolean).map((l) => String(l).toLowerCase());
    for (const tag of preferred) {
      const exact = names.indexOf(tag);
      const language = names.indexOf(tag.split('-')[0]);
      if (exact >= 0 || language >= 0) { ui.locale.selectedIndex = exact >= 0 ? exact : language; break; }
    }
    // A story in one language needs no choice (and on a phone the story list needs the room).
    ui.locale.hidden = offered.length < 2;
    ui.localeLabel.hidden = offered.length < 2;
  }

  // The transcript and choices are in the session's language (screen readers, hyphenation).
  function setLanguage(locale) {
    const lang = locale || document.documentElement.lang || 'en';
    ui.transcript.lang = lang;
    ui.prompt.lang = lang;
  }

  async function loadStoryInfo(name) {
    nodes = new Map();
    try {
      const detail = await api('GET', `/api/stories/${encodeURIComponent(name)}`, undefined, false);
      for (const node of (detail && detail.nodes) || []) {
        const info = { tags: node.tags || [], isEnding: !!node.isEnding, name: node.name };
        nodes.set(node.uniqueName || node.name, info);
        if (!nodes.has(node.name)) nodes.set(node.name, info);
      }
    } catch { /* the ending is still shown, only without its tags */ }
  }

  function titleOf(name) {
    return name.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()).replace(/\bS\b/g, 's');
  }

  // ---- sessions ----

  async function startStory(name) {
    await endSession();
    const body = ui.locale.value ? { story: name, locale: ui.locale.value } : { story: name };
    const created = await api('POST', '/api/sessions', body, false);
    session = { id: created.id, token: created.token, story: created.story, locale: created.locale || null };
    setLanguage(session.locale);
    rememberSession();
    await loadStoryInfo(session.story);
    clearTranscript(titleOf(session.story));
    say('');
    render(created.step);
  }

  async function endSession() {
    if (!session) return;
    const old = session;
    forgetSession();
    try {
      await fetch(`/api/sessions/${encodeURIComponent(old.id)}`, { method: 'DELETE', headers: { 'X-Session-Token': old.token } });
    } catch { /* the server drops idle sessions anyway */ }
  }

  async function resume() {
    let saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(storageKey) || 'null'); } catch { saved = null; }
    if (!saved || !saved.id || !saved.token) return false;
    session = saved;
    try {
      const current = await api('GET', `/api/sessions/${encodeURIComponent(session.id)}`);
      if (stories.some((s) => s.name === session.story)) ui.select.value = session.story;
      await loadLocales(session.story, session.locale);
      setLanguage(session.locale);
      await loadStoryInfo(session.story);
      clearTranscript(titleOf(session.story));
      note('You are back in your game; the story so far is not shown again.');
      render(current);
      return true;
    } catch {
      forgetSession();
      return false;
    }
  }

  async function advance() {
    if (!session || !step) return;
    const path = `/api/sessions/${encodeURIComponent(session.id)}`;
    if (step.kind === 'options') {
      render(await api('POST', `${path}/choose`, { option: -1 }));
    } else {
      render(await api('POST', `${path}/advance`));
    }
  }

  async function choose(option) {
    if (!session || !step || step.kind !== 'options') return;
    appendChoice(option.text);
    render(await api('POST', `/api/sessions/${encodeURIComponent(session.id)}/choose`, { option: option.index }));
  }

  async function save() {
    if (!session) return;
    const snapshot = await api('GET', `/api/sessions/${encodeURIComponent(session.id)}/save`, undefined, true, true);
    // The file is the restore request itself: the story, the locale and the snapshot's text as the server sent it.
    const locale = session.locale ? `,"locale":${JSON.stringify(session.locale)}` : '';
    const file = `{"story":${JSON.stringify(session.story)}${locale},"snapshot":${snapshot}}`;
    const blob = new Blob([file], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
    link.href = url;
    link.download = `${session.story}-${stamp}.save.json`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(`Saved to ${link.download}.`);
  }

  async function restore(file) {
    let snapshot;
    const text = await file.text();
    try {
      snapshot = JSON.parse(text);
    } catch {
      throw new ApiError(400, { detail: `"${file.name}" is not a GameBook save file (it is not JSON).` });
    }
    if (!snapshot || typeof snapshot !== 'object' || Array.isArray(snapshot)) {
      throw new ApiError(400, { detail: `"${file.name}" is not a GameBook save file.` });
    }
    let body;
    if (snapshot.snapshot && typeof snapshot.snapshot === 'object' && typeof snapshot.story === 'string') {
      // This page's save file is a restore request (story, locale, snapshot): it goes to the server as it is.
      body = text;
    } else {
      // A bare snapshot (GET .../save): it records which story version it came from: pick that story, else the one
      // selected, in the language selected. The text goes as it is (parsed, its 64-bit numbers would be rounded).
      const byFingerprint = stories.find((s) => s.fingerprint && s.fingerprint === snapshot.fingerprint);
      const story = byFingerprint ? byFingerprint.name : ui.select.value;
      const locale = ui.locale.value ? `,"locale":${JSON.stringify(ui.locale.value)}` : '';
      body = `{"story":${JSON.stringify(story)}${locale},"snapshot":${text}}`;
    }
    const restored = await api('POST', '/api/sessions/restore', body, false);
    await endSession();
    session = { id: restored.id, token: restored.token, story: restored.story, locale: restored.locale || null };
    rememberSession();
    if (stories.some((s) => s.name === session.story)) ui.select.value = session.story;
    await loadLocales(session.story, session.locale);
    setLanguage(session.locale);
    await loadStoryInfo(session.story);
    clearTranscript(titleOf(session.story));
    note(`Restored from ${file.name}.`);
    say(`Restored from ${file.name}.`);
    render(restored.step);
  }

  // ---- rendering ----

  function clearTranscript(title) {
    ui.transcript.replaceChildren();
    ui.title.textContent = title;
    document.title = `${title} · GameBook`;
  }

  function note(text) {
    const p = document.createElement('p');
    p.className = 'note';
    p.textContent = text;
    ui.transcript.append(p);
  }

  function appendChoice(text) {
    const p = document.createElement('p');
    p.className = 'chosen';
    p.textContent = text;
    ui.transcript.append(p);
  }

  function appendLine(line) {
    const p = document.createElement('p');
    p.className = 'line';
    if (line.id) p.dataset.lineId = line.id;
    const attributes = Array.isArray(line.attributes) ? line.attributes : [];
    const marksSpeaker = attributes.some((a) => a.name === 'character');
    if (line.characterName && !marksSpeaker && !line.text.startsWith(line.characterName)) {
      const who = document.createElement('strong');
      who.className = 'speaker';
      who.textContent = `${line.characterName}: `;
      p.append(who);
    }
    p.append(markup(line.text || '', attributes));
    ui.transcript.append(p);
  }

  // Renders markup attributes as spans: [character] (the speaker) and [b] bold, [i] italic, anything else as a class.
  function markup(text, attributes) {
    const fragment = document.createDocumentFragment();
    const spans = attributes.filter((a) => Number.isInteger(a.position) && Number.isInteger(a.length) && a.length > 0
      && a.position >= 0 && a.position + a.length <= text.length);
    if (spans.length === 0) {
      fragment.append(text);
      return fragment;
    }
    const cuts = new Set([0, text.length]);
    for (const a of spans) { cuts.add(a.position); cuts.add(a.position + a.length); }
    const points = [...cuts].sort((x, y) => x - y);
    for (let i = 0; i < points.length - 1; i++) {
      const from = points[i];
      const to = points[i + 1];
      const piece = text.slice(from, to);
      const active = spans.filter((a) => a.position <= from && a.position + a.length >= to);
      if (active.length === 0) { fragment.append(piece); continue; }
      const span = document.createElement('span');
      for (const a of active) span.classList.add(`attr-${String(a.name).replace(/[^A-Za-z0-9_-]/g, '_')}`);
      if (active.some((a) => a.name === 'character')) span.classList.add('speaker');
      span.textContent = piece;
      fragment.append(span);
    }
    return fragment;
  }

  function render(next) {
    step = next;
    document.body.dataset.steps = String((Number(document.body.dataset.steps) || 0) + 1);
    ui.choices.replaceChildren();
    ui.continue.hidden = true;
    ui.ending.hidden = true;
    ui.prompt.classList.remove('over');
    if (!step) return;
    switch (step.kind) {
      case 'line':
        appendLine(step.line || { text: '' });
        showContinue('Continue');
        break;
      case 'command': {
        const p = document.createElement('p');
        p.className = 'command';
        p.textContent = (step.command && step.command.text) || '';
        ui.transcript.append(p);
        showContinue('Continue');
        break;
      }
      case 'options':
        renderOptions(step.options || []);
        break;
      case 'end':
        renderEnd(step);
        break;
      case 'error':
        renderError(step.error || {});
        break;
      default:
        showProblem(new Error(`The server sent a step this page does not know ("${step.kind}").`));
    }
    updateButtons();
    requestAnimationFrame(() => ui.prompt.scrollIntoView({ block: 'end', behavior: 'smooth' }));
  }

  function showContinue(label) {
    ui.continue.firstChild.textContent = `${label} `;
    ui.continue.hidden = false;
    ui.continue.focus({ preventScroll: true });
  }

  function renderOptions(options) {
    let available = 0;
    options.forEach((option, position) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'choice';
      button.dataset.available = String(!!option.available);
      button.dataset.index = String(option.index);
      const number = document.createElement('span');
      number.className = 'number';
      number.textContent = position < 9 ? String(position + 1) : '•';
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = option.text;
      button.append(number, text);
      if (option.available) {
        available++;
        button.addEventListener('click', () => run(() => choose(option)));
      } else {
        button.classList.add('unavailable');
        button.disabled = true;
        button.title = 'Not available now';
        const why = document.createElement('span');
        why.className = 'why';
        why.textContent = 'unavailable';
        button.append(why);
      }
      ui.choices.append(button);
    });
    if (available === 0) {
      showContinue('No choice is open to you. Continue');
    } else {
      ui.prompt.focus({ preventScroll: true });
    }
  }

  function renderEnd(endStep) {
    const info = nodes.get(endStep.node || '') || { tags: [] };
    const death = (info.tags || []).includes('death');
    ui.prompt.classList.add('over');
    ui.ending.classList.toggle('death', death);
    ui.endingTitle.textContent = endStep.ending ? (death ? 'You have perished. The End.' : 'The End') : 'The story stops here';
    ui.endingDetail.textContent = endStep.ending
      ? `You reached the ending "${info.name || endStep.node}".`
      : 'This path ends without one of the story\'s endings.';
    ui.ending.hidden = false;
    ui.playAgain.focus({ preventScroll: true });
    say(endStep.ending ? 'You reached an ending.' : 'The story ended.');
  }

  function renderError(error) {
    const p = document.createElement('p');
    p.className = 'story-error';
    p.textContent = `The story stopped with an error: ${error.message || error.kind || 'unknown error'}`;
    ui.transcript.append(p);
    ui.prompt.classList.add('over');
    ui.endingTitle.textContent = 'The story stopped';
    ui.endingDetail.textContent = 'Something in the story went wrong. Restart it, or restore a save.';
    ui.ending.classList.remove('death');
    ui.ending.hidden = false;
    ui.playAgain.focus({ preventScroll: true });
  }

  // ---- events ----

  ui.select.addEventListener('change', () => { if (ui.select.value) loadLocales(ui.select.value); });
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = ui.select.value;
    if (name) run(() => startStory(name));
  });
  ui.restart.addEventListener('click', () => { if (session) { const name = session.story; run(() => startStory(name)); } });
  ui.playAgain.addEventListener('click', () => {
    const name = (session && session.story) || ui.select.value;
    if (name) run(() => startStory(name));
  });
  ui.save.addEventListener('click', () => run(save));
  ui.restoreInput.addEventListener('change', () => {
    const file = ui.restoreInput.files && ui.restoreInput.files[0];
    ui.restoreInput.value = '';
    if (file) runWhenIdle(() => restore(file));
  });
  ui.continue.addEventListener('click', () => run(advance));

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const target = event.target;
    const tag = target && target.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
    if (/^[1-9]$/.test(event.key) && step && step.kind === 'options') {
      event.preventDefault();
      const option = (step.options || [])[Number(event.key) - 1];
      if (!option) { say(`There is no choice ${event.key}.`); return; }
      if (!option.available) { say(`Choice ${event.key} is not available.`); return; }
      run(() => choose(option));
      return;
    }
    if ((event.key === 'Enter' || event.key === ' ') && !ui.continue.hidden) {
      // A focused button handles Enter and Space itself (the Continue button included).
      if (tag === 'BUTTON' || tag === 'A' || tag === 'LABEL') return;
      event.preventDefault();
      run(advance);
    }
  });

  run(async () => {
    await loadStories();
    if (ui.select.value) await loadLocales(ui.select.value);
    if (!(await resume())) {
      if (stories.length > 0) say('Pick a story and press New game.');
    }
  });
})();
