/**
 * A self-contained API reference page: it reads /openapi.json and renders every operation with
 * its parameters, body and responses. No CDN, so it works offline and on Workers.
 */
export function docsPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>mediator-booking API</title>
<style>
 body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2530;background:#f6f7f9}
 header{background:#1f4e79;color:#fff;padding:1rem 2rem} header h1{margin:0;font-size:1.4rem}
 main{max-width:1000px;margin:0 auto;padding:1rem 2rem}
 .op{background:#fff;border:1px solid #d8dde3;border-radius:6px;margin:.6rem 0}
 .op summary{cursor:pointer;padding:.5rem .8rem;display:flex;gap:.8rem;align-items:center}
 .m{font:600 12px monospace;padding:.15rem .5rem;border-radius:4px;color:#fff;min-width:3.5rem;text-align:center}
 .get{background:#2b7a3d}.post{background:#1f4e79}.patch{background:#9a6700}.put{background:#6f42c1}.delete{background:#b42318}
 code,pre{font-family:ui-monospace,monospace;font-size:13px} pre{background:#f0f2f5;padding:.6rem;overflow:auto;border-radius:4px}
 .body{padding:0 1rem 1rem} h2{margin-top:2rem;border-bottom:1px solid #d8dde3} .tok{width:28rem}
</style></head>
<body><header><h1>mediator-booking API</h1><div id="desc"></div></header>
<main>
<p>Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>. Machine-readable spec: <a href="/openapi.json">/openapi.json</a>.</p>
<div id="ops">Loading…</div>
</main>
<script>
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (ch) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[ch]));
function resolve(spec, schema) {
  if (schema && schema.$ref) return spec.components.schemas[schema.$ref.split('/').pop()] ?? schema;
  return schema;
}
function example(spec, schema, depth = 0) {
  schema = resolve(spec, schema);
  if (!schema || depth > 5) return null;
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return example(spec, schema.anyOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = example(spec, v, depth + 1);
    return out;
  }
  if (type === 'array') return [example(spec, schema.items, depth + 1)];
  if (type === 'integer' || type === 'number') return schema.minimum ?? 0;
  if (type === 'boolean') return false;
  return schema.format === 'date-time' ? '2026-03-30T09:30:00+02:00' : 'string';
}
fetch('/openapi.json').then((r) => r.json()).then((spec) => {
  document.getElementById('desc').textContent = spec.info.description ?? '';
  const byTag = {};
  for (const [path, item] of Object.entries(spec.paths)) for (const [method, op] of Object.entries(item)) {
    const tag = (op.tags ?? ['other'])[0];
    (byTag[tag] ??= []).push({ path, method, op });
  }
  let html = '';
  for (const [tag, ops] of Object.entries(byTag)) {
    html += '<h2>' + esc(tag) + '</h2>';
    for (const { path, method, op } of ops) {
      const params = (op.parameters ?? []).map((p) => '<li><code>' + esc(p.name) + '</code> (' + esc(p.in) + (p.required ? ', required' : '') + ') ' + esc(p.description ?? '') + '</li>').join('');
      const body = op.requestBody?.content?.['application/json']?.schema;
      const responses = Object.entries(op.responses ?? {}).map(([code, r]) => '<li><b>' + esc(code) + '</b> ' + esc(r.description) + '</li>').join('');
      html += '<details class="op" data-op="' + esc(method.toUpperCase() + ' ' + path) + '"><summary><span class="m ' + esc(method) + '">' + esc(method.toUpperCase()) + '</span><code>' + esc(path) + '</code><span>' + esc(op.summary ?? '') + '</span></summary><div class="body">'
        + (op.description ? '<p>' + esc(op.description) + '</p>' : '')
        + (params ? '<h4>Parameters</h4><ul>' + params + '</ul>' : '')
        + (body ? '<h4>Body</h4><pre>' + esc(JSON.stringify(example(spec, body), null, 2)) + '</pre>' : '')
        + '<h4>Responses</h4><ul>' + responses + '</ul></div></details>';
    }
  }
  document.getElementById('ops').innerHTML = html;
}).catch((e) => { document.getElementById('ops').textContent = 'Could not load /openapi.json: ' + e; });
</script></body></html>`;
}
