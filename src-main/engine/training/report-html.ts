// The evaluation report a person reads: one self-contained HTML page (inline SVG plots, inline
// JPEG thumbnails), written with report.json into a folder, atomically.
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { EvaluationReport } from '../../api/training';
import { PRIVATE_FILE_MODE, writeFileAtomic, writeJsonAtomic } from '../files/atomic-files';
import { makeThumbnail } from '../worklist/study-thumbnail';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** n/a for a metric the data leaves undefined (NaN in the report); near-1 is not shown as a perfect 1. */
const f3 = (v: number) => (!Number.isFinite(v) ? 'n/a' : v < 1 && v.toFixed(3) === '1.000' ? '&gt; 0.999' : v.toFixed(3));
const pct = (v: number) => (!Number.isFinite(v) ? 'n/a' : v < 1 && (v * 100).toFixed(1) === '100.0' ? '&gt; 99.9%' : `${(v * 100).toFixed(1)}%`);
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const are = (n: number) => (n === 1 ? 'is' : 'are');

/** Writes report.json and report.html into `dir`; returns their paths. */
export async function writeEvaluationReport(report: EvaluationReport, dir: string): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  // Private: both list the images' paths and the model's answers, and the page shows thumbnails.
  await writeJsonAtomic(json, report, { mode: PRIVATE_FILE_MODE });
  await writeFileAtomic(html, await evaluationHtml(report), PRIVATE_FILE_MODE);
  return { json, html };
}

