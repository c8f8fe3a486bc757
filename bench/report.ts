/** Prints the figures: sections of aligned lines, then the targets with PASS / MISS. */
export interface Target {
  name: string;
  actual: string;
  pass: boolean;
}

export function section(title: string): void {
  console.log(`\n== ${title}`);
}

export function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(48)} ${value}`);
}

export function targets(list: readonly Target[]): void {
  section('Targets (a MISS is reported, never an exit code)');
  for (const t of list) console.log(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.name.padEnd(52)} ${t.actual}`);
}
