// The new-visitor flow: a profile from POST /users (its token is shown once and kept in this browser),
// star ratings on popular titles or search results, each sent with PUT /users/{id}/ratings/{movieId}.
import { api, setReadToken } from './api.js';
import { h, errorMessage, emptyMessage, displayTitle } from './ui.js';

const STORAGE_KEY = 'hybridrecommender.visitor';

/** The visitor profile kept in this browser: { id, token }, or null. */
export const visitorStore = {
  load() {
    try {
      const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
      return value && value.id !== undefined && typeof value.token === 'string' ? value : null;
    } catch {
      return null;
    }
  },
  save(visitor) { localStorage.setItem(STORAGE_KEY, JSON.stringify({ id: visitor.id, token: visitor.token })); },
  forget() { localStorage.removeItem(STORAGE_KEY); },
};

// Reads of this browser's visitor send its token (the API answers 401 without it).
setReadToken((id) => {
  const visitor = visitorStore.load();
  return visitor && id !== undefined && id !== null && String(visitor.id) === String(id) ? visitor.token : undefined;
});

/** The visitor's ratings: movie id → { rating, movie } (movie: what a tile shows — movieId, title, year when known). */
const ratingsFrom = (response) => {
  const list = Array.isArray(response) ? response : response?.items ?? response?.ratings ?? [];
  return new Map(list.map((r) => {
    const movieId = Number(r.movieId ?? r.id);
    return [movieId, { rating: Number(r.rating), movie: { movieId, title: r.title ?? `Movie ${movieId}`, year: r.year } }];
  }));
};

function moveBetweenStars(event) {
  const step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[event.key];
  const stars = [...event.currentTarget.querySelectorAll('.star')];
  const at = stars.indexOf(document.activeElement);
  if (!step || at < 0) return;
  event.preventDefault();
  const next = stars[Math.min(stars.length - 1, Math.max(0, at + step))];
  stars.forEach((b) => b.setAttribute('tabindex', b === next ? '0' : '-1'));
  next.focus();
}