export async function evaluationHtml(r: EvaluationReport): Promise<string> {
  const thumbs = await Promise.all(
    r.topLosses.map(async (s) => {
      try {
        const t = await makeThumbnail(s.file, 128);
        return `data:${t.mime};base64,${Buffer.from(t.data).toString('base64')}`;
      } catch {
        return null;
      }
    }),
  );
  const why = (metric: string) => {
    const u = r.undefinedMetrics?.find((m) => m.metric === metric);
    return u ? ` <span class="muted">(${esc(u.reason)})</span>` : '';
  };
  const ci = (i: { low: number; high: number } | undefined) => (i ? ` <span class="muted">(95% CI ${f3(i.low)}–${f3(i.high)})</span>` : '');
  const rows: Array<[string, string]> = [
    ['Images (n)', String(r.n)],
    ['Accuracy', f3(r.accuracy)],
    ['Sensitivity (recall)', f3(r.sensitivity) + ci(r.intervals?.sensitivity) + why('sensitivity')],
    ['Specificity', f3(r.specificity) + ci(r.intervals?.specificity) + why('specificity')],
    ['Precision (PPV)', f3(r.precision) + ci(r.intervals?.ppv) + why('precision')],
    ['NPV', f3(r.npv ?? NaN) + ci(r.intervals?.npv) + why('npv')],
    ['F1', f3(r.f1) + why('f1')],
    ['ROC-AUC', f3(r.auc) + ci(r.intervals?.auc) + why('auc')],
    ['PR-AUC (average precision)', f3(r.prAuc) + why('prAuc')],
    ['Expected calibration error', f3(r.calibration.ece)],
    ['Threshold', `${f3(r.threshold)} (${esc(r.thresholdRule)})`],
  ];
  const gallery = r.topLosses
    .map(
      (s, i) => `<figure>${thumbs[i] ? `<img src="${thumbs[i]}" alt="">` : '<div class="noimg">not readable</div>'}
<figcaption><b class="name" title="${esc(s.file)}">${esc(basename(s.file))}</b><br>${s.label}, model score ${f3(s.probability)}, loss ${f3(s.loss)}</figcaption></figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Alveo evaluation: ${esc(r.model.name)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#1b1f24;padding:0 1em}
h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.8em}
table{border-collapse:collapse}td,th{padding:.25em .8em;border-bottom:1px solid #ddd;text-align:left}
.plots{display:flex;flex-wrap:wrap;gap:1.5em}.plots figure{margin:0}
.gallery{display:flex;flex-wrap:wrap;gap:1em}.gallery figure{margin:0;width:160px;min-width:0;font-size:12px}
.gallery .name{display:block;overflow-wrap:anywhere}
.gallery img{max-width:128px;max-height:128px;display:block}.noimg{width:128px;height:96px;background:#eee}
.muted{color:#5b6570}.warn{background:#fff4d6;border-left:4px solid #e0a800;padding:.4em .8em}
</style></head><body>
<h1>Evaluation of “${esc(r.model.name)}” <span class="muted">(${esc(r.model.id)}, ${r.model.inputSize} px)</span></h1>
${modelHtml(r)}
<p class="muted">Dataset ${esc(r.dataset.root)} (${r.dataset.layout}, split: ${esc(r.dataset.split)}): ${r.dataset.images.NORMAL} NORMAL, ${r.dataset.images.PNEUMONIA} PNEUMONIA.
${r.failed.length ? `${count(r.failed.length, 'labelled file')} could not be read or decoded and ${r.failed.length === 1 ? 'is' : 'are'} not counted. ` : ''}${r.dataset.skipped ? `${count(r.dataset.skipped, 'file')} ${r.dataset.skipped === 1 ? 'was' : 'were'} skipped (not labelled images). ` : ''}${r.dataset.duplicates ? `${count(r.dataset.duplicates, 'image')} ${r.dataset.duplicates === 1 ? 'is a byte-identical copy' : 'are byte-identical copies'} of others: one copy counts. ` : ''}
Backend: ${esc(r.backend)}. ${esc(r.created)}. Research use only; not for diagnosis.</p>
${(r.warnings ?? []).map((w) => `<p class="warn">Warning: ${esc(w)}</p>`).join('\n')}
<h2>Metrics at the model's threshold</h2>
<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>
${answeredHtml(r)}
${r.intervals ? `<p class="muted" data-intervals>95% intervals: ${esc(r.intervals.description ?? `${r.intervals.replicates} resamplings of the ${r.intervals.patients} patients`)} (images of one patient are not independent).</p>` : ''}
<p class="muted">PPV and NPV depend on prevalence: ${r.n ? `${((r.dataset.images.PNEUMONIA / r.n) * 100).toFixed(1)}%` : 'n/a'} of these images are PNEUMONIA, and they do not carry over to a population with another share. Scores are model scores, not probabilities of disease.</p>
<h2>Plots</h2>
<div class="plots">
<figure>${rocSvg(r)}<figcaption>${r.roc.length ? `ROC curve (AUC ${f3(r.auc)}); the dot is the operating point.` : `No ROC curve: it needs both classes${why('auc')}.`}</figcaption></figure>
<figure>${confusionSvg(r)}<figcaption>Confusion matrix at threshold ${f3(r.threshold)}.</figcaption></figure>
<figure>${calibrationSvg(r)}<figcaption>Calibration (ECE ${f3(r.calibration.ece)}): observed fraction PNEUMONIA vs model score.</figcaption></figure>
</div>
<h2>Highest-loss images</h2>
<div class="gallery">${gallery}</div>
${r.conflicts?.length ? `<h2>Filed under both labels (not counted)</h2><ul>${r.conflicts.map((g) => `<li>${g.map(esc).join(' = ')}</li>`).join('')}</ul>` : ''}
${r.heldBack?.length ? `<h2>Held back by the app (counted above)</h2><ul>${r.heldBack.map((h) => `<li>${esc(h.file)} (${h.label}, model score ${f3(h.probability)}): ${h.warnings.map(esc).join(' ')}</li>`).join('')}</ul>` : ''}
${r.failed.length ? `<h2>Failed (not counted)</h2><ul>${r.failed.map((f) => `<li>${esc(f.file)}: ${esc(f.reason)}</li>`).join('')}</ul>` : ''}
${r.skipped?.length ? `<h2>Skipped (not labelled images)</h2><ul>${r.skipped.map((f) => `<li>${esc(f.file)}: ${esc(f.reason)}</li>`).join('')}</ul>` : ''}
${r.notListed ? `<p class="muted">${count(r.notListed, 'more file')} left out ${are(r.notListed)} not listed.</p>` : ''}
</body></html>
`;
}

/** The weights, and what besides them fixes each score: the temperature (a calibrated model) and the views. */
function modelHtml(r: EvaluationReport): string {
  const m = r.model;
  const facts = [
    ...(m.sha256 ? [`Weights sha256 ${esc(m.sha256)}`] : []),
    ...(m.temperature !== undefined ? [m.temperature === 1 ? 'temperature 1 (not calibrated)' : `temperature ${m.temperature.toFixed(4)} (site calibration)`] : []),
    ...(m.views !== undefined ? [m.views === 1 ? '1 view (the image as is)' : `${m.views} views averaged (test-time augmentation)`] : []),
    ...(r.alveo ? [`Alveo ${esc(r.alveo)}`] : []),
  ];
  return facts.length ? `<p class="muted" data-model>${facts.join(' · ')}</p>` : '';
}

/** All images beside the images the app would answer (none held back), when some are held back. */
function answeredHtml(r: EvaluationReport): string {
  const a = r.answered;
  if (!a) return '';
  const ci = (i: { low: number; high: number } | undefined) => (i ? ` <span class="muted">(${f3(i.low)}–${f3(i.high)})</span>` : '');
  const all = r.intervals;
  const row = (name: string, v: number, w: number, iv: { low: number; high: number } | undefined, ia: { low: number; high: number } | undefined) =>
    `<tr><th>${name}</th><td>${f3(v)}${ci(iv)}</td><td>${f3(w)}${ci(ia)}</td></tr>`;
  return `<h2>Images the app would answer</h2>
<p>${count(r.heldBack?.length ?? 0, 'image')} of ${r.n} ${are(r.heldBack?.length ?? 0)} held back in the app (intended-use warnings, listed below). Figures at the model's threshold:</p>
<table class="answered"><tr><th></th><th>All ${r.n} images</th><th>The ${a.n} the app would answer (${a.images.NORMAL} NORMAL, ${a.images.PNEUMONIA} PNEUMONIA)</th></tr>
${row('Sensitivity', r.sensitivity, a.sensitivity, all?.sensitivity, a.intervals?.sensitivity)}
${row('Specificity', r.specificity, a.specificity, all?.specificity, a.intervals?.specificity)}
${row('ROC-AUC', r.auc, a.auc, all?.auc, a.intervals?.auc)}
<tr><th>n</th><td>${r.n}</td><td>${a.n}</td></tr></table>`;
}

const W = 260;
const PAD = 36;
const X = (v: number) => PAD + v * (W - PAD - 10);
const Y = (v: number) => W - PAD - v * (W - PAD - 10);

function axes(xLabel: string, yLabel: string): string {
  const ticks = [0, 0.5, 1]
    .map((t) => `<text x="${X(t)}" y="${W - PAD + 14}" text-anchor="middle">${t}</text><text x="${PAD - 6}" y="${Y(t) + 4}" text-anchor="end">${t}</text>`)
    .join('');
  return `<rect x="${PAD}" y="10" width="${W - PAD - 10}" height="${W - PAD - 10}" fill="#fafbfc" stroke="#999"/>
<line x1="${X(0)}" y1="${Y(0)}" x2="${X(1)}" y2="${Y(1)}" stroke="#bbb" stroke-dasharray="4 3"/>${ticks}
<text x="${X(0.5)}" y="${W - 4}" text-anchor="middle">${xLabel}</text>
<text transform="translate(11 ${Y(0.5)}) rotate(-90)" text-anchor="middle">${yLabel}</text>`;
}

function rocSvg(r: EvaluationReport): string {
  const pts = r.roc.map((p) => `${X(p.fpr).toFixed(1)},${Y(p.tpr).toFixed(1)}`).join(' ');
  const op = Number.isFinite(r.specificity) && Number.isFinite(r.sensitivity) ? `<circle cx="${X(1 - r.specificity)}" cy="${Y(r.sensitivity)}" r="4" fill="#d62728"/>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${W}" font-size="11">${axes('false positive rate', 'true positive rate')}
<polyline points="${pts}" fill="none" stroke="#1f77b4" stroke-width="2"/>${op}</svg>`;
}

function confusionSvg(r: EvaluationReport): string {
  const { tp, fp, tn, fn } = r.confusion;
  const max = Math.max(1, tp, fp, tn, fn);
  const cell = (x: number, y: number, v: number, name: string) => {
    const shade = Math.round(245 - (v / max) * 150);
    return `<rect x="${x}" y="${y}" width="95" height="80" fill="rgb(${shade},${shade + 5},255)" stroke="#fff"/>
<text x="${x + 47}" y="${y + 38}" text-anchor="middle" font-size="18">${v}</text><text x="${x + 47}" y="${y + 58}" text-anchor="middle">${name}</text>`;
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${W}" font-size="11">
<text x="158" y="24" text-anchor="middle">predicted</text>
<text x="110" y="42" text-anchor="middle">PNEUMONIA</text><text x="205" y="42" text-anchor="middle">NORMAL</text>
<text transform="translate(20 140) rotate(-90)" text-anchor="middle">actual</text>
<text x="58" y="94" text-anchor="end">PNEU.</text><text x="58" y="174" text-anchor="end">NORMAL</text>
${cell(62, 50, tp, 'TP')}${cell(157, 50, fn, 'FN')}${cell(62, 130, fp, 'FP')}${cell(157, 130, tn, 'TN')}
<text x="158" y="232" text-anchor="middle">sensitivity ${pct(r.sensitivity)}, specificity ${pct(r.specificity)}</text></svg>`;
}

function calibrationSvg(r: EvaluationReport): string {
  const bins = r.calibration.bins;
  const bw = (X(1) - X(0)) / bins.length;
  const bars = bins
    .map((b, i) => (b.count ? `<rect x="${X(0) + i * bw + 2}" y="${Y(b.observedPositive)}" width="${bw - 4}" height="${Y(0) - Y(b.observedPositive)}" fill="#9ecae1"><title>${b.count} images, predicted ${f3(b.meanPredicted)}, observed ${f3(b.observedPositive)}</title></rect>` : ''))
    .join('');
  const dots = bins.filter((b) => b.count).map((b) => `<circle cx="${X(b.meanPredicted)}" cy="${Y(b.observedPositive)}" r="3" fill="#08519c"/>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${W}" font-size="11">${axes('model score (predicted)', 'observed fraction positive')}${bars}${dots}</svg>`;
}
