/**
 * Who takes each occurrence of a series, from each occurrence's candidates (best first): the same
 * mediator for all when one fits them all, otherwise the fewest changes. Greedy: keep the previous
 * mediator while they fit; at a change, take whoever fits the longest run ahead (the best-ranked on a
 * tie). An occurrence nobody fits is null and does not break a run.
 * e.g. planSeries([['a', 'b'], ['b'], ['a', 'b']]) → ['b', 'b', 'b'].
 */
export function planSeries(candidates: readonly (readonly string[])[]): (string | null)[] {
  const plan: (string | null)[] = [];
  let current: string | null = null;
  candidates.forEach((here, i) => {
    if (here.length === 0) {
      plan.push(null);
      return;
    }
    if (current === null || !here.includes(current)) {
      let best = { id: here[0] as string, run: -1 };
      for (const id of here) {
        const run = runFrom(candidates, i, id);
        if (run > best.run) best = { id, run };
      }
      current = best.id;
    }
    plan.push(current);
  });
  return plan;
}

/** How many occurrences from `i` on `id` takes before one that others fit and they do not. */
function runFrom(candidates: readonly (readonly string[])[], i: number, id: string): number {
  let run = 0;
  for (let k = i; k < candidates.length; k++) {
    const here = candidates[k] as readonly string[];
    if (here.length === 0) continue;
    if (!here.includes(id)) break;
    run++;
  }
  return run;
}

/** How many times the mediator changes between filled occurrences: 0 when one mediator takes them all. */
export function mediatorChanges(mediators: readonly (string | null)[]): number {
  const filled = mediators.filter((m): m is string => m !== null);
  return filled.slice(1).filter((m, i) => m !== filled[i]).length;
}