export class VisitorPanel {
  /**
   * @param {HTMLElement} root the #rate section
   * @param {{ onChange: () => Promise<void>, onOpen: (movie) => void }} callbacks
   *   onChange runs after every rating change (refreshes the recommendations).
   */
  constructor(root, { onChange, onOpen }) {
    this.root = root;
    this.onChange = onChange;
    this.onOpen = onOpen;
    this.visitor = null;
    this.ratings = new Map();
    this.popular = [];
    this.grid = root.querySelector('#rate-grid');
    this.status = root.querySelector('#rate-status');
    this.heading = root.querySelector('#rate-grid-title');
    this.count = root.querySelector('#rated-count');
    this.yours = root.querySelector('#your-ratings');
    root.querySelector('#search-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.search(root.querySelector('#search').value.trim());
    });
    root.querySelector('#search-clear').addEventListener('click', () => {
      root.querySelector('#search').value = '';
      this.showPopular();
    });
  }

  get id() { return this.visitor?.id; }

  /** Creates a profile (POST /users) and keeps its token in this browser. Throws the API's error. */
  async start() {
    const created = await api.createUser();
    this.visitor = { id: created.id, token: created.token };
    visitorStore.save(this.visitor);
    this.ratings = new Map();
    await this.open();
  }

  /** Resumes a stored profile: its ratings from GET /users/{id}/ratings. */
  async resume(visitor) {
    this.visitor = visitor;
    this.ratings = ratingsFrom(await api.userRatings(visitor.id, visitor.token));
    await this.open();
  }

  close() {
    this.visitor = null;
    this.root.hidden = true;
  }

  async open() {
    this.root.hidden = false;
    this.updateCount();
    this.renderYours();
    if (!this.popular.length) {
      try {
        this.popular = (await api.top(undefined, 24)).items;
      } catch (error) {
        this.grid.replaceChildren(errorMessage(error, 'Popular titles could not be loaded'));
        return;
      }
    }
    this.showPopular();
  }

  showPopular() {
    this.heading.textContent = 'Popular titles';
    this.renderTiles(this.popular);
  }

  async search(text) {
    if (!text) return this.showPopular();
    this.heading.textContent = `Titles matching “${text}”`;
    try {
      const page = await api.searchMovies(text, 12);
      if (!page.items.length) {
        this.grid.replaceChildren(emptyMessage(`No title contains “${text}”. Try a shorter word.`));
        return;
      }
      // /movies items carry `id`; tiles use movieId like the charts.
      this.renderTiles(page.items.map((m) => ({ ...m, movieId: m.id })));
    } catch (error) {
      this.grid.replaceChildren(errorMessage(error, 'Search failed'));
    }
  }

  renderTiles(movies) {
    this.grid.replaceChildren(...movies.map((m) => this.tile(m)));
  }

  /** "Your ratings": every movie this visitor rated, newest last, each with its stars to change and ✕ to remove. */
  renderYours() {
    const rated = [...this.ratings.values()];
    this.yours.replaceChildren(...(rated.length
      // The titles only: a rating read back from the server carries no year, so none shows the year here.
      ? rated.map(({ movie }) => this.tile({ ...movie, year: undefined }))
      : [emptyMessage('Nothing yet: rate a title below and it appears here, where you can change or remove it.')]));
  }

  tile(movie) {
    const current = this.ratings.get(movie.movieId)?.rating ?? 0;
    const title = displayTitle(movie.title);
    const label = `${title}${movie.year ? ` (${movie.year})` : ''}`;
    // One tab stop per movie (the current rating, else the first star); the arrow keys move between stars.
    const buttons = [1, 2, 3, 4, 5].map((n) => h('button', {
      type: 'button',
      class: `star${n <= current ? ' on' : ''}`,
      tabindex: n === (current || 1) ? '0' : '-1',
      'aria-pressed': String(n === current),
      'aria-label': `Rate ${label} ${n} star${n > 1 ? 's' : ''}`,
      onclick: () => this.rate(movie, n),
    }, '★'));
    return h('li', { class: `rate-tile${current ? ' rated' : ''}`, dataset: { movieId: String(movie.movieId) } },
      h('button', { type: 'button', class: 'linklike rate-title', onclick: () => this.onOpen(movie), 'aria-label': `${label}: more like this` },
        title, movie.year ? h('span', { class: 'muted' }, ` (${movie.year})`) : null),
      h('div', { class: 'star-input', role: 'group', 'aria-label': `Your rating for ${label}`, onkeydown: moveBetweenStars }, buttons,
        current ? h('button', { type: 'button', class: 'unrate', 'aria-label': `Remove your rating of ${label}`, onclick: () => this.unrate(movie) }, '✕') : null));
  }

  async rate(movie, rating) {
    await this.change(movie, () => api.rate(this.visitor.id, this.visitor.token, movie.movieId, rating),
      () => this.ratings.set(movie.movieId, { rating, movie: { movieId: movie.movieId, title: movie.title, year: movie.year } }),
      `Rated ${displayTitle(movie.title)} ${rating} of 5.`);
  }

  async unrate(movie) {
    await this.change(movie, () => api.unrate(this.visitor.id, this.visitor.token, movie.movieId),
      () => this.ratings.delete(movie.movieId), `Removed your rating of ${displayTitle(movie.title)}.`);
  }

  async change(movie, call, apply, done) {
    try {
      await call();
    } catch (error) {
      this.status.replaceChildren(errorMessage(error, `Your rating of ${displayTitle(movie.title)} was not saved`));
      return;
    }
    const focused = document.activeElement;
    const focusedLabel = focused?.getAttribute('aria-label');
    const inYours = this.yours.contains(focused);
    apply();
    this.status.replaceChildren(h('p', {}, done));
    this.updateCount();
    // Redraw in place so keyboard focus stays on the star the person pressed (in whichever list they pressed it).
    const old = this.grid.querySelector(`[data-movie-id="${movie.movieId}"]`);
    const fresh = old ? this.tile(movie) : null;
    if (old) old.replaceWith(fresh);
    this.renderYours();
    if (focusedLabel) {
      const home = inYours ? this.yours : fresh;
      const again = home && [...home.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === focusedLabel);
      // A removed rating leaves its list: focus goes to the list's heading rather than to the page's top.
      if (again) again.focus(); else if (inYours) this.root.querySelector('#your-ratings-title').focus();
    }
    await this.onChange();
  }

  updateCount() {
    const n = this.ratings.size;
    this.count.textContent = n === 0 ? 'No ratings yet.' : `You have rated ${n} movie${n > 1 ? 's' : ''}.`;
  }
}
