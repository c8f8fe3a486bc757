import { sql } from 'drizzle-orm';
import type { Database, Statement } from '../database.js';

/** A row as the export shows it: column names in camelCase, instants as epoch ms. */
export type ExportRow = Record<string, unknown>;

/**
 * What the service holds about a mediator beyond their profile (for their export), and the
 * statements that anonymise them when they leave.
 */
export function mediatorRecordsRepository(db: Database) {
  return {
    /** Their offers, attendance sheets, settlements, time off, user accounts and the audit of their profile. */
    async exportOf(mediatorId: string) {
      const [offers, attendance, settlements, timeOff, accounts, audit] = await Promise.all([
        db.all<ExportRow>(sql`SELECT id, appointment_id AS appointmentId, round, status, expires_at AS expiresAt, created_at AS createdAt,
            responded_at AS respondedAt FROM offers WHERE mediator_id = ${mediatorId} ORDER BY created_at, id`),
        db.all<ExportRow>(sql`SELECT t.appointment_id AS appointmentId, t.outcome, t.check_in AS checkIn, t.check_out AS checkOut,
            t.recorded_at AS recordedAt FROM attendance t JOIN appointments a ON a.id = t.appointment_id
          WHERE a.mediator_id = ${mediatorId} AND t.party = 'mediator' ORDER BY t.recorded_at`),
        db.all<ExportRow>(sql`SELECT appointment_id AS appointmentId, outcome, actual_minutes AS actualMinutes, billable_minutes AS billableMinutes,
            settled_at AS settledAt FROM settlements WHERE mediator_id = ${mediatorId} ORDER BY settled_at`),
        db.all<ExportRow>(sql`SELECT id, starts_at AS startsAt, ends_at AS endsAt, reason FROM time_off WHERE mediator_id = ${mediatorId} ORDER BY starts_at`),
        db.all<ExportRow>(sql`SELECT id, role, name, email, created_at AS createdAt, revoked_at AS revokedAt FROM users WHERE mediator_id = ${mediatorId} ORDER BY created_at`),
        db.all<ExportRow>(sql`SELECT id, actor_id AS actorId, action, detail, at FROM audit_log WHERE entity = 'mediator' AND entity_id = ${mediatorId} ORDER BY at, id`),
      ]);
      return { offers, attendance, settlements, timeOff, accounts, audit };
    },

    /**
     * Statements that take a leaving mediator's personal data out of everything but their history:
     * their user accounts are revoked and renamed, and sent or failed e-mails lose their address and
     * contact details (a message still pending — the cancellation of their bookings — is sent first).
     */
    anonymiseStatements(mediatorId: string, formerEmail: string, replacement: { name: string; email: string }, now: number): Statement[] {
      return [
        sql`UPDATE users SET name = ${replacement.name}, email = NULL, revoked_at = COALESCE(revoked_at, ${now}) WHERE mediator_id = ${mediatorId}`,
        sql`UPDATE outbox SET to_addresses = replace(to_addresses, ${JSON.stringify(formerEmail)}, ${JSON.stringify(replacement.email)}),
            cc_addresses = replace(cc_addresses, ${JSON.stringify(formerEmail)}, ${JSON.stringify(replacement.email)})
          WHERE status <> 'pending' AND (instr(to_addresses, ${JSON.stringify(formerEmail)}) > 0 OR instr(cc_addresses, ${JSON.stringify(formerEmail)}) > 0)`,
        sql`UPDATE outbox SET payload = json_set(payload, '$.facts.mediatorName', ${replacement.name}, '$.facts.mediatorEmail', ${replacement.email}, '$.facts.mediatorPhone', NULL)
          WHERE status <> 'pending' AND json_extract(payload, '$.facts.mediatorEmail') = ${formerEmail}`,
        // Messages to them (after the address statement above): the greeting's name too.
        sql`UPDATE outbox SET payload = json_set(payload, '$.recipientName', ${replacement.name})
          WHERE status <> 'pending' AND instr(to_addresses, ${JSON.stringify(replacement.email)}) > 0`,
      ];
    },
  };
}

export type MediatorRecordsRepository = ReturnType<typeof mediatorRecordsRepository>;
