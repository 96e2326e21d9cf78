// The page: who is watching (a MovieLens user, a new visitor, or nobody yet), their picks filtered by
// genre chips, the top chart under the same chips, "more like this" and the model section.
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
    // Chips named in the address (a reload or a shared link) start pressed; unknown names are dropped.
    const wanted = new Set(state.filter.genres.map((g) => g.toLowerCase()));
    chips.replaceChildren(...genres.map((g) => h('button', {
      type: 'button', class: 'chip', 'aria-pressed': String(wanted.has(g.name.toLowerCase())), dataset: { genre: g.name },
      title: `${g.movieCount} movies`, onclick: (e) => toggleGenre(e.currentTarget),
    }, g.name)));
    const asked = state.filter.genres.length;
    readFilter();
    // A genre the address named that does not exist was dropped: ask again without it.
    if (state.filter.genres.length !== asked) await syncFilter();
  } catch (error) {
    chips.replaceChildren(errorMessage(error, 'Genres could not be loaded'));
  }
}

function toggleGenre(chip) {
  const on = chip.getAttribute('aria-pressed') !== 'true';
  chip.setAttribute('aria-pressed', String(on));
  syncFilter();
}

/** The chips and any/all as pressed now → state.filter, the summary line and the address. */
function readFilter() {
  state.filter = {
    genres: [...document.querySelectorAll('#genre-chips .chip[aria-pressed="true"]')].map((c) => c.dataset.genre),
    match: document.querySelector('input[name="match"]:checked')?.value ?? 'any',
  };
  $('#clear-genres').disabled = state.filter.genres.length === 0;
  const n = state.filter.genres.length;
  $('#filter-summary').textContent = n === 0 ? 'All genres.'
    : n === 1 ? `Only ${state.filter.genres[0]}.`
      : `${state.filter.match === 'all' ? 'Every one of' : 'Any of'}: ${state.filter.genres.join(', ')}.`;
  writeAddress();
}

function syncFilter() {
  readFilter();
  return Promise.all([loadRecommendations(), loadTop()]);
}

// ---- the address: who is watching and the genre filter, so a reload or a shared link shows the same page ----

function readAddress() {
  const q = new URLSearchParams(location.search);
  const genres = (q.getAll('genres').join(',')).split(',').map((g) => g.trim()).filter(Boolean);
  const match = q.get('match') === 'all' ? 'all' : 'any';
  document.querySelector(`input[name="match"][value="${match}"]`).checked = true;
  state.filter = { genres, match };
  $('#more-variety').checked = q.get('variety') === 'more';
  return q.get('user');
}

function writeAddress() {
  const q = new URLSearchParams();
  if (state.mode === 'user') q.set('user', String(state.userId));
  if (state.filter.genres.length) q.set('genres', state.filter.genres.join(','));
  if (state.filter.genres.length && state.filter.match === 'all') q.set('match', 'all');
  if ($('#more-variety').checked) q.set('variety', 'more');
  const text = q.toString();
  history.replaceState(null, '', `${location.pathname}${text ? `?${text.replaceAll('%2C', ',')}` : ''}${location.hash}`);
}

// ---- recommendations --------------------------------------------------------------------------

// "More variety": personal lists re-ranked for less similar movies (GET /recommend's diversity; docs/EVALUATION.md, "Variety").
const MORE_VARIETY = { diversity: 0.5 };
const variety = () => ($('#more-variety').checked ? MORE_VARIETY : undefined);

// Shown only for personal picks (popular ones would repeat the top chart).
function recommendationsTitle() {
  return state.mode === 'visitor' ? 'Your picks' : `Top picks for user ${state.userId}`;
}

// The page's own words: the response's `note` is written for developers.
function recommendationsNote(response) {
  if (response.strategy === 'personalized') {
    return state.mode === 'visitor'
      ? 'Picked from your ratings: the movies you are most likely to choose, with the stars we expect you to give. Movies you rated are left out.'
      : `Picked from user ${state.userId}’s ratings: the movies they are most likely to choose, with the stars we expect them to give. Movies they rated are left out.`;
  }
  if (state.mode === 'visitor') return 'Rate a few movies and your own picks appear here.';
  return 'The best-loved movies. Pick a MovieLens user or start as a new visitor for personal picks.';
}

function renderRecommendations(response) {
  const list = $('#recs');
  // Popular picks would repeat the top chart below: the section shows only personal picks.
  const personal = response.strategy === 'personalized';
  $('#for-you').hidden = !personal;
  $('#nav-for-you').hidden = !personal;
  $('#recs-title').textContent = recommendationsTitle();
  $('#recs-note').textContent = recommendationsNote(response);
  list.dataset.strategy = response.strategy;
  list.replaceChildren(...(response.items.length
    ? response.items.map((item) => movieCard(item, openSimilar))
    : [emptyMessage('No movie matches these genres. Clear a chip or switch to “any”.')]));
}

