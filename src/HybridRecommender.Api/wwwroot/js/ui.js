// Rendering: small DOM builders, movie cards, chart rows, stars and error messages.

/** Creates an element: h('p', { class: 'x', onclick: f }, 'text', child). Strings become text nodes (never HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') for (const [p, v] of Object.entries(value)) el.style.setProperty(p, v);
    else el.setAttribute(key, value === true ? '' : value);
  }
  el.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return el;
}

const number = new Intl.NumberFormat('en');
export const formatCount = (n) => number.format(n);
export const fixed = (x, digits) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '–');

/** What went wrong, in a person's words (the server's problem text is for developers: see /swagger). */
export function plainReason(error) {
  const status = error?.status;
  if (status === 0) return 'The recommender cannot be reached. Check your connection, or that it is running, and try again.';
  if (status === 401 || status === 403) return 'This browser’s visitor profile is no longer accepted. Choose “Forget me” and start again as a new visitor.';
  if (status === 404) return 'It is not there any more.';
  if (status === 429) return 'Too many changes in a short time. Wait a minute, then try again.';
  if (status === 503) return 'The recommender is busy or starting up. Try again in a moment.';
  if (status >= 500) return 'Something went wrong on the recommender’s side. Try again later.';
  return 'Something went wrong. Reload the page and try again.';
}

/** A readable message in place of content: what failed, and why in plain words (or the caller's own words). */
export function errorMessage(error, what, why = plainReason(error)) {
  return h('div', { class: 'error', role: 'alert', dataset: { status: String(error?.status ?? '') } },
    h('p', { class: 'error-title' }, what ?? 'Something went wrong'),
    h('p', { class: 'error-detail' }, why));
}

export const emptyMessage = (text) => h('p', { class: 'empty' }, text);

/** Stars for a value on the 1–5 scale, partially filled; the number is written next to them. */
export function stars(value, label) {
  return h('span', { class: 'stars', role: 'img', 'aria-label': label },
    h('span', { class: 'stars-bar', style: { '--value': String(value) }, 'aria-hidden': 'true' }, '★★★★★'),
    h('span', { class: 'stars-value', 'aria-hidden': 'true' }, fixed(value, 1)));
}

/** MovieLens writes "Matrix, The"; a person reads "The Matrix". */
export const displayTitle = (title) => (title ?? '').replace(
  /^(.*?), (The|A|An|Les|La|Le|L'|Il|Das|Der|Die|El)( \(.*\))?$/,
  (_, rest, article, aka = '') => `${article}${article.endsWith("'") ? '' : ' '}${rest}${aka}`);

// A stable hue per movie so a poster tile keeps its colour between renders.
const hue = (id) => (Number(id) * 137.508) % 360;

function poster(movie) {
  return h('div', { class: 'poster', style: { '--hue': String(hue(movie.movieId ?? movie.id)) }, 'aria-hidden': 'true' },
    h('span', { class: 'poster-initial' }, displayTitle(movie.title).replace(/^(The|A|An|Les|La|Le|L'|Il|Das|Der|Die|El) /, '').charAt(0) || '?'));
}

/** The reason the API gives for a pick, when it gives one (the field is optional). */
function reasonOf(item) {
  const reason = item.reason ?? item.explanation;
  if (!reason) return null;
  if (typeof reason === 'string') return reason;
  return reason.text ?? reason.summary ?? null;
}

/** The genres; those the filter asked for (the API's optional matchedGenres) are highlighted. */
const genreList = (genres, matched = []) => h('ul', { class: 'genres', 'aria-label': 'Genres' },
  genres.map((g) => h('li', { class: matched.includes(g) ? 'matched' : null }, g)));

/**
 * A movie card (recommendation or similar movie). onOpen(movie) shows movies like it.
 * The figure is the predicted rating (personal), the weighted rating (popular) or the similarity.
 */
export function movieCard(item, onOpen) {
  const id = item.movieId ?? item.id;
  const figure = item.predictedRating !== undefined
    ? stars(item.predictedRating, `Predicted ${fixed(item.predictedRating, 1)} out of 5 stars`)
    : item.weightedRating !== undefined
      ? h('span', { class: 'card-figure' },
        stars(item.weightedRating, `Weighted rating ${fixed(item.weightedRating, 2)} out of 5`),
        h('span', { class: 'votes' }, `${formatCount(item.ratingCount)} ratings`))
      : item.similarity !== undefined
        ? h('span', { class: 'similarity' }, `${Math.round(item.similarity * 100)}% alike`)
        : null;
  const reason = reasonOf(item);
  return h('li', { class: 'card', dataset: { movieId: String(id) } },
    poster(item),
    h('div', { class: 'card-body' },
      h('h3', { class: 'card-title' },
        h('button', { type: 'button', class: 'linklike', onclick: () => onOpen(item), 'aria-label': `${displayTitle(item.title)}${item.year ? ` (${item.year})` : ''}: more like this` },
          displayTitle(item.title))),
      h('p', { class: 'card-year' }, item.year ? String(item.year) : 'Year unknown'),
      genreList(item.genres, item.matchedGenres),
      figure,
      reason ? h('p', { class: 'reason' }, reason) : null));
}

/** One row of the top chart. */
export function chartRow(entry, rank, onOpen) {
  return h('li', { class: 'chart-row', dataset: { movieId: String(entry.movieId) } },
    h('span', { class: 'rank', 'aria-hidden': 'true' }, String(rank)),
    h('div', { class: 'chart-main' },
      h('button', { type: 'button', class: 'linklike chart-title', onclick: () => onOpen(entry), 'aria-label': `${rank}. ${displayTitle(entry.title)}: more like this` },
        displayTitle(entry.title), entry.year ? h('span', { class: 'muted' }, ` (${entry.year})`) : null),
      genreList(entry.genres)),
    h('div', { class: 'chart-figures' },
      stars(entry.weightedRating, `Weighted rating ${fixed(entry.weightedRating, 2)} out of 5`),
      h('span', { class: 'votes' }, `mean ${fixed(entry.ratingMean, 2)} · ${formatCount(entry.ratingCount)} ratings`)));
}
