// The model section: the trainer's plots, the model card's test figures next to the baselines, and credits.
import { api } from './api.js';
import { h, errorMessage, fixed, formatCount } from './ui.js';

/** The plots the API serves (GET /plots/...). Change here when the trainer's plots change. */
export const PLOTS = [
  { src: '/plots/loss.svg', alt: 'Line chart of training and validation loss (mean squared error) per epoch.', caption: 'Loss per epoch' },
  { src: '/plots/mae.svg', alt: 'Line chart of training and validation mean absolute error per epoch.', caption: 'MAE per epoch' },
];

// Known names in the card's `test` map; other entries are shown under their own key.
const MODEL_NAMES = {
  hybrid: 'HybridRecommender (this model)',
  noGenres: 'Same network without genres',
  biasOnly: 'Bias-only baseline (μ + b_u + b_i)',
  popularity: 'Popularity baseline',
  globalMean: 'Global mean',
};
const METRIC_NAMES = { rmse: 'RMSE', mae: 'MAE' };
// Error metrics are better when lower; ranking metrics (NDCG, precision, recall, hit rate, MAP) when higher.
const lowerIsBetter = (metric) => /rmse|mae|mse|error/i.test(metric);
const metricName = (key) => METRIC_NAMES[key] ?? key.replace(/([a-z])([A-Z@])/g, '$1 $2').replace(/at(\d+)$/i, '@$1').replace(/^./, (c) => c.toUpperCase());

/** Numeric figures of one test entry, nested objects flattened ("ranking.ndcg" → "ranking ndcg"). */
function figures(entry, prefix = '') {
  const out = {};
  for (const [key, value] of Object.entries(entry ?? {})) {
    if (key === 'count') continue;
    if (typeof value === 'number') out[prefix + key] = value;
    else if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, figures(value, `${prefix}${key} `));
  }
  return out;
}

function testTable(card) {
  const rows = Object.entries(card.test ?? {}).map(([name, entry]) => ({ name, figures: figures(entry), count: entry?.count }));
  const metrics = [...new Set(rows.flatMap((r) => Object.keys(r.figures)))];
  const best = Object.fromEntries(metrics.map((m) => {
    const values = rows.map((r) => r.figures[m]).filter((v) => typeof v === 'number' && Number.isFinite(v));
    return [m, lowerIsBetter(m) ? Math.min(...values) : Math.max(...values)];
  }));
  const count = rows.find((r) => r.count)?.count;
  // The wrapper scrolls sideways on a narrow screen instead of widening the page.
  return h('div', { class: 'table-wrap' }, h('table', { class: 'figures' },
    h('caption', {}, `Test set${count ? ` (${formatCount(count)} ratings never seen in training)` : ''}: `,
      metrics.map((m) => `${metricName(m)} ${lowerIsBetter(m) ? '↓' : '↑'}`).join(', '), ' — best in bold'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Model'), metrics.map((m) => h('th', { scope: 'col' }, metricName(m))))),
    h('tbody', {}, rows.map((r) => h('tr', { class: r.name === 'hybrid' ? 'ours' : null },
      h('th', { scope: 'row' }, MODEL_NAMES[r.name] ?? r.name),
      metrics.map((m) => {
        const v = r.figures[m];
        const text = fixed(v, 4);
        return h('td', {}, v === best[m] ? h('strong', {}, text) : text);
      }))))));
}

// [64] → "1 layer, 64 wide"; [128, 64] → "2 layers, 128 and 64 wide"; [] → "none".
function hiddenLayers(widths) {
  if (!Array.isArray(widths)) return '–';
  if (widths.length === 0) return 'none';
  const wide = widths.length === 1 ? String(widths[0]) : `${widths.slice(0, -1).join(', ')} and ${widths[widths.length - 1]}`;
  return `${widths.length} layer${widths.length > 1 ? 's' : ''}, ${wide} wide`;
}

/** The ranking figures the card holds: the validation row of the ranking score it chose (top-10 lists). */
function rankingTable(card) {
  // The chosen point is (β, w, λ): the grid holds several points with the chosen β.
  const r = card.ranking;
  const chosen = r?.validation?.find((p) => p.ratingWeight === r.ratingWeight
    && (p.itemItemWeight ?? 0) === (r.itemItemWeight ?? 0) && (p.itemItemLambda ?? null) === (r.itemItemLambda ?? null));
  if (!chosen) return null;
  const rows = [['Precision@10', 'share of the 10 picks the person went on to rate 4★ or more', chosen.precision],
    ['Recall@10', 'share of those movies that made the 10 picks', chosen.recall],
    ['NDCG@10', 'the same, counting higher places more', chosen.ndcg]];
  return h('div', { class: 'table-wrap' }, h('table', { class: 'figures ranking' },
    h('caption', {}, 'Top-10 lists on the validation ratings (held out from training) — higher is better'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Measure'), h('th', { scope: 'col' }, 'What it means'), h('th', { scope: 'col' }, 'Value'))),
    h('tbody', {}, rows.map(([name, meaning, value]) => h('tr', {},
      h('th', { scope: 'row' }, name), h('td', { class: 'meaning' }, meaning), h('td', {}, fixed(value, 4)))))));
}

function facts(card) {
  const a = card.architecture ?? {};
  const hp = card.hyperparameters ?? {};
  const items = [
    ['Parameters', a.parameters !== undefined ? formatCount(a.parameters) : '–'],
    ['Embedding size', a.dim ?? '–'],
    ['Hidden layers', hiddenLayers(a.hidden)],
    ['Epochs', `${card.bestEpoch ?? '–'} kept of ${card.epochs?.length ?? '–'}${card.stoppedEarly ? ' (stopped early)' : ''}`],
    ['Optimiser', hp.optimizer ?? '–'],
    ['Training time', card.trainingSeconds !== undefined ? `${fixed(card.trainingSeconds, 1)} s on ${card.threads} thread${card.threads === 1 ? '' : 's'}` : '–'],
    ['Trained', card.trainedAt ? new Date(card.trainedAt).toISOString().slice(0, 10) : '–'],
    ['Data', card.data ? `${formatCount(card.data.ratings)} ratings · ${formatCount(card.data.users)} users · ${formatCount(card.data.movies)} movies` : '–'],
  ];
  return h('dl', { class: 'facts' }, items.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, String(v)))));
}

/** Fills the model section; the plots load as images even when /model fails. */
export async function renderModel(root) {
  root.querySelector('#plots').replaceChildren(...PLOTS.map((p) =>
    h('figure', { class: 'plot' },
      h('img', {
        src: p.src, alt: p.alt, width: '720', height: '420', decoding: 'async',
        onerror: (e) => e.currentTarget.replaceWith(errorMessage(null, `${p.caption}: the picture is not available`,
          'Training draws these plots; this model was served without them.')),
      }),
      h('figcaption', {}, p.caption))));
  const target = root.querySelector('#model-card');
  try {
    const card = await api.model();
    target.replaceChildren(testTable(card), rankingTable(card), facts(card),
      card.architecture?.formula ? h('p', { class: 'formula' }, h('span', { class: 'muted' }, 'Prediction: '), h('code', {}, card.architecture.formula)) : null);
  } catch (error) {
    target.replaceChildren(errorMessage(error, 'The model card could not be loaded'));
  }
}