async function loadRecommendations() {
  const list = $('#recs');
  if (state.mode === 'popular') {
    // Nobody is watching: the top chart is the popular list, so nothing to ask for here.
    latest.recs = (latest.recs ?? 0) + 1;
    $('#for-you').hidden = true;
    $('#nav-for-you').hidden = true;
    return;
  }
  list.setAttribute('aria-busy', 'true');
  try {
    const response = await latestOnly('recs', () => api.recommend(state.userId, state.filter, 10, variety()));
    if (response) renderRecommendations(response);
  } catch (error) {
    $('#for-you').hidden = false;
    list.replaceChildren(errorMessage(error, 'Your picks could not be loaded'));
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

// ---- more like this ------------------------------------------------------------------------------

let similarOpener = null; // the control that opened the panel: focus goes back there on close

async function openSimilar(movie) {
  const id = movie.movieId ?? movie.id;
  const section = $('#similar');
  const list = $('#similar-list');
  if (section.hidden || !section.contains(document.activeElement)) similarOpener = document.activeElement;
  section.hidden = false;
  $('#similar-title').textContent = `More like ${displayTitle(movie.title)}`;
  $('#similar-note').textContent = 'Movies that the same people tend to rate the same way.';
  list.setAttribute('aria-busy', 'true');
  list.replaceChildren(emptyMessage('Loading…'));
  const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  section.scrollIntoView({ behavior: reduceMotion ? 'instant' : 'smooth', block: 'start' });
  $('#similar-title').focus({ preventScroll: true });
  try {
    const response = await latestOnly('similar', () => api.similar(id, 10));
    if (!response) return;
    list.replaceChildren(...response.items.map((item) => movieCard(item, openSimilar)));
  } catch (error) {
    list.replaceChildren(errorMessage(error, `Movies like ${displayTitle(movie.title)} could not be loaded`));
  } finally {
    list.removeAttribute('aria-busy');
  }
}

// ---- who is watching ---------------------------------------------------------------------------

function closeSimilar() {
  $('#similar').hidden = true;
  const back = similarOpener?.isConnected && !similarOpener.closest('[hidden]') ? similarOpener : $('#main');
  similarOpener = null;
  back.focus({ preventScroll: false });
}

function showProfile(...content) {
  $('#profile').replaceChildren(...content);
}

// A user id is a whole number from 1 up; anything else is refused here, before any request.
const USER_ID = /^[1-9][0-9]{0,8}$/;

function refuseUser(message) {
  $('#user-id').setAttribute('aria-invalid', 'true');
  $('#user-error').replaceChildren(h('div', { class: 'error', role: 'alert' }, h('p', { class: 'error-title' }, message)));
  return false;
}

async function pickUser(raw) {
  const input = $('#user-id');
  const status = $('#user-error');
  status.replaceChildren();
  input.removeAttribute('aria-invalid');
  if (!raw) return refuseUser('Type a user id first: a whole number from 1 to 6040.');
  if (!USER_ID.test(raw)) return refuseUser(`“${raw}” is not a user id. User ids are whole numbers from 1 to 6040, such as 1 or 42.`);
  try {
    const [recs, user] = await Promise.all([api.recommend(raw, state.filter, 10, variety()), api.user(raw)]);
    visitor.close();
    state.mode = 'user';
    state.userId = user.id;
    writeAddress();
    const genres = user.favouriteGenres.slice(0, 3).map((g) => g.genre).join(', ');
    showProfile(h('strong', {}, `User ${user.id}`), ` rated ${user.ratedCount} movies${genres ? `, mostly ${genres}` : ''}.`);
    latest.recs = (latest.recs ?? 0) + 1; // this answer supersedes any in flight
    renderRecommendations(recs);
    return true;
  } catch (error) {
    input.setAttribute('aria-invalid', 'true');
    status.replaceChildren(errorMessage(error, `User ${raw} cannot be shown`,
      error.status === 404 ? `There is no user ${raw}. MovieLens user ids run from 1 to 6040.`
        // Not a MovieLens user and not this browser's visitor: a visitor's picks are theirs alone.
        : error.status === 401 || error.status === 403 ? `User ${raw} is not one of the MovieLens users (ids 1 to 6040), and each visitor’s picks are private.`
        : undefined));
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
    // Focus moves before the picks load: a person who tabs on while they load keeps their place.
    $('#rate-title').focus();
    await loadRecommendations();
  } catch (error) {
    status.replaceChildren(errorMessage(error, 'A visitor profile could not be created'));
  } finally {
    button.disabled = false;
  }
}

function becomeVisitor() {
  state.mode = 'visitor';
  state.userId = visitor.id;
  writeAddress();
  showProfile(h('strong', {}, 'New visitor'), ` (profile ${visitor.id}, kept in this browser). `,
    h('button', { type: 'button', class: 'linklike', onclick: forgetVisitor }, 'Forget me'));
}

function forgetVisitor() {
  visitorStore.forget();
  visitor.close();
  state.mode = 'popular';
  state.userId = null;
  writeAddress();
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
  pickUser($('#user-id').value.trim());
});
$('#visitor-start').addEventListener('click', startVisitor);
$('#clear-genres').addEventListener('click', () => {
  document.querySelectorAll('#genre-chips .chip').forEach((c) => c.setAttribute('aria-pressed', 'false'));
  syncFilter();
});
document.querySelectorAll('input[name="match"]').forEach((r) => r.addEventListener('change', () => {
  if (state.filter.genres.length) syncFilter(); else readFilter();
}));
$('#similar-close').addEventListener('click', closeSimilar);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !$('#similar').hidden) { e.preventDefault(); closeSimilar(); }
});
$('#more-variety').addEventListener('change', () => { writeAddress(); loadRecommendations(); });

async function start() {
  const userParam = readAddress();
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
