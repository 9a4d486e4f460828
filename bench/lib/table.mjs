// Renders section results as aligned terminal tables and as Markdown.
//
// A group is { caption, columns: [{ key, label, unit }], ratios: [{ metric, ref, mode, label }], rows }
// where a row is { name, failed?, stats: { [key]: { median, min, max, n } }, note? }.
// mode 'row/ref': this row's median ÷ the reference row's; 'ref/row': the reference's ÷ this row's.
// paired: true — the median of the per-round ratios instead (rows measured in the same rounds, see
// alternate.mjs): a round's drift of the machine then cancels out; ratio of medians when the rows
// do not have one sample per round each (a row that failed midway).
import { fmtRatio, fmtStat, summarize } from './stats.mjs';

function pairedRatio(row, ref, r) {
  const a = row.samples;
  const b = ref.samples;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length === 0 || a.length !== b.length) return undefined;
  const ratios = a.map((m, i) => (r.mode === 'ref/row' ? b[i][r.metric] / m[r.metric] : m[r.metric] / b[i][r.metric]));
  return summarize(ratios)?.median;
}

export function ratioOf(group, row, r) {
  const ref = group.rows.find((x) => x.name === r.ref);
  if (ref && r.paired) {
    const paired = pairedRatio(row, ref, r);
    if (paired !== undefined) return paired;
  }
  const a = row.stats?.[r.metric]?.median;
  const b = ref?.stats?.[r.metric]?.median;
  if (!ref || a === undefined || b === undefined || a === 0 || b === 0) return undefined;
  return r.mode === 'ref/row' ? b / a : a / b;
}

function cells(group) {
  const head = ['', ...group.columns.map((c) => c.label), ...(group.ratios ?? []).map((r) => r.label)];
  const body = group.rows.map((row) => {
    const measured = Object.values(row.stats ?? {}).some((x) => x);
    if (row.failed && !measured) return [row.name, `failed: ${row.failed}`, ...Array(head.length - 2).fill('')];
    const partial = row.failed ? ` [${Object.values(row.stats).find((x) => x).n} runs only, then failed: ${row.failed}]` : '';
    return [
      row.name + (row.note ? ` (${row.note})` : '') + partial,
      ...group.columns.map((c) => fmtStat(row.stats?.[c.key], c.unit)),
      ...(group.ratios ?? []).map((r) => fmtRatio(ratioOf(group, row, r))),
    ];
  });
  return { head, body };
}

export function renderTerminal(section) {
  const out = [`\n== ${section.title} ==`];
  for (const group of section.groups) {
    if (group.caption) out.push(`-- ${group.caption}`);
    const { head, body } = cells(group);
    const failedRows = body.filter((r) => r[1]?.startsWith('failed:'));
    const widths = head.map((h, i) => Math.max(h.length, ...body.filter((r) => !failedRows.includes(r)).map((r) => (r[i] ?? '').length)));
    const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    out.push(line(head));
    for (const r of body) out.push(failedRows.includes(r) ? `${r[0].padEnd(widths[0])}  ${r[1]}` : line(r));
  }
  for (const n of section.notes ?? []) out.push(`   ${n}`);
  return out.join('\n');
}

const esc = (s) => String(s).replace(/\|/g, '\\|');

export function renderMarkdown(section) {
  const out = [`## ${section.title}`, ''];
  if (section.intro) out.push(section.intro, '');
  for (const group of section.groups) {
    if (group.caption) out.push(`**${group.caption}**`, '');
    const { head, body } = cells(group);
    out.push(`| ${head.map(esc).join(' | ')} |`);
    out.push(`| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
    for (const r of body) out.push(`| ${r.map(esc).join(' | ')} |`);
    out.push('');
  }
  for (const n of section.notes ?? []) out.push(`- ${n}`);
  if (section.notes?.length) out.push('');
  return out.join('\n');
}
