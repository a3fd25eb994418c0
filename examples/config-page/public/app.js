// The config page's script. Model ids come from the upstream gateway and are untrusted: they
// reach the page only through textContent and element properties, never through innerHTML.
const TIERS = ['tier1', 'tier2', 'tier3'];
const TIER_NAMES = { tier1: 'Tier 1', tier2: 'Tier 2', tier3: 'Tier 3' };

const byId = (id) => document.getElementById(id);
const ui = {
  status: byId('status'),
  detail: byId('status-detail'),
  refresh: byId('refresh'),
  form: byId('tiers'),
  datalist: byId('available-models'),
  save: byId('save'),
  saveStatus: byId('save-status'),
  saved: byId('saved'),
  savedAt: byId('saved-at'),
  models: byId('models'),
  modelsSummary: byId('models-summary'),
  chatOnly: byId('chat-only'),
  sort: byId('sort'),
  sources: byId('sources'),
  sourceColumn: byId('source-column'),
};

/** The last snapshot from the server, or null when the server itself could not be reached. */
let snapshot = null;
let knownIds = new Set();

async function loadModels({ refresh }) {
  ui.refresh.disabled = true;
  if (refresh) ui.refresh.textContent = 'Refreshing…';
  try {
    const response = refresh
      ? await fetch('/api/v1/models/available/refresh', { method: 'POST' })
      : await fetch('/api/v1/models/available');
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    snapshot = await response.json();
  } catch {
    snapshot = null;
  } finally {
    ui.refresh.disabled = false;
    ui.refresh.textContent = 'Refresh models';
  }
  renderModels();
}

function renderModels() {
  const models = snapshot ? snapshot.models : [];
  const several = severalSources(snapshot);
  // Every listed id counts as known, shown or not: hiding a model is a view, not a verdict.
  knownIds = new Set(models.map((model) => model.id));
  const shown = sorted(models.filter((model) => !ui.chatOnly.checked || isChat(model)), ui.sort.value);

  ui.datalist.replaceChildren(
    ...shown.map((model) => {
      const option = document.createElement('option');
      option.value = model.id;
      const label = [model.display_name, contextText(model), priceText(model)].filter(Boolean).join(' · ');
      if (label) option.label = label;
      return option;
    }),
  );
  ui.models.replaceChildren(
    ...shown.map((model) => {
      const row = document.createElement('tr');
      const cells = [
        [model.id, ''],
        [model.display_name ?? '', ''],
        [contextText(model), 'number'],
        [dollars(model.pricing?.input), 'number'],
        [dollars(model.pricing?.output), 'number'],
      ];
      if (several) cells.push([model.source ?? '', '']);
      for (const [text, className] of cells) {
        const cell = document.createElement('td');
        cell.textContent = text;
        if (className) cell.className = className;
        row.append(cell);
      }
      return row;
    }),
  );
  const hidden = models.length - shown.length;
  ui.modelsSummary.textContent = `Models the gateway routes to (${models.length}${hidden > 0 ? `, ${hidden} not for chat hidden` : ''})`;
  ui.sourceColumn.hidden = !several;
  renderSources(several ? snapshot.sources : []);
  renderStatus();
  for (const tier of TIERS) renderHint(tier);
}

/** A model of unknown kind stays: only a model the upstream says is not for chat is hidden. */
function isChat(model) {
  return model.kind === undefined || model.kind === 'chat';
}

/** The shown order: the gateway's, or by name, by context window (largest first), by input price (cheapest first); unknowns last. */
function sorted(models, by) {
  const byName = (a, b) => (a.display_name ?? a.id).localeCompare(b.display_name ?? b.id);
  const unknownLast = (read, direction) => (a, b) => {
    const x = read(a);
    const y = read(b);
    if (x === undefined || y === undefined) return (x === undefined) - (y === undefined) || byName(a, b);
    return (x - y) * direction || byName(a, b);
  };
  const compare = {
    name: byName,
    context: unknownLast((model) => model.context_window, -1),
    price: unknownLast((model) => model.pricing?.input, 1),
  }[by];
  return compare ? [...models].sort(compare) : models;
}

