import { type SQL, sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';
import type { AuditRow } from './audit.js';
import type { ExclusionRow } from './exclusions.js';

/**
 * Case data is what a service wrote about a beneficiary: the pseudonymous reference and the free-text
 * notes of its appointments (with the cancellation reason and the desk's attendance comment), and the
 * exclusions of one case. Some of it is copied into the facts of queued e-mails and into the audit of
 * an edit, so erasing it scrubs those copies in the same batch.
 * Everything else (times, language, area, mediator, attendance) stays: the statistics need it.
 */
export function caseDataRepository(db: Database) {
  /**
   * The statements that erase the case data of the appointments `ids` selects (a subquery over
   * `appointments`); the copies first, since the selection reads the data the last statement erases.
   */
  const eraseStatements = (ids: SQL): Statement[] => [
    sql`UPDATE outbox SET payload = json_set(payload, '$.facts.beneficiaryRef', NULL, '$.facts.notes', NULL, '$.facts.cancelReason', NULL)
      WHERE appointment_id IN (${ids}) AND json_type(payload, '$.facts') = 'object'`,
    sql`UPDATE audit_log SET detail = json_remove(detail, '$.notes', '$.reason')
      WHERE entity = 'appointment' AND entity_id IN (${ids}) AND (json_type(detail, '$.notes') IS NOT NULL OR json_type(detail, '$.reason') IS NOT NULL)`,
    // The desk's comment on the attendance sheet and a cancellation's reason are free text about the case too.
    sql`UPDATE attendance SET comment = NULL WHERE appointment_id IN (${ids}) AND comment IS NOT NULL`,
    sql`UPDATE appointments SET beneficiary_ref = NULL, notes = NULL, cancel_reason = NULL WHERE id IN (${ids})`,
  ];

  const ofBeneficiary = (serviceId: string, ref: string) =>
    sql`SELECT id FROM appointments WHERE service_id = ${serviceId} AND beneficiary_ref = ${ref}`;

  return {
    /**
     * Erases the case data of up to `limit` appointments that ended before `cutoff`, oldest first;
     * resolves to how many appointments were erased (a full `limit` means more are waiting).
     */
    async eraseEndedBefore(cutoff: number, limit: number): Promise<number> {
      const ids = sql`SELECT id FROM appointments INDEXED BY appointments_case_data_idx
        WHERE ends_at < ${cutoff} AND (beneficiary_ref IS NOT NULL OR notes IS NOT NULL) ORDER BY ends_at LIMIT ${limit}`;
      const [count] = await db.all<{ n: number }>(sql`SELECT COUNT(*) AS n FROM (${ids})`);
      if (!count?.n) return 0;
      await db.batch(eraseStatements(ids));
      return count.n;
    },

    /** What a service holds about one beneficiary besides its appointments: the case's exclusions, and the appointments' audit. */
    async exclusionsAndAudit(serviceId: string, ref: string): Promise<{ exclusions: ExclusionRow[]; audit: AuditRow[] }> {
      const [exclusions, audit] = await Promise.all([
        db.all<ExclusionRow>(sql`SELECT id, service_id AS serviceId, mediator_id AS mediatorId, beneficiary_ref AS beneficiaryRef, reason,
            created_by AS createdBy, created_at AS createdAt
          FROM exclusions WHERE service_id = ${serviceId} AND beneficiary_ref = ${ref} ORDER BY id`),
        db.all<AuditRow>(sql`SELECT id, actor_id AS actorId, action, entity, entity_id AS entityId, detail, at FROM audit_log
          WHERE entity = 'appointment' AND entity_id IN (${ofBeneficiary(serviceId, ref)}) ORDER BY at, id`),
      ]);
      return { exclusions, audit };
    },

    /**
     * Statements erasing one beneficiary of a service: the reference and notes of its appointments
     * (and their copies) are removed and the case's exclusions deleted — a case exclusion without its
     * reference would become one for the whole service.
     */
    eraseBeneficiaryStatements(serviceId: string, ref: string): Statement[] {
      return [
        ...eraseStatements(ofBeneficiary(serviceId, ref)),
        sql`DELETE FROM exclusions WHERE service_id = ${serviceId} AND beneficiary_ref = ${ref}`,
      ];
    },
  };
}

export type CaseDataRepository = ReturnType<typeof caseDataRepository>;
