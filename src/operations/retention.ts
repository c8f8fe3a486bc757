import type { Ctx } from '../deps.js';
import { retentionCutoff } from '../domain/retention.js';

/** Appointments erased per statement batch, so one round of jobs stays short after a long pause. */
const BATCH = 500;

/**
 * Erases the beneficiary reference and notes of appointments that ended more than the retention
 * period ago (RETENTION_MONTHS), with their copies in queued e-mails and the audit; every other
 * field stays, so reports and timesheets are unchanged. Resolves to how many appointments it erased.
 */
export async function eraseExpiredCaseData(ctx: Ctx, maxBatches = 10): Promise<number> {
  const cutoff = retentionCutoff(ctx.clock.now(), ctx.config.retentionMonths, ctx.config.zone);
  let erased = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await ctx.repos.caseData.eraseEndedBefore(cutoff, BATCH);
    erased += n;
    if (n < BATCH) break;
  }
  return erased;
}
