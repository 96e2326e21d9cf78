// The public JSON endpoints the page calls: the same ones as every other client (see /swagger).

/** An API call that failed: status 0 when the server could not be reached; title/detail from problem+json. */
export class ApiError extends Error {
  constructor(status, title, detail, problem = null) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
  }
}

async function request(method, url, { body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'The recommender cannot be reached', `${method} ${url} failed (${e.message}). Is the API running?`);
  }
  if (response.ok) return response.status === 204 ? null : response.json();

  // Errors are RFC 7807 problem+json: show what the API says was wrong.
  let problem = null;
  if ((response.headers.get('Content-Type') ?? '').includes('json')) {
    try { problem = await response.json(); } catch { /* a body that is not JSON: fall back to the status */ }
  }
  throw new ApiError(response.status, problem?.title ?? `Request failed (${response.status} ${response.statusText})`,
    problem?.detail ?? `${method} ${url}`, problem);
}

const query = (params) => {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    q.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
};

/** Genre filter → the query parameters every filtered endpoint takes. */
const genreParams = ({ genres = [], match = 'any' } = {}) =>
  genres.length ? { genres, match } : {};

// A visitor's own reads (their picks and profile) are private: they carry the visitor's token.
// visitor.js registers where it is kept; MovieLens users need none.
let tokenFor = () => undefined;
export const setReadToken = (lookup) => { tokenFor = lookup; };

export const api = {
  genres: () => request('GET', '/genres'),
  // variety: { diversity, novelty } (0–1 each) or undefined for the plain ranking.
  recommend: (user, filter, count = 10, variety = undefined) =>
    request('GET', `/recommend${query({ user, count, ...genreParams(filter), ...variety })}`, { token: tokenFor(user) }),
  top: (filter, count = 10) => request('GET', `/top${query({ count, ...genreParams(filter) })}`),
  searchMovies: (q, pageSize = 12) => request('GET', `/movies${query({ q, pageSize })}`),
  similar: (movieId, count = 10) => request('GET', `/movies/${encodeURIComponent(movieId)}/similar${query({ count })}`),
  user: (id) => request('GET', `/users/${encodeURIComponent(id)}`, { token: tokenFor(id) }),
  model: () => request('GET', '/model'),

  // New visitors (profile and feedback API): the token is shown once, at creation.
  createUser: () => request('POST', '/users', { body: {} }),
  userRatings: (id, token) => request('GET', `/users/${encodeURIComponent(id)}/ratings`, { token }),
  rate: (id, token, movieId, rating) =>
    request('PUT', `/users/${encodeURIComponent(id)}/ratings/${encodeURIComponent(movieId)}`, { body: { rating }, token }),
  unrate: (id, token, movieId) =>
    request('DELETE', `/users/${encodeURIComponent(id)}/ratings/${encodeURIComponent(movieId)}`, { token }),
};
