import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('"First steps with curl" works on any day: its dates are computed in the shell, none written out', () => {
    const section = /## First steps with curl\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    expect(section).toContain('curl');
    expect(section.replace(/# .*$/gm, '')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(section).toContain(`date -d 'next monday 10:00'`);
    expect(section).toContain(`"start":"'"$START"'"`);
  });
});
