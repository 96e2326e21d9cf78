// The page: who is watching (a MovieLens user, a new visitor, or nobody yet), their picks filtered by
// genre chips, the top chart under the same chips, "because you watched" and the model section.
import { api } from './api.js';
import { h, errorMessage, emptyMessage, movieCard, chartRow, displayTitle } from './ui.js';
import { VisitorPanel, visitorStore } from './visitor.js';
import { renderModel } from './model.js';

const $ = (selector) => document.querySelector(selector);

const state = {
  mode: 'popular', // 'popular' | 'user' (a MovieLens user) | 'visitor' (a profile made here)
  userId: null,
  filter: { genres: [], match: 'any' },
};

// Each area keeps only the answer to its latest request (a slow old answer must not overwrite a new one).
const latest = {};
async function latestOnly(area, call) {
  const ticket = (latest[area] = (latest[area] ?? 0) + 1);
  const result = await call();
  return ticket === latest[area] ? result : undefined;
}

const visitor = new VisitorPanel($('#rate'), { onChange: () => loadRecommendations(), onOpen: (m) => openSimilar(m) });

// ---- genre chips ------------------------------------------------------------------------------

async function loadGenres() {
  const chips = $('#genre-chips');
  try {
    const genres = await api.genres();
    chips.replaceChildren(...genres.map((g) => h('button', {
      type: 'button', class: 'chip', 'aria-pressed': 'false', dataset: { genre: g.name },
      title: `${g.movieCount} movies`, onclick: (e) => toggleGenre(e.currentTarget),
    }, g.name)));
  } catch (error) {
    chips.replaceChildren(errorMessage(error, 'Genres could not be loaded'));
  }
}

function toggleGenre(chip) {
  const on = chip.getAttribute('aria-pressed') !== 'true';
  chip.setAttribute('aria-pressed', String(on));
  syncFilter();
}

function syncFilter() {
  state.filter = {
    genres: [...document.querySelectorAll('#genre-chips .chip[aria-pressed="true"]')].map((c) => c.dataset.genre),
    match: document.querySelector('input[name="match"]:checked')?.value ?? 'any',
  };
  $('#clear-genres').disabled = state.filter.genres.length === 0;
  const n = state.filter.genres.length;
  $('#filter-summary').textContent = n === 0 ? 'All genres.'
    : n === 1 ? `Only ${state.filter.genres[0]}.`
      : `${state.filter.match === 'all' ? 'Every one of' : 'Any of'}: ${state.filter.genres.join(', ')}.`;
  return Promise.all([loadRecommendations(), loadTop()]);
}

// ---- recommendations --------------------------------------------------------------------------

// "More variety": personal lists re-ranked for less similar movies (GET /recommend's diversity; docs/EVALUATION.md, "Variety").
const MORE_VARIETY = { diversity: 0.5 };
const variety = () => ($('#more-variety').checked ? MORE_VARIETY : undefined);

function recommendationsTitle(response) {
  if (state.mode === 'visitor') return response.strategy === 'personalized' ? 'Your picks' : 'Popular picks while you rate';
  if (state.mode === 'user') return `Top picks for user ${state.userId}`;
  return 'Popular picks';
}

function recommendationsNote(response) {
  // The API may say why it chose a strategy (e.g. a new profile without ratings); prefer its words.
  const said = response.note ?? response.reason ?? response.message;
  if (said) return said;
  if (response.strategy === 'personalized') return 'Ranked by the network: how likely you are to pick each movie, weighed with the stars it predicts for you; movies already rated are left out.';
  if (state.mode === 'visitor') return 'No ratings yet: these are the most popular movies. Rate a few and your own picks appear here.';
  return 'The highest weighted ratings. Pick a MovieLens user or start as a new visitor for personal picks.';
}

function renderRecommendations(response) {
  const list = $('#recs');
  $('#recs-title').textContent = recommendationsTitle(response);
  $('#recs-note').textContent = recommendationsNote(response);
  list.dataset.strategy = response.strategy;
  list.replaceChildren(...(response.items.length
    ? response.items.map((item) => movieCard(item, openSimilar))
    : [emptyMessage('No movie matches these genres. Clear a chip or switch to “any”.')]));
}

async function loadRecommendations() {
  const list = $('#recs');
  list.setAttribute('aria-busy', 'true');
  const user = state.mode === 'popular' ? undefined : state.userId;
  try {
    const response = await latestOnly('recs', () => api.recommend(user, state.filter, 10, variety()));
    if (response) renderRecommendations(response);
  } catch (error) {
    list.replaceChildren(errorMessage(error, 'Recommendations could not be loaded'));
  } finally {
    list.removeAttribute('aria-busy');
  }
}

// ---- top chart ---------------------------------------------------------------------------------

async function loadTop() {
  const list = $('#top-list');
  list.setAttribute('aria-busy', 'true');
  try {
    const response = await latestOnly('top', () => api.top(state.filter, 10));
    if (!response) return;
    const c = response.chart;
    $('#top-note').textContent = `IMDb weighted rating over the training ratings: movies with at least ${Math.round(c.m)} ratings `
      + `(${c.eligibleMovies} qualify), each mean pulled towards the overall mean ${c.c.toFixed(2)}.`;
    list.replaceChildren(...(response.items.length
      ? response.items.map((entry, i) => chartRow(entry, i + 1, openSimilar))
      : [emptyMessage('No movie with enough ratings matches these genres.')]));
  } catch (error) {
    list.replaceChildren(errorMessage(error, 'The top chart could not be loaded'));
  } finally {
    list.removeAttribute('aria-busy');
  }
}

