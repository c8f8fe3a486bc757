import { escapeHtml, headerSafe, isWebUrl } from './format.js';
import type { Locale, RenderedEmail } from './types.js';

export interface DetailRow {
  label: string;
  value: string;
}

export interface Action {
  label: string;
  url: string;
  tone: 'primary' | 'secondary' | 'danger';
}

/** Everything an e-mail says, as plain strings; the layout alone decides how text and HTML show it. */
export interface EmailContent {
  locale: Locale;
  subject: string;
  banner: string | null;
  heading: string;
  greeting: string;
  paragraphs: string[];
  details: DetailRow[];
  actions: Action[];
  closing: string[];
  footer: string;
}

const COLORS: Record<Action['tone'], string> = { primary: '#15803d', secondary: '#1d4ed8', danger: '#b91c1c' };
const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2937;';

/** Plain text and HTML from one content model, so both always say the same thing. */
export function renderContent(content: EmailContent): RenderedEmail {
  return { subject: headerSafe(content.subject), text: renderText(content), html: renderHtml(content) };
}

function renderText(c: EmailContent): string {
  const lines: string[] = [];
  if (c.banner) lines.push(`*** ${c.banner} ***`, '');
  lines.push(c.heading, '='.repeat(Math.min(c.heading.length, 72)), '', c.greeting, '');
  for (const p of c.paragraphs) lines.push(p, '');
  for (const row of c.details) lines.push(`${row.label}: ${row.value.replace(/\r?\n/g, '\n  ')}`);
  if (c.details.length > 0) lines.push('');
  for (const a of c.actions) lines.push(`${a.label}: ${a.url}`);
  if (c.actions.length > 0) lines.push('');
  for (const p of c.closing) lines.push(p, '');
  lines.push('-- ', c.footer, '');
  return lines.join('\n');
}

function paragraph(text: string): string {
  return `<p style="margin:0 0 16px;">${multiline(text)}</p>`;
}

function multiline(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

function detailRow(row: DetailRow): string {
  return (
    `<tr><td style="padding:0 0 12px;">` +
    `<div style="font-size:13px;color:#6b7280;">${escapeHtml(row.label)}</div>` +
    `<div style="word-break:break-word;">${multiline(row.value)}</div></td></tr>`
  );
}

function button(action: Action): string {
  if (!isWebUrl(action.url)) return paragraph(`${action.label}: ${action.url}`);
  return (
    `<a href="${escapeHtml(action.url)}" style="display:inline-block;margin:0 8px 12px 0;padding:12px 24px;` +
    `border-radius:6px;background:${COLORS[action.tone]};color:#ffffff;text-decoration:none;font-weight:bold;">` +
    `${escapeHtml(action.label)}</a>`
  );
}

function renderHtml(c: EmailContent): string {
  const banner = c.banner
    ? `<div style="display:inline-block;margin:0 0 12px;padding:4px 10px;border-radius:4px;background:#b91c1c;color:#ffffff;font-weight:bold;letter-spacing:1px;">${escapeHtml(c.banner)}</div>`
    : '';
  const details = c.details.length
    ? `<table role="presentation" style="width:100%;border-collapse:collapse;margin:0 0 8px;">${c.details.map(detailRow).join('')}</table>`
    : '';
  const actions = c.actions.length ? `<div style="margin:8px 0 8px;">${c.actions.map(button).join('')}</div>` : '';
  return [
    '<!DOCTYPE html>',
    `<html lang="${c.locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(headerSafe(c.subject))}</title></head>`,
    '<body style="margin:0;padding:0;background:#f3f4f6;">',
    `<div style="max-width:600px;margin:0 auto;padding:16px;${FONT}">`,
    '<div style="background:#ffffff;border-radius:8px;padding:20px;">',
    banner,
    `<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;">${escapeHtml(c.heading)}</h1>`,
    paragraph(c.greeting),
    ...c.paragraphs.map(paragraph),
    details,
    actions,
    ...c.closing.map(paragraph),
    '</div>',
    `<p style="margin:12px 0 0;font-size:12px;color:#6b7280;">${escapeHtml(c.footer)}</p>`,
    '</div>',
    '</body>',
    '</html>\n',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