/** 200K, 128K, 1M: powers of two in binary units (as model cards write them), others in decimal. */
function contextText(model) {
  const tokens = model.context_window;
  if (tokens === undefined) return '';
  if (tokens % 1_048_576 === 0) return `${tokens / 1_048_576}M`;
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(2))}M`;
  if (tokens % 1_024 === 0) return `${tokens / 1_024}K`;
  if (tokens >= 1_000) return `${Number((tokens / 1_000).toFixed(1))}K`;
  return String(tokens);
}

function priceText(model) {
  const { input, output } = model.pricing ?? {};
  return input === undefined && output === undefined ? '' : `${dollars(input) || '?'} / ${dollars(output) || '?'} per M`;
}

/** USD per million tokens, to four significant digits; empty when unknown. */
function dollars(usd) {
  return usd === undefined ? '' : `$${usd.toLocaleString('en-US', { maximumSignificantDigits: 4 })}`;
}

function renderStatus() {
  const { text, detail, available } = describe(snapshot, Date.now());
  ui.status.textContent = text;
  ui.status.classList.toggle('unavailable', !available);
  ui.detail.textContent = detail;
  ui.detail.hidden = detail === '';
}

/**
 * One implicit source (the gateway of ANTHROPIC_BASE_URL, named `default`) is told by the status
 * line alone; several are listed one per line, so a dead one is named beside the list the others
 * still serve.
 */
function severalSources(current) {
  const sources = current && Array.isArray(current.sources) ? current.sources : [];
  return sources.length > 1 || (sources.length === 1 && sources[0].name !== 'default');
}

const STATUS_WORDS = { fresh: 'up', stale: 'stale', down: 'down', pending: 'starting', not_configured: 'not configured' };

function renderSources(sources) {
  ui.sources.hidden = sources.length === 0;
  ui.sources.replaceChildren(
    ...sources.map((source) => {
      const item = document.createElement('li');
      item.dataset.source = source.name;
      item.dataset.status = source.status;
      const why = source.error ? `${source.error.code}: ${source.error.detail ?? source.error.message}` : '';
      const cells = [
        ['name', source.name],
        [`state ${source.status}`, STATUS_WORDS[source.status] ?? source.status],
        ['count', plural(source.count, 'model')],
        ['why', why],
      ];
      for (const [className, text] of cells) {
        const cell = document.createElement('span');
        cell.className = className;
        cell.textContent = text;
        item.append(cell);
      }
      return item;
    }),
  );
}

/** With several sources: which of them gave no list, for the status line. */
function downSources(current) {
  if (!severalSources(current)) return [];
  return current.sources.filter((source) => source.status === 'down' || source.status === 'not_configured').map((source) => source.name);
}

/** The status line: where the list came from and when, or why there is none. */
function describe(current, now) {
  if (!current) {
    return { text: 'Discovery unavailable (this page could not reach its server) — type a model id', detail: '', available: false };
  }
  const count = current.models.length;
  const advice = current.error ? current.error.message : '';
  if (!current.discovery_available) {
    const why = current.error ? current.error.code : 'no list';
    const fallback = count > 0 ? `, showing ${plural(count, 'configured model')}` : '';
    return { text: `Discovery unavailable (${why})${fallback} — type a model id`, detail: advice, available: false };
  }
  const down = downSources(current);
  const from = down.length > 0 ? `${current.sources.length - down.length} of ${current.sources.length} sources` : 'the gateway';
  const base = `${plural(count, 'model')} from ${from}, refreshed ${ago(current.last_refreshed, now)}`;
  if (down.length > 0) {
    return { text: `${base}; ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down`, detail: '', available: true };
  }
  if (current.stale && current.error) {
    return { text: `${base}; the last refresh failed (${current.error.code})`, detail: advice, available: true };
  }
  return { text: current.stale ? `${base} (stale, refreshing)` : base, detail: '', available: true };
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function ago(iso, now) {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(seconds)) return 'at an unknown time';
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${plural(hours, 'hour')} ago`;
  return `${plural(Math.round(hours / 24), 'day')} ago`;
}

/** Under each input: whether the id is one the gateway listed. Free text is always accepted. */
function renderHint(tier) {
  const hint = byId(`${tier}-hint`);
  const value = ui.form.elements[tier].value.trim();
  const listed = knownIds.has(value);
  hint.classList.toggle('listed', listed);
  if (value === '') hint.textContent = 'Not assigned';
  else if (listed) hint.textContent = "✓ In the gateway's list";
  else if (snapshot && snapshot.discovery_available) hint.textContent = "Not in the gateway's list — it will be saved as typed";
  else hint.textContent = 'Saved as typed';
}

function renderSaved(settings) {
  ui.saved.replaceChildren(
    ...TIERS.flatMap((tier) => {
      const term = document.createElement('dt');
      term.textContent = TIER_NAMES[tier];
      const value = document.createElement('dd');
      value.dataset.tier = tier;
      value.textContent = settings.tiers[tier] || '(not assigned)';
      return [term, value];
    }),
  );
  ui.savedAt.textContent = settings.saved_at ? `Saved ${new Date(settings.saved_at).toLocaleString()}` : 'Nothing saved yet.';
}

async function loadSettings() {
  const response = await fetch('/api/v1/config');
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const settings = await response.json();
  for (const tier of TIERS) ui.form.elements[tier].value = settings.tiers[tier];
  renderSaved(settings);
  for (const tier of TIERS) renderHint(tier);
}

async function save(event) {
  event.preventDefault();
  ui.save.disabled = true;
  ui.saveStatus.textContent = 'Saving…';
  const body = Object.fromEntries(TIERS.map((tier) => [tier, ui.form.elements[tier].value]));
  try {
    const response = await fetch('/api/v1/config', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const result = await response.json();
    if (!response.ok) throw new Error(result.error ? result.error.message : `HTTP ${response.status}`);
    renderSaved(result);
    ui.saveStatus.textContent = 'Saved.';
  } catch (error) {
    ui.saveStatus.textContent = `Could not save: ${error.message}`;
  } finally {
    ui.save.disabled = false;
  }
}

ui.form.addEventListener('submit', save);
ui.form.addEventListener('input', (event) => {
  if (TIERS.includes(event.target.name)) renderHint(event.target.name);
});
ui.refresh.addEventListener('click', () => loadModels({ refresh: true }));
ui.chatOnly.addEventListener('change', renderModels);
ui.sort.addEventListener('change', renderModels);
// Keeps "refreshed 2 minutes ago" true while the page stays open.
setInterval(renderStatus, 30_000);

loadSettings().catch(() => {
  ui.saveStatus.textContent = 'Could not load the saved configuration.';
});
loadModels({ refresh: false });