// ---- because you watched ------------------------------------------------------------------------

async function openSimilar(movie) {
  const id = movie.movieId ?? movie.id;
  const section = $('#similar');
  const list = $('#similar-list');
  section.hidden = false;
  $('#similar-title').textContent = `Because you watched ${displayTitle(movie.title)}`;
  $('#similar-note').textContent = 'Movies nearest to it in the model’s learned movie space.';
  list.setAttribute('aria-busy', 'true');
  list.replaceChildren(emptyMessage('Loading…'));
  const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  section.scrollIntoView({ behavior: reduceMotion ? 'instant' : 'smooth', block: 'start' });
  $('#similar-title').focus({ preventScroll: true });
  try {
    const response = await latestOnly('similar', () => api.similar(id, 10));
    if (!response) return;
    if (response.note) $('#similar-note').textContent = response.note;
    list.replaceChildren(...response.items.map((item) => movieCard(item, openSimilar)));
  } catch (error) {
    list.replaceChildren(errorMessage(error, `Movies like ${displayTitle(movie.title)} could not be loaded`));
  } finally {
    list.removeAttribute('aria-busy');
  }
}

// ---- who is watching ---------------------------------------------------------------------------

function showProfile(...content) {
  $('#profile').replaceChildren(...content);
}

async function pickUser(raw) {
  const input = $('#user-id');
  const status = $('#user-error');
  status.replaceChildren();
  input.removeAttribute('aria-invalid');
  try {
    // The recommendation request also validates the id; its problem text says what is valid.
    const [recs, user] = await Promise.all([api.recommend(raw, state.filter, 10, variety()), api.user(raw)]);
    visitor.close();
    state.mode = 'user';
    state.userId = user.id;
    history.replaceState(null, '', `?user=${user.id}`);
    const genres = user.favouriteGenres.slice(0, 3).map((g) => g.genre).join(', ');
    showProfile(h('strong', {}, `User ${user.id}`), ` rated ${user.ratedCount} movies${genres ? `, mostly ${genres}` : ''}.`);
    latest.recs = (latest.recs ?? 0) + 1; // this answer supersedes any in flight
    renderRecommendations(recs);
    return true;
  } catch (error) {
    input.setAttribute('aria-invalid', 'true');
    status.replaceChildren(errorMessage(error, `User “${raw}” cannot be shown`));
    return false;
  }
}

async function startVisitor() {
  const status = $('#visitor-error');
  status.replaceChildren();
  const button = $('#visitor-start');
  button.disabled = true;
  try {
    await visitor.start();
    becomeVisitor();
    await loadRecommendations();
    $('#rate-title').focus();
  } catch (error) {
    status.replaceChildren(errorMessage(error, 'A visitor profile could not be created'));
  } finally {
    button.disabled = false;
  }
}

function becomeVisitor() {
  state.mode = 'visitor';
  state.userId = visitor.id;
  history.replaceState(null, '', location.pathname);
  showProfile(h('strong', {}, 'New visitor'), ` (profile ${visitor.id}, kept in this browser). `,
    h('button', { type: 'button', class: 'linklike', onclick: forgetVisitor }, 'Forget me'));
}

function forgetVisitor() {
  visitorStore.forget();
  visitor.close();
  state.mode = 'popular';
  state.userId = null;
  showProfile();
  return loadRecommendations();
}

async function resumeStoredVisitor() {
  const stored = visitorStore.load();
  if (!stored) return false;
  try {
    await visitor.resume(stored);
    becomeVisitor();
    return true;
  } catch (error) {
    // A profile this API no longer knows (e.g. a reset store): say so, and carry on without it.
    visitorStore.forget();
    visitor.close();
    $('#visitor-error').replaceChildren(errorMessage(error, 'Your saved visitor profile could not be restored'));
    return false;
  }
}

// ---- start ---------------------------------------------------------------------------------------

$('#user-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const raw = $('#user-id').value.trim();
  if (raw) pickUser(raw);
});
$('#visitor-start').addEventListener('click', startVisitor);
$('#clear-genres').addEventListener('click', () => {
  document.querySelectorAll('#genre-chips .chip').forEach((c) => c.setAttribute('aria-pressed', 'false'));
  syncFilter();
});
document.querySelectorAll('input[name="match"]').forEach((r) => r.addEventListener('change', () => {
  if (state.filter.genres.length) syncFilter(); else state.filter.match = r.value;
}));
$('#more-variety').addEventListener('change', loadRecommendations);
$('#similar-close').addEventListener('click', () => { $('#similar').hidden = true; });

async function start() {
  const userParam = new URLSearchParams(location.search).get('user');
  const first = [loadGenres(), loadTop(), renderModel($('#model'))];
  if (userParam) {
    $('#user-id').value = userParam;
    // A bad id in the address shows its error by the form, and popular picks below.
    first.push(pickUser(userParam).then((ok) => (ok ? undefined : loadRecommendations())));
  } else {
    first.push(resumeStoredVisitor().then(() => loadRecommendations()));
  }
  await Promise.all(first);
  // Marks the first render done (the browser tests and bench/page-load.sh wait for it).
  performance.mark('ready');
  document.documentElement.dataset.state = 'ready';
}

start();
